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
import { UnrollOptions, unrolledTrain } from './unroll';

export interface RealBatch {
  /** `[B, H, W, C]` normalised images */
  x: tf.Tensor4D;
  /** `[B]` int32 labels */
  y: tf.Tensor1D;
}

/** Outer loss as a function of the synthetic images and raw learning rates. */
export function outerLoss(spec: ModelSpec, params0: Params, images: tf.Tensor, rawLrs: tf.Tensor1D, labels: tf.Tensor1D, real: RealBatch, o: UnrollOptions): tf.Scalar {
  const trained = unrolledTrain(spec, params0, images, labels, rawLrs, { ...o, path: 'safe' });
  return softmaxCrossEntropyFast(applyModel(spec, trained, real.x, 'fast'), real.y);
}

export interface Hypergradient {
  loss: number;
  /** d loss / d images, shaped like the images. */
  dImages: tf.Tensor;
  /** d loss / d raw learning rates. */
  dRawLrs: tf.Tensor1D;
}

/** The outer loss and its gradient (new tensors owned by the caller; intermediates freed). */
export function hypergradient(spec: ModelSpec, params0: Params, images: tf.Tensor, rawLrs: tf.Tensor1D, labels: tf.Tensor1D, real: RealBatch, o: UnrollOptions): Hypergradient {
  return tidy(() => {
    const f = (im: tf.Tensor, lr: tf.Tensor) => outerLoss(spec, params0, im, lr as tf.Tensor1D, labels, real, o);
    const { value, grads } = tf.valueAndGrads(f)([images, rawLrs]);
    return { loss: value.dataSync()[0], dImages: grads[0], dRawLrs: grads[1] as tf.Tensor1D };
  });
}
