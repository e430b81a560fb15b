/**
 * Applies a k-qubit matrix to chosen wires of a batched state: the workhorse of the
 * gate-by-gate path (gates, templates applied step by step, Hermitian observables).
 */
import * as tf from '@tensorflow/tfjs';
import { tidy } from '../util/tidy';
import { split, unstack } from '../util/slices';
import { Complex } from './complex';
import { State, checkWires } from './state';
import { matMul, transposeLast } from '../linalg/matmul';
import { permuteAxes } from './permute';

/**
 * Returns `(M on wires) ⊗ I (elsewhere)` applied to every state of the batch.
 *
 * @param state `[batch, 2^n]` re/im.
 * @param m `(2^k, 2^k)` complex, the same for every state; or `(batch, 2^k, 2^k)`, one per state.
 *   Matrix index convention: the first listed wire is the most significant bit.
 * @param wires the k distinct target wires, in the order the matrix refers to them.
 * The matrix need not be unitary (Hermitian observables use this too).
 */
export function applyMatrix(state: State, m: Complex, wires: readonly number[]): State {
  const n = state.nWires;
  checkWires(wires, n);
  const k = wires.length;
  const d = 2 ** k;
  const batch = state.re.shape[0];
  const batched = m.re.rank === 3;
  const expected = batched ? `[${batch}, ${d}, ${d}]` : `[${d}, ${d}]`;
  if (m.re.shape.join() !== (batched ? [batch, d, d] : [d, d]).join() || m.im.shape.join() !== m.re.shape.join()) {
    throw new Error(
      `applyMatrix: expected a matrix of shape ${expected} ` +
        `for wires [${wires}], received re [${m.re.shape}], im [${m.im.shape}]`,
    );
  }
  return tidy(() => {
    const rest = Array.from({ length: n }, (_, w) => w).filter((w) => !wires.includes(w));
    const perm = [0, ...rest.map((w) => w + 1), ...wires.map((w) => w + 1)];
    const inverse = perm.map((_, i) => perm.indexOf(i));
    const qubitAxes = [batch, ...Array(n).fill(2)];
    const toRows = (x: tf.Tensor) => tf.reshape(permuteAxes(x, qubitAxes, perm), [batch, -1, d]);
    // Block form of the complex product: [xr | xi] @ [[Mrᵀ, Miᵀ], [−Miᵀ, Mrᵀ]] = [yr | yi].
    const x = tf.concat([toRows(state.re), toRows(state.im)], 2);
    const mrT = transposeLast(m.re);
    const miT = transposeLast(m.im);
    const block = tf.concat([tf.concat([mrT, miT], -1), tf.concat([tf.neg(miT), mrT], -1)], -2);
    const y = matMul(x, block);
    const rowAxes = [batch, ...rest.map(() => 2), ...wires.map(() => 2)];
    const fromRows = (t: tf.Tensor) => tf.reshape(permuteAxes(t, rowAxes, inverse), [batch, -1]) as tf.Tensor2D;
    const [yr, yi] = split(y, 2, 2);
    return { re: fromRows(yr), im: fromRows(yi), nWires: n };
  });
}

/**
 * Applies a full-register matrix `U` (`[2^n, 2^n]`, the same for all states): ψ ↦ U ψ,
 * as one real matrix product `[ψr | ψi] @ [[Urᵀ, Uiᵀ], [−Uiᵀ, Urᵀ]]`.
 */
export function applyUnitary(state: State, u: Complex): State {
  const dim = state.re.shape[1];
  if (u.re.shape.join() !== `${dim},${dim}` || u.im.shape.join() !== `${dim},${dim}`) {
    throw new Error(
      `applyUnitary: expected a [${dim}, ${dim}] matrix, received re [${u.re.shape}], im [${u.im.shape}]`,
    );
  }
  return tidy(() => {
    const urT = tf.transpose(u.re);
    const uiT = tf.transpose(u.im);
    const block = tf.concat([tf.concat([urT, uiT], 1), tf.concat([tf.neg(uiT), urT], 1)], 0);
    const y = matMul(tf.concat([state.re, state.im], 1), block);
    const [re, im] = split(y, 2, 1) as tf.Tensor2D[];
    return { re, im, nWires: state.nWires };
  });
}
