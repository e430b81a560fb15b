/**
 * One Hermitian observable per group of k adjacent wires: group g acts on wires
 * [g·k, …, g·k + k − 1] (first listed = most significant bit of H's index), as in the quantum
 * LeNet with multi-qubit observables. Differentiable to any order (reshapes and matrix products).
 */
import * as tf from '@tensorflow/tfjs';
import { Complex } from './complex';
import { expvalHermitian } from './measurements';
import { State } from './state';
import { tidy } from '../util/tidy';
import { unstack } from '../util/slices';

/** The wires of each group: `[[0..k−1], [k..2k−1], …]` for n wires (k must divide n). */
export function groupWires(nWires: number, k: number): number[][] {
  if (!Number.isInteger(k) || k < 1 || nWires % k !== 0) {
    throw new Error(`hermitian groups: expected a group size k dividing ${nWires} wires, received ${k}`);
  }
  return Array.from({ length: nWires / k }, (_, g) => Array.from({ length: k }, (_, i) => g * k + i));
}

/** Checks k (dividing n) and the Hermitians' shape `(n/k, 2^k, 2^k)`; returns the groups' wires. */
export function checkHermitianGroups(nWires: number, h: Complex, k: number): number[][] {
  const groups = groupWires(nWires, k);
  const d = 2 ** k;
  if (h.re.rank !== 3 || h.re.shape[0] !== groups.length || h.re.shape[1] !== d || h.re.shape[2] !== d) {
    throw new Error(
      `expvalHermitianGroups: expected ${groups.length} Hermitians of shape (${groups.length}, ${d}, ${d}), ` +
        `received [${h.re.shape}]`,
    );
  }
  return groups;
}

/**
 * ⟨H_g⟩ for every state and group, `[batch, n/k]`.
 * @param h complex `(n/k, 2^k, 2^k)` Hermitians (e.g. `hermitianFromParams(A)`, A `(n/k, 2^k, 2^k, 2)`).
 */
export function expvalHermitianGroups(state: State, h: Complex, k: number): tf.Tensor2D {
  const groups = checkHermitianGroups(state.nWires, h, k);
  return tidy(() => {
    const re = unstack(h.re, 0), im = unstack(h.im, 0);
    const cols = groups.map((wires, g) => expvalHermitian(state, { re: re[g], im: im[g] }, wires));
    // One group: a reshape (the second derivative of a one-input stack fails in TF.js).
    return (cols.length === 1 ? tf.reshape(cols[0], [-1, 1]) : tf.stack(cols, 1)) as tf.Tensor2D;
  });
}

/**
 * Hardware cost of measuring one k-qubit Hermitian: it is a sum of `4^k` Pauli strings
 * (identity included), which qubit-wise-commuting grouping measures in `3^k` settings
 * (each qubit read in the X, Y or Z basis).
 */
export function pauliCost(k: number): { pauliTerms: number; measurementSettings: number } {
  return { pauliTerms: 4 ** k, measurementSettings: 3 ** k };
}
