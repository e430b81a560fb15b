/**
 * Fully connected layer and flattening.
 *
 * `dense` uses `matMul` from `linalg/matmul.ts`, whose gradient is made of plain matrix
 * products of the same function (differentiable to any order, and faster on wasm than
 * TF.js's transposed products).
 */
import * as tf from '@tensorflow/tfjs';
import { matMul } from '../linalg/matmul';
import { tidy } from '../util/tidy';

/**
 * x·w (+ b).
 * @param x `[N, in]` @param w `[in, out]` @param b optional bias `[out]`
 * @returns `[N, out]`
 * @throws Error on wrong ranks or mismatched sizes.
 */
export function dense(x: tf.Tensor2D, w: tf.Tensor2D, b?: tf.Tensor1D): tf.Tensor2D {
  if (x.rank !== 2) throw new Error(`dense: expected x of rank 2 [N, in], received shape [${x.shape}]`);
  if (w.rank !== 2 || w.shape[0] !== x.shape[1]) {
    throw new Error(`dense: expected w [${x.shape[1]}, out] for x [${x.shape}], received w [${w.shape}]`);
  }
  if (b !== undefined && (b.rank !== 1 || b.shape[0] !== w.shape[1])) {
    throw new Error(`dense: expected bias [${w.shape[1]}], received [${b.shape}]`);
  }
  return tidy(() => (b === undefined ? (matMul(x, w) as tf.Tensor2D) : tf.add(matMul(x, w) as tf.Tensor2D, b)));
}

/**
 * `[N, H, W, C]` → `[N, H·W·C]` (row-major NHWC order: c fastest, then w, then h).
 * Note: PyTorch flattens NCHW (w fastest, then h, then c); weights ported from PyTorch
 * would need a permutation of their input rows.
 */
export function flatten(x: tf.Tensor4D): tf.Tensor2D {
  if (x.rank !== 4) throw new Error(`flatten: expected x of rank 4 [N, H, W, C], received shape [${x.shape}]`);
  const [n, h, w, c] = x.shape;
  return tf.reshape(x, [n, h * w * c]);
}
