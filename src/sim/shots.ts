/**
 * Finite-shot estimates of expectation values, as a device with `shots` repetitions would
 * report them: outcomes are sampled in the observable's eigenbasis (seeded) and the
 * estimate is Σ_k λ_k · count_k / shots. Not differentiable (sampling), for evaluation.
 */
import * as tf from '@tensorflow/tfjs';
import { applyMatrix } from './apply_matrix';
import { Complex } from './complex';
import { probabilities } from './measurements';
import { State, checkWires } from './state';
import { eigh } from '../linalg/eigh';
import { Rng } from '../util/rng';
import { tidy } from '../util/tidy';

/**
 * @param h observable on `wires`, complex `(2^k, 2^k)` (Hermitian; PauliZ is diag(1, −1)).
 * @param shots repetitions per state (positive integer).
 * @returns `[batch]` estimates (plain numbers).
 */
export function expvalShots(state: State, h: Complex, wires: number[], shots: number, rng: Rng): Float64Array {
  checkWires(wires, state.nWires);
  if (!Number.isInteger(shots) || shots < 1) {
    throw new Error(`expvalShots: shots must be a positive integer, received ${shots}`);
  }
  const re = h.re.arraySync() as number[][];
  const im = h.im.arraySync() as number[][];
  const { values, vectorsRe, vectorsIm } = eigh(re, im);
  const d = values.length;
  // Rows of V† are the conjugated eigenvectors: (V†)[k][i] = conj(v_k[i]).
  const p = tidy(() => {
    const vdag: Complex = { re: tf.tensor2d(vectorsRe), im: tf.neg(tf.tensor2d(vectorsIm)) };
    return probabilities(applyMatrix(state, vdag, wires), wires).arraySync();
  });
  const out = new Float64Array(p.length);
  for (let b = 0; b < p.length; b++) {
    const cdf = new Float64Array(d);
    let acc = 0;
    for (let k = 0; k < d; k++) cdf[k] = acc += Math.max(0, p[b][k]);
    let sum = 0;
    for (let s = 0; s < shots; s++) {
      const u = rng.uniform() * acc;
      let k = 0;
      while (k < d - 1 && u >= cdf[k]) k++;
      sum += values[k];
    }
    out[b] = sum / shots;
  }
  return out;
}
