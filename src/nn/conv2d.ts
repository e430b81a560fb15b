/**
 * 2-D convolution (stride 1, symmetric zero padding, no bias), NHWC, differentiable to any
 * order on every backend.
 *
 * `conv2d(x, w, pad)`: x `[N, H, W, Cin]`, w `[kh, kw, Cin, Cout]` →
 * `[N, H + 2·pad − kh + 1, W + 2·pad − kw + 1, Cout]`, with
 * `y[n,i,j,o] = Σ_{a,b,c} xp[n, i+a, j+b, c] · w[a, b, c, o]` (xp = x zero-padded by `pad`;
 * a cross-correlation, like `tf.conv2d` and PyTorch).
 *
 * TF.js's own conv2d gradient has no gradient itself, and the wasm backend lacks the
 * `Conv2DBackpropFilter` kernel. Here the backward pass is made of FORWARD convolutions
 * of this same function, so the gradient is itself differentiable, recursively:
 * - dx, when the filter is no larger than the output: the "full" correlation of dy
 *   (padded by k−1−pad) with the spatially flipped, in/out-swapped filter; otherwise (this
 *   happens in the backward pass of the dw-convolution below, whose "filter" is all of dy)
 *   the same sum with the roles swapped, the filter as the image (batch Cin, padded by
 *   H'−1−pad) and the flipped dy as the filter (its batch as output channels), so the cost
 *   follows the real work rather than a mostly-zero padding;
 * - dw = transpose( conv( xᵀ [Cin, H, W, N] padded by pad, dyᵀ [H', W', N, Cout] ) ): the
 *   batch plays the role of the channels; the output is the filter's `[Cin, kh, kw, Cout]`.
 * A negative padding (the backward passes produce one when pad > k−1) crops the input.
 *
 * The op is a registered kernel (forward: the backend's own `Conv2D`) with a lazy registered
 * gradient (`kernel.ts`): only the gradients that are asked for are computed.
 */
import * as tf from '@tensorflow/tfjs';
import { delegatingOp } from './kernel';
import { tidy } from '../util/tidy';

type ConvFn = (x: tf.Tensor4D, w: tf.Tensor4D, ph: number, pw: number) => tf.Tensor4D;

/** Crops axes 1 and 2 of a rank-4 tensor where a padding is negative (a differentiable slice). */
function cropNegative(x: tf.Tensor4D, ph: number, pw: number): { x: tf.Tensor4D; ph: number; pw: number } {
  if (ph >= 0 && pw >= 0) return { x, ph, pw };
  const ch = Math.max(0, -ph), cw = Math.max(0, -pw);
  const [n, h, w, c] = x.shape;
  return { x: tf.slice(x, [0, ch, cw, 0], [n, h - 2 * ch, w - 2 * cw, c]), ph: Math.max(0, ph), pw: Math.max(0, pw) };
}

type ExplicitPad = [[number, number], [number, number], [number, number], [number, number]];
const padArg = (ph: number, pw: number): 'valid' | ExplicitPad =>
  ph === 0 && pw === 0
    ? 'valid'
    : [
        [0, 0],
        [ph, ph],
        [pw, pw],
        [0, 0],
      ];

/** The built-in `tf.conv2d` with symmetric padding (ph, pw), negative = crop (first order only). */
export function builtinConv(x: tf.Tensor4D, w: tf.Tensor4D, ph: number, pw: number): tf.Tensor4D {
  const c = cropNegative(x, ph, pw);
  return tf.conv2d(c.x, w, 1, padArg(c.ph, c.pw));
}

/** Spatially flipped filter with input and output channels swapped: `[kh, kw, Cout, Cin]`. */
export function flipSwap(w: tf.Tensor4D): tf.Tensor4D {
  return tf.transpose(tf.reverse(w, [0, 1]), [0, 1, 3, 2]);
}

/** dx of `y = conv(x, w, ph, pw)` as a forward convolution `conv`; w `[kh,kw,Cin,Cout]`, dy `[N,H',W',Cout]`. */
export function convGradX(w: tf.Tensor4D, dy: tf.Tensor4D, ph: number, pw: number, conv: ConvFn): tf.Tensor4D {
  const [kh, kw] = w.shape;
  const [, oh, ow] = dy.shape;
  if (kh * kw <= oh * ow) return conv(dy, flipSwap(w), kh - 1 - ph, kw - 1 - pw);
  // dxᵀ[c,u,v,n] = Σ_{i,j,o} wᵀ[c, u+i−q, v+j−q', o] · dy[n, H'−1−i, W'−1−j, o], q = H'−1−ph.
  const wT = tf.transpose(w, [2, 0, 1, 3]) as tf.Tensor4D;
  const dyF = tf.transpose(tf.reverse(dy, [1, 2]), [1, 2, 3, 0]) as tf.Tensor4D;
  return tf.transpose(conv(wT, dyF, oh - 1 - ph, ow - 1 - pw), [3, 1, 2, 0]) as tf.Tensor4D;
}

