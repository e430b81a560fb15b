/**
 * `unstack` and `split` built from single-output slices.
 *
 * TF.js's own multi-output `unstack`/`split` have broken gradients when an output is unused
 * (the gradient receives a null) or when there is only one output (it receives a tensor
 * where it expects an array). Slices have neither problem and are differentiable to any order.
 */
import * as tf from '@tensorflow/tfjs';

/** Pieces of `x` along `axis` (that axis removed), like `tf.unstack`. */
export function unstack(x: tf.Tensor, axis = 0): tf.Tensor[] {
  const a = axis < 0 ? x.rank + axis : axis;
  const size = x.shape.slice();
  size[a] = 1;
  return Array.from({ length: x.shape[a] }, (_, i) => {
    const begin = x.shape.map((_, d) => (d === a ? i : 0));
    return tf.squeeze(tf.slice(x, begin, size), [a]);
  });
}

/** `parts` equal pieces of `x` along `axis` (axis kept), like `tf.split(x, parts, axis)`. */
export function split(x: tf.Tensor, parts: number, axis = 0): tf.Tensor[] {
  const a = axis < 0 ? x.rank + axis : axis;
  const len = x.shape[a] / parts;
  if (!Number.isInteger(len)) {
    throw new Error(`split: axis ${a} of size ${x.shape[a]} does not divide into ${parts} parts`);
  }
  const size = x.shape.slice();
  size[a] = len;
  return Array.from({ length: parts }, (_, i) => tf.slice(x, x.shape.map((_, d) => (d === a ? i * len : 0)), size));
}
