/**
 * The bilevel step: outer loss = cross-entropy, on a real batch, of the network obtained by
 * training `params0` on the synthetic set; its gradient with respect to the synthetic images
 * and the raw learning rates goes through the whole unrolled inner loop.
 *
 * The real-batch forward pass is only differentiated once, so it uses the fast layers; the
 * inner steps, whose gradients are differentiated, use the second-order-safe ones.
 */
import * as tf from '@tensorflow/tfjs';
import { softmaxCrossEntropyFast } from '../nn';
import { ModelSpec, Params, applyModel } from '../models';
import { tidy } from '../util/tidy';
import { SetLabels } from './labels';
import { UnrollOptions, unrolledTrain } from './unroll';

export interface RealBatch {
  /** `[B, H, W, C]` normalised images */
  x: tf.Tensor4D;
  /** `[B]` int32 labels */
  y: tf.Tensor1D;
}

/**
 * Outer loss as a function of the synthetic images, raw learning rates and labels. With
 * `o.steps` = [s, t), `params0` is the network after step s − 1: a truncated unroll's objective.
 */
export function outerLoss(
  spec: ModelSpec,
  params0: Params,
  images: tf.Tensor,
  rawLrs: tf.Tensor1D,
  labels: SetLabels,
  real: RealBatch,
  o: UnrollOptions,
): tf.Scalar {
  const trained = unrolledTrain(spec, params0, images, labels, rawLrs, { ...o, path: 'safe' });
  return softmaxCrossEntropyFast(applyModel(spec, trained, real.x, 'fast'), real.y);
}

export interface Hypergradient {
  loss: number;
  /** d loss / d images, shaped like the images. */
  dImages: tf.Tensor;
  /** d loss / d raw learning rates. */
  dRawLrs: tf.Tensor1D;
  /** d loss / d soft labels (soft labels only). */
  dLabels?: tf.Tensor3D;
}

/**
 * The outer loss and its gradient, on one tape (the reference for `shards.ts`; new tensors owned
 * by the caller; intermediates freed).
 */
export function hypergradient(
  spec: ModelSpec,
  params0: Params,
  images: tf.Tensor,
  rawLrs: tf.Tensor1D,
  labels: SetLabels,
  real: RealBatch,
  o: UnrollOptions,
): Hypergradient {
  return tidy(() => {
    const soft = labels.rank === 3;
    const f = (im: tf.Tensor, lr: tf.Tensor, y?: tf.Tensor) =>
      outerLoss(spec, params0, im, lr as tf.Tensor1D, (y ?? labels) as SetLabels, real, o);
    const { value, grads } = tf.valueAndGrads(f)(soft ? [images, rawLrs, labels] : [images, rawLrs]);
    return {
      loss: value.dataSync()[0],
      dImages: grads[0],
      dRawLrs: grads[1] as tf.Tensor1D,
      ...(soft ? { dLabels: grads[2] as tf.Tensor3D } : {}),
    };
  });
}