/** dw of `y = conv(x, w, ph, pw)` as a forward convolution `conv`; x `[N,H,W,Cin]`, dy `[N,H',W',Cout]`. */
export function convGradW(x: tf.Tensor4D, dy: tf.Tensor4D, ph: number, pw: number, conv: ConvFn): tf.Tensor4D {
  const xT = tf.transpose(x, [3, 1, 2, 0]) as tf.Tensor4D;
  const dyT = tf.transpose(dy, [1, 2, 0, 3]) as tf.Tensor4D;
  return tf.transpose(conv(xT, dyT, ph, pw), [1, 2, 0, 3]) as tf.Tensor4D;
}

/**
 * A convolution op `name` (forward: the backend's `Conv2D`) whose lazy gradient computes
 * dx and dw with the convolution `backward()`. Attributes: paddings `ph`, `pw` ≥ 0.
 */
function convOp(name: string, backward: () => ConvFn): ConvFn {
  const run = delegatingOp({
    name,
    builtin: 'Conv2D',
    inputs: ['x', 'filter'],
    attrs: (a) => ({
      strides: [1, 1],
      pad: padArg(a.ph as number, a.pw as number),
      dataFormat: 'NHWC',
      dilations: [1, 1],
    }),
    grad: (dy, saved, a) => {
      const [x, w] = saved as tf.Tensor4D[];
      const ph = a.ph as number, pw = a.pw as number, g = dy as tf.Tensor4D;
      return { x: () => convGradX(w, g, ph, pw, backward()), filter: () => convGradW(x, g, ph, pw, backward()) };
    },
  });
  return (x, w, ph, pw) =>
    tidy(() => {
      const c = cropNegative(x, ph, pw);
      return run({ x: c.x, filter: w }, { ph: c.ph, pw: c.pw }) as tf.Tensor4D;
    });
}

/** The any-order convolution: its gradient is made of calls to itself. */
const safeConv: ConvFn = convOp('QdistillConv2D', () => safeConv);
/** Same forward; gradient made of built-in `tf.conv2d` calls (whose own gradient is not second-order). */
const fastConv: ConvFn = convOp('QdistillConv2DFast', () => builtinConv);

/** Checks ranks, channels, padding and sizes. */
function check(name: string, x: tf.Tensor, w: tf.Tensor, pad: number): void {
  if (x.rank !== 4) throw new Error(`${name}: expected x of rank 4 [N, H, W, Cin], received shape [${x.shape}]`);
  if (w.rank !== 4) throw new Error(`${name}: expected w of rank 4 [kh, kw, Cin, Cout], received shape [${w.shape}]`);
  if (x.shape[3] !== w.shape[2]) {
    throw new Error(
      `${name}: channel mismatch: w [${w.shape}] expects Cin = ${w.shape[2]}, ` +
        `received x [${x.shape}] with Cin = ${x.shape[3]}`,
    );
  }
  if (!Number.isInteger(pad) || pad < 0) {
    throw new Error(`${name}: expected pad to be an integer ≥ 0, received ${pad}`);
  }
  const [, h, wd] = x.shape as number[];
  const [kh, kw] = w.shape as number[];
  if (h + 2 * pad < kh || wd + 2 * pad < kw) {
    throw new Error(
      `${name}: expected a filter no larger than the padded input ${h + 2 * pad}×${wd + 2 * pad}, ` +
        `received ${kh}×${kw}`,
    );
  }
}

/**
 * Convolution differentiable to any order, on every backend (see module comment).
 * @param x `[N, H, W, Cin]` @param w `[kh, kw, Cin, Cout]` @param pad zero padding on each side
 * @returns `[N, H + 2·pad − kh + 1, W + 2·pad − kw + 1, Cout]`
 * @throws Error on wrong ranks, mismatched channels, a negative padding or a too large filter.
 */
export function conv2d(x: tf.Tensor4D, w: tf.Tensor4D, pad: number): tf.Tensor4D {
  check('conv2d', x, w, pad);
  return safeConv(x, w, pad, pad);
}

/**
 * Same value and first-order gradient as `conv2d`, for first-order use only: forward, the
 * backend's `Conv2D`; backward, the same formulas computed with the built-in `tf.conv2d`
 * (whose own gradient needs `Conv2DBackpropFilter`, missing on wasm, and is not
 * differentiable again). Neither `Conv2DBackpropFilter` nor `Conv2DBackpropInput` is used:
 * the first is missing on wasm, the second is 2.5–5× slower there than a forward
 * convolution with the flipped filter. Measured: as fast as `conv2d` in first-order use
 * (the recursion costs nothing unless an outer gradient records it; see `src/bench/nn_bench.ts`).
 */
export function conv2dFast(x: tf.Tensor4D, w: tf.Tensor4D, pad: number): tf.Tensor4D {
  check('conv2dFast', x, w, pad);
  return fastConv(x, w, pad, pad);
}
