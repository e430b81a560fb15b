/**
 * 2×2, stride-2 max and average pooling, NHWC: x `[N, H, W, C]` (H and W even) →
 * `[N, H/2, W/2, C]`, differentiable to any order on every backend.
 *
 * TF.js's own pooling gradients (`MaxPoolGrad`, `AvgPoolGrad`) have no gradient, and on
 * wasm (tfjs-backend-wasm 4.22) `MaxPoolGrad` is wrong: a window whose values are all
 * negative gets no gradient at all (`MaxPoolWithArgmax` has the same fault: it returns
 * index 0 there), and it is slow (≈ 130 ms for a [1024, 28, 28, 6] input, twice our pool).
 * Here each pool is a registered kernel
 * (`kernel.ts`) whose forward is the backend's own `MaxPool`/`AvgPool` (correct and fast
 * everywhere) and whose gradient is written with ordinary differentiable ops:
 * - average: dx = dy spread over each window, ÷ 4 (a broadcast product; linear in dy);
 * - max: dx = dy routed to each window's maximum. The routing mask is constant in x
 *   (`detached`), so the second derivative in x is zero, as it should be away from ties;
 *   the gradient is linear in dy, which gives the mixed second derivatives. Ties go to the
 *   first maximum in row-major order, like the cpu backend's built-in gradient: pairs along
 *   the width first (t1 = [right > left]), then along the height (t2 = [lower > upper]).
 *
 * The built-in pooling with its own gradient is both slower on wasm and wrong there (above).
 * `avgPool2x2Fast` is the same op as `avgPool2x2`; `maxPool2x2Fast` has the same forward and a
 * one-pass first-order gradient with the same bits (`max_pool_grad.ts`).
 */
import * as tf from '@tensorflow/tfjs';
import { delegatingOp, detached } from './kernel';
import { maxPoolGradFast } from './max_pool_grad';

function check(name: string, x: tf.Tensor): void {
  if (x.rank !== 4) throw new Error(`${name}: expected x of rank 4 [N, H, W, C], received shape [${x.shape}]`);
  const [, h, w] = x.shape as number[];
  if (h % 2 !== 0 || w % 2 !== 0) {
    throw new Error(`${name}: expected even height and width, received H = ${h}, W = ${w} (shape [${x.shape}])`);
  }
}

const pool2x2 = { filterSize: [2, 2], strides: [2, 2], pad: 'valid', dimRoundingMode: undefined };

/** `[k, 2, c]`: `g` `[k, c]` at position 0 where `t` = 0, at position 1 where `t` = 1. */
function route(g: tf.Tensor, t: tf.Tensor, k: number, c: number): tf.Tensor {
  const gt = tf.mul(g, t);
  const first = tf.tensor3d([1, 0], [1, 2, 1]), diff = tf.tensor3d([-1, 1], [1, 2, 1]);
  return tf.add(tf.mul(tf.reshape(g, [k, 1, c]), first), tf.mul(tf.reshape(gt, [k, 1, c]), diff));
}

/** [b > a] for the pairs (a, b) along axis 1 of `v` viewed as `[k, 2, c]`, as 0/1 floats `[k, c]`. */
function secondWins(v: tf.Tensor, k: number, c: number): tf.Tensor {
  return tf.step(tf.sum(tf.mul(tf.reshape(v, [k, 2, c]), tf.tensor3d([-1, 1], [1, 2, 1])), 1));
}

/** The max-pool gradient: dy `[N, H/2, W/2, C]` routed to the first maximum of each window of x. */
function maxPoolBackward(x: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  const k = (n * h * w) / 2, m = (n * h) / 2, l = (w / 2) * c;
  const t1 = detached((v: tf.Tensor4D) => secondWins(v, k, c), x);
  const t2 = detached((v: tf.Tensor4D) => secondWins(tf.maxPool(v, [1, 2], [1, 2], 'valid'), m, l), x);
  const rows = route(tf.reshape(dy, [m, l]), t2, m, l); // [m, 2, l] = [N, H, W/2, C]
  return tf.reshape(route(tf.reshape(rows, [k, c]), t1, k, c), x.shape);
}

/** A 2×2 max-pool op `name`: the backend's `MaxPool` forward, the gradient `backward(x, dy)`. */
const maxPoolOp = (name: string, backward: (x: tf.Tensor4D, dy: tf.Tensor4D) => tf.Tensor4D) => delegatingOp({
  name,
  builtin: 'MaxPool',
  inputs: ['x'],
  attrs: () => pool2x2,
  grad: (dy, saved) => ({ x: () => backward(saved[0] as tf.Tensor4D, dy as tf.Tensor4D) }),
});

const maxOp = maxPoolOp('QdistillMaxPool2x2', maxPoolBackward);
/** The same forward kernel; its gradient is the one-pass `maxPoolGradFast` (first order only). */
const maxFastOp = maxPoolOp('QdistillMaxPool2x2Fast', maxPoolGradFast);

const avgOp = delegatingOp({
  name: 'QdistillAvgPool2x2',
  builtin: 'AvgPool',
  inputs: ['x'],
  attrs: () => pool2x2,
  grad: (dy, saved) => {
    const [n, h, w, c] = saved[0].shape;
    return {
      x: () =>
        tf.reshape(tf.mul(tf.reshape(dy, [(n * h) / 2, 1, w / 2, 1, c]), tf.fill([1, 2, 1, 2, 1], 0.25)), [n, h, w, c]),
    };
  },
});

/**
 * 2×2 stride-2 max pooling, differentiable to any order (see module comment).
 * @param x `[N, H, W, C]`, H and W even @returns `[N, H/2, W/2, C]`
 * @throws Error if x is not rank 4 or H or W is odd.
 */
export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  check('maxPool2x2', x);
  return maxOp({ x }, {}) as tf.Tensor4D;
}

/** 2×2 stride-2 average pooling, differentiable to any order. x `[N, H, W, C]` (H, W even) → `[N, H/2, W/2, C]`. */
export function avgPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  check('avgPool2x2', x);
  return avgOp({ x }, {}) as tf.Tensor4D;
}

/**
 * `maxPool2x2` for first-order use: the same forward and, bit for bit, the same gradient, computed
 * in one pass (`max_pool_grad.ts`); differentiating that gradient again is an error.
 */
export function maxPool2x2Fast(x: tf.Tensor4D): tf.Tensor4D {
  check('maxPool2x2Fast', x);
  return maxFastOp({ x }, {}) as tf.Tensor4D;
}

/** Same op as `avgPool2x2` (the built-in `AvgPoolGrad` is slower on wasm, see `src/bench/nn_bench.ts`). */
export function avgPool2x2Fast(x: tf.Tensor4D): tf.Tensor4D {
  check('avgPool2x2Fast', x);
  return avgOp({ x }, {}) as tf.Tensor4D;
}
