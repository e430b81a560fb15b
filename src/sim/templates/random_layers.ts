/**
 * RandomLayers (PennyLane semantics, seeded here): in each of `nLayers` layers, gates are drawn
 * until `nRotations` rotations are placed — with probability `ratioImprimitive` a CNOT on a random
 * ordered pair of distinct wires (uses no angle), otherwise RX, RY or RZ (uniformly) on a random
 * wire with the next angle, drawn uniformly from [0, 2π). The circuit is fixed by the seed; it is
 * the random circuit of the quanvolution demo (Henderson et al. 2019).
 */
import * as tf from '@tensorflow/tfjs';
import { Complex } from '../complex';
import { cnot, rx, ry, rz } from '../operations';
import { State, checkWireCount } from '../state';
import { Rng } from '../../util/rng';
import { tidy } from '../../util/tidy';

export type RandomGate =
  { gate: 'RX' | 'RY' | 'RZ'; wire: number; angle: number } | { gate: 'CNOT'; wires: [number, number] };

export interface RandomLayersOptions {
  /** Rotations per layer (default: one per wire). */
  nRotations?: number;
  /** Probability of a CNOT at each draw (default 0.3, as in PennyLane). */
  ratioImprimitive?: number;
}

/** The gate list of a seeded random circuit on `nWires` wires. */
export function randomLayersGates(
  nWires: number,
  nLayers: number,
  seed: number,
  o: RandomLayersOptions = {},
): RandomGate[] {
  checkWireCount(nWires);
  if (!Number.isInteger(nLayers) || nLayers < 1) {
    throw new Error(`RandomLayers: nLayers: expected a positive integer, received ${nLayers}`);
  }
  const nRot = o.nRotations ?? nWires,
    ratio = o.ratioImprimitive ?? 0.3;
  if (!(ratio >= 0 && ratio < 1)) {
    throw new Error(`RandomLayers: ratioImprimitive: expected a number in [0, 1), received ${ratio}`);
  }
  const rng = new Rng(seed);
  const gates: RandomGate[] = [];
  for (let l = 0; l < nLayers; l++) {
    let placed = 0;
    while (placed < nRot) {
      if (nWires > 1 && rng.uniform() < ratio) {
        const a = rng.int(nWires);
        const b = (a + 1 + rng.int(nWires - 1)) % nWires;
        gates.push({ gate: 'CNOT', wires: [a, b] });
      } else {
        const gate = (['RX', 'RY', 'RZ'] as const)[rng.int(3)];
        gates.push({ gate, wire: rng.int(nWires), angle: 2 * Math.PI * rng.uniform() });
        placed++;
      }
    }
  }
  return gates;
}

/** Applies a gate list to a batched state, gate by gate. */
export function applyRandomGates(state: State, gates: RandomGate[]): State {
  return tidy(() => {
    let s = state;
    for (const g of gates) {
      if (g.gate === 'CNOT') s = cnot(s, g.wires);
      else s = (g.gate === 'RX' ? rx : g.gate === 'RY' ? ry : rz)(s, g.angle, g.wire);
    }
    return s;
  });
}

/** The circuit's unitary `(2^n, 2^n)` complex: column j is the circuit applied to |j⟩. */
export function randomLayersUnitary(nWires: number, gates: RandomGate[]): Complex {
  return tidy(() => {
    const dim = 2 ** nWires;
    const basis: State = { re: tf.eye(dim) as tf.Tensor2D, im: tf.zeros([dim, dim]) as tf.Tensor2D, nWires };
    const out = applyRandomGates(basis, gates); // row j = U|j⟩
    return { re: tf.transpose(out.re), im: tf.transpose(out.im) };
  });
}
