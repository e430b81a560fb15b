/**
 * The pieces shared by both LeNets: parameter initialisation as in the authors' code
 * (xavier-normal weights, zero biases) and the convolutional trunk, with a choice of
 * second-order-safe or fast first-order layer implementations.
 */
import * as tf from '@tensorflow/tfjs';
import * as nn from '../nn';
import { Rng } from '../util/rng';
import { Params, Path } from './params';
import { InputShape, firstConvPadding } from './spec';

/** Layer implementations for a path. */
export function ops(path: Path) {
  return path === 'safe'
    ? { conv2d: nn.conv2d, maxPool: nn.maxPool2x2, crossEntropy: nn.softmaxCrossEntropy }
    : { conv2d: nn.conv2dFast, maxPool: nn.maxPool2x2Fast, crossEntropy: nn.softmaxCrossEntropyFast };
}

/** Adds `name.w` (`[in, out]`, xavier-normal) and `name.b` (zeros) to `p`. */
export function initDense(p: Params, name: string, inputs: number, outputs: number, rng: Rng): void {
  p[`${name}.w`] = nn.xavierNormal([inputs, outputs], inputs, outputs, rng);
  p[`${name}.b`] = tf.zeros([outputs]);
}

/** `x @ w + b` for the layer `name`. */
export function applyDense(p: Params, name: string, x: tf.Tensor2D): tf.Tensor2D {
  return nn.dense(x, p[`${name}.w`] as tf.Tensor2D, p[`${name}.b`] as tf.Tensor1D);
}

/** Adds conv `name.w` `[5,5,cin,cout]` (xavier-normal) and its zero bias `name.b`. */
export function initConv(p: Params, name: string, cin: number, cout: number, rng: Rng): void {
  p[`${name}.w`] = nn.xavierNormal([5, 5, cin, cout], cin * 25, cout * 25, rng);
  p[`${name}.b`] = tf.zeros([cout]);
}

/** conv1 `[5,5,C,6]`, conv2 `[5,5,6,16]` (xavier-normal) and their zero biases. */
export function initTrunk(p: Params, input: InputShape, rng: Rng): void {
  initConv(p, 'conv1', input.channels, 6, rng);
  initConv(p, 'conv2', 6, 16, rng);
}

/** conv `name` (padding `pad`) → ReLU → 2×2 max-pool. */
export function convBlock(p: Params, h: tf.Tensor4D, name: string, pad: number, path: Path): tf.Tensor4D {
  const o = ops(path);
  return o.maxPool(nn.relu(tf.add(o.conv2d(h, p[`${name}.w`] as tf.Tensor4D, pad), p[`${name}.b`]) as tf.Tensor4D));
}

/** x `[N, H, W, C]` → conv–ReLU–pool ×2 → flatten → `[N, 400]`. */
export function applyTrunk(p: Params, x: tf.Tensor4D, input: InputShape, path: Path): tf.Tensor2D {
  const h = convBlock(p, convBlock(p, x, 'conv1', firstConvPadding(input), path), 'conv2', 0, path);
  return nn.flatten(h);
}
