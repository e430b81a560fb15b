/**
 * Batched state vectors.
 *
 * A `State` holds `batch` pure states of `nWires` qubits as real and imaginary float32
 * tensors of shape `[batch, 2^nWires]`. Convention (PennyLane): wire 0 is the most
 * significant bit of the amplitude index, so amplitude `j` has wire `w` in state
 * `(j >> (nWires - 1 - w)) & 1`.
 */
import * as tf from '@tensorflow/tfjs';
import { tidy } from '../util/tidy';

export interface State {
  re: tf.Tensor2D;
  im: tf.Tensor2D;
  nWires: number;
}

/** The largest register the simulator accepts (2^20 amplitudes per state). */
export const MAX_WIRES = 20;

/** Throws unless `n` is an integer in [1, MAX_WIRES]. */
export function checkWireCount(n: number, what = 'nWires'): void {
  if (!Number.isInteger(n) || n < 1 || n > MAX_WIRES) {
    throw new Error(`${what}: expected an integer from 1 to ${MAX_WIRES}, received ${n}`);
  }
}

/** Throws unless every wire is an integer in [0, nWires) and no wire repeats. */
export function checkWires(wires: readonly number[], nWires: number, what = 'wires'): void {
  if (wires.length === 0) throw new Error(`${what}: expected at least one wire, received []`);
  const seen = new Set<number>();
  for (const w of wires) {
    if (!Number.isInteger(w) || w < 0 || w >= nWires) {
      throw new Error(`${what}: expected integers in [0, ${nWires - 1}], received [${wires.join(', ')}]`);
    }
    if (seen.has(w)) throw new Error(`${what}: wires must be distinct, received [${wires.join(', ')}]`);
    seen.add(w);
  }
}

/** `batch` copies of |0…0⟩. */
export function zeroState(batch: number, nWires: number): State {
  checkWireCount(nWires);
  const dim = 2 ** nWires;
  return tidy(() => {
    const re = tf.concat([tf.ones([batch, 1]), tf.zeros([batch, dim - 1])], 1) as tf.Tensor2D;
    return { re, im: tf.zeros([batch, dim]) as tf.Tensor2D, nWires };
  });
}

/** Wraps real and imaginary amplitudes `[batch, 2^n]` as a State (checks the shapes). */
export function makeState(re: tf.Tensor2D, im: tf.Tensor2D): State {
  const dim = re.shape[1];
  const n = Math.round(Math.log2(dim));
  if (re.rank !== 2 || 2 ** n !== dim || im.shape[0] !== re.shape[0] || im.shape[1] !== dim) {
    throw new Error(`State: expected re and im of equal shape [batch, 2^n], received [${re.shape}] and [${im.shape}]`);
  }
  return { re, im, nWires: n };
}

/** Squared norm of every state, `[batch]`. */
export function norms2(state: State): tf.Tensor1D {
  return tidy(() => tf.sum(tf.add(tf.square(state.re), tf.square(state.im)), 1) as tf.Tensor1D);
}

/** Frees the state's tensors. */
export function disposeState(state: State): void {
  state.re.dispose();
  state.im.dispose();
}
