/**
 * StronglyEntanglingLayers (PennyLane semantics).
 *
 * weights: `(L, n, 3)`, `weights[l, i] = (φ, θ, ω)`. Layer l applies Rot(φ, θ, ω) =
 * RZ(ω) RY(θ) RZ(φ) on every wire i, then `imprimitive(i, (i + r_l) mod n)` for
 * i = 0 … n−1 in order, with default ranges r_l = (l mod (n − 1)) + 1 (no entangler when n = 1).
 *
 * Two implementations of the same map:
 * - `unitary(weights)`: the whole `2^n × 2^n` unitary, built per layer as
 *   K_l = D(ω) · (⊗_i RY(θ_i)) · D(φ) (D diagonal phases, one real Kronecker chain) times the
 *   constant entangler matrix, then chained. Apply it to a whole batch with one matrix product.
 * - `applyGates(state, weights)`: gate by gate (the reference, the path for n > 10 and for
 *   single circuits, where building a 2^n × 2^n unitary costs far more than applying 2·L·n gates).
 */
import * as tf from '@tensorflow/tfjs';
import { tidy } from '../../util/tidy';
import { split, unstack } from '../../util/slices';
import { applyUnitary } from '../apply_matrix';
import { Complex } from '../complex';
import { selColumns } from './sel_compose';
import { cnot, cz, rot } from '../operations';
import { State, checkWireCount } from '../state';
import { Imprimitive } from '../tables';

export interface SELOptions {
  /** Range r_l per layer, 1 ≤ r_l < n; default (l mod (n − 1)) + 1. */
  ranges?: number[];
  /** Entangling gate, default 'CNOT'. */
  imprimitive?: Imprimitive;
}

/** Largest register for which `stronglyEntanglingLayers` composes the full unitary. */
export const MAX_COMPOSED_WIRES = 10;

/** Weight shape `(L, n, 3)`. */
export function shape(nLayers: number, nWires: number): [number, number, number] {
  if (!Number.isInteger(nLayers) || nLayers < 1) {
    throw new Error(`StronglyEntanglingLayers.shape: nLayers must be a positive integer, received ${nLayers}`);
  }
  checkWireCount(nWires);
  return [nLayers, nWires, 3];
}

/** PennyLane's default ranges r_l = (l mod (n − 1)) + 1, or zeros for one wire. */
export function defaultRanges(nLayers: number, nWires: number): number[] {
  return Array.from({ length: nLayers }, (_, l) => (nWires > 1 ? (l % (nWires - 1)) + 1 : 0));
}

type Resolved = { L: number; n: number; ranges: number[]; imp: Imprimitive };

/** Checks weights `(L, n, 3)` (or `(batch, L, n, 3)` where `perStateAllowed`) and the options. */
function resolve(weights: tf.Tensor, options: SELOptions, perStateAllowed = false): Resolved {
  const rank = perStateAllowed && weights.rank === 4 ? 4 : 3;
  if (weights.rank !== rank || weights.shape[rank - 1] !== 3) {
    const expected = perStateAllowed ? '(L, n, 3) or (batch, L, n, 3)' : '(L, n, 3)';
    throw new Error(`StronglyEntanglingLayers: expected weights of shape ${expected}, received [${weights.shape}]`);
  }
  const [L, n] = weights.shape.slice(rank - 3);
  checkWireCount(n, 'StronglyEntanglingLayers wires');
  const ranges = options.ranges ?? defaultRanges(L, n);
  if (ranges.length !== L) {
    throw new Error(`StronglyEntanglingLayers: expected ${L} ranges (one per layer), received ${ranges.length}`);
  }
  for (const r of ranges) {
    if (n > 1 && !(Number.isInteger(r) && r >= 1 && r < n)) {
      throw new Error(
        `StronglyEntanglingLayers: ranges must be integers in [1, ${n - 1}], received [${ranges.join(', ')}]`,
      );
    }
  }
  const imp = options.imprimitive ?? 'CNOT';
  if (imp !== 'CNOT' && imp !== 'CZ') {
    throw new Error(`StronglyEntanglingLayers: imprimitive must be 'CNOT' or 'CZ', received '${imp}'`);
  }
  return { L, n, ranges, imp };
}

/** The circuit's unitary, `(2^n, 2^n)` complex, differentiable to any order in the weights. */
export function unitary(weights: tf.Tensor3D, options: SELOptions = {}): Complex {
  const { ranges, imp } = resolve(weights, options);
  return tidy(() => {
    const [re, im] = split(selColumns(weights, ranges, imp), 2, 0);
    return { re, im };
  });
}

/**
 * `[2m, 2^n]` real: `[(M U)_re ; (M U)_im]`, the unitary multiplied on the left by a constant
 * complex `[m, 2^n]` matrix M given in real block form `[[Mr, −Mi], [Mi, Mr]]` (`[2m, 2^{n+1}]`);
 * without `left`, M = I and the result is `[U_re ; U_im]`.
 */
export function leftMultipliedUnitary(
  weights: tf.Tensor3D,
  left: tf.Tensor2D | undefined,
  options: SELOptions = {},
): tf.Tensor2D {
  const { ranges, imp } = resolve(weights, options);
  return selColumns(weights, ranges, imp, left);
}

/**
 * Gate-by-gate application (the reference; the path for n > 10 and for single circuits).
 * weights: `(L, n, 3)`, shared by the batch, or `(batch, L, n, 3)`, one set per state (each
 * state then has its own gradient: one taped pass gives a whole Jacobian).
 * Cost: 2·L·n small kernels-worth of gates, each O(batch · 2^n), against the composed path's
 * O(L · 8^n) to build the unitary: gates win for small batches and many wires.
 */
export function applyGates(state: State, weights: tf.Tensor3D | tf.Tensor4D, options: SELOptions = {}): State {
  const perState = weights.rank === 4;
  const { L, n, ranges, imp } = resolve(weights, options, true);
  if (n !== state.nWires) {
    throw new Error(`StronglyEntanglingLayers: weights are for ${n} wires, the state has ${state.nWires}`);
  }
  const batch = state.re.shape[0];
  if (perState && weights.shape[0] !== batch) {
    throw new Error(
      `StronglyEntanglingLayers: expected per-state weights for ${batch} states, received [${weights.shape}]`,
    );
  }
  return tidy(() => {
    // One angle per gate parameter: a scalar (shared) or a [batch] tensor (per state).
    const w = perState
      ? unstack(tf.reshape(weights, [batch, L * n * 3]), 1)
      : unstack(tf.reshape(weights, [L * n * 3]));
    let s = state;
    for (let l = 0; l < L; l++) {
      for (let i = 0; i < n; i++) {
        const o = (l * n + i) * 3;
        s = rot(s, w[o], w[o + 1], w[o + 2], i);
      }
      if (n > 1) for (let i = 0; i < n; i++) s = (imp === 'CNOT' ? cnot : cz)(s, [i, (i + ranges[l]) % n]);
    }
    return s;
  });
}

/**
 * Applies the layers to a batched state: one composed unitary and one matrix product for
 * n ≤ MAX_COMPOSED_WIRES, gate by gate above that.
 */
export function stronglyEntanglingLayers(state: State, weights: tf.Tensor3D, options: SELOptions = {}): State {
  const n = weights.shape[1];
  if (n !== state.nWires) {
    throw new Error(`StronglyEntanglingLayers: weights are for ${n} wires, the state has ${state.nWires}`);
  }
  if (n > MAX_COMPOSED_WIRES) return applyGates(state, weights, options);
  return tidy(() => applyUnitary(state, unitary(weights, options)));
}
