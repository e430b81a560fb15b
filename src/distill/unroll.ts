/**
 * The inner loop of bilevel distillation: `distillEpochs` passes over the `distillSteps`
 * synthetic groups, one plain gradient-descent step per group with its own learning rate
 * softplus(raw_i) (times `lrScale`, default 1). Every step is built from second-order-safe
 * layers, so the outer gradient (with respect to the images and learning rates) can
 * differentiate through it.
 */
import * as tf from '@tensorflow/tfjs';
import { softmaxCrossEntropy, softmaxCrossEntropyFast } from '../nn';
import { ModelSpec, Params, applyModel, trainableKeys } from '../models';
import { unstack } from '../util/slices';

export interface UnrollOptions {
  distillSteps: number;
  distillEpochs: number;
  /** 'safe' (default) when the result is differentiated again; 'fast' for plain training. */
  path?: 'safe' | 'fast';
  /** Parameters to train (default: all trainable ones of the model), e.g. only the head. */
  trainable?: string[];
  /** Factor applied to every learning rate softplus(raw_i) (default 1; see `lrJitter`). */
  lrScale?: number;
}

/**
 * Trains `params0` on the synthetic set and returns the final parameters (untrained ones
 * passed through). Runs inside the caller's tape: call it within `tf.grads`/`tidy`.
 * @param images `[distillSteps, m, H, W, C]`; labels `[m]` int32; rawLrs `[steps × epochs]`.
 */
export function unrolledTrain(spec: ModelSpec, params0: Params, images: tf.Tensor, labels: tf.Tensor1D, rawLrs: tf.Tensor1D, o: UnrollOptions): Params {
  const total = o.distillSteps * o.distillEpochs;
  if (images.shape[0] !== o.distillSteps) throw new Error(`unrolledTrain: expected ${o.distillSteps} image groups, received [${images.shape}]`);
  if (rawLrs.shape[0] !== total) throw new Error(`unrolledTrain: expected ${total} learning rates, received [${rawLrs.shape}]`);
  const path = o.path ?? 'safe';
  const keys = o.trainable ?? trainableKeys(spec, params0);
  const unknown = keys.filter((k) => !(k in params0));
  if (unknown.length) throw new Error(`unrolledTrain: trainable names unknown parameters: ${unknown.join(', ')}`);
  const groups = unstack(images, 0) as tf.Tensor4D[];
  const scale = o.lrScale ?? 1;
  if (!(scale > 0 && Number.isFinite(scale))) throw new Error(`unrolledTrain: lrScale: expected a positive finite number, received ${scale}`);
  const lrs = unstack(scale === 1 ? tf.softplus(rawLrs) : tf.mul(tf.softplus(rawLrs), scale), 0);
  let params = params0;
  for (let i = 0; i < total; i++) {
    const x = groups[i % o.distillSteps];
    const loss = (...trainable: tf.Tensor[]) => {
      const p = { ...params };
      keys.forEach((k, j) => (p[k] = trainable[j]));
      return (path === 'safe' ? softmaxCrossEntropy : softmaxCrossEntropyFast)(applyModel(spec, p, x, path), labels);
    };
    const grads = tf.grads(loss)(keys.map((k) => params[k]));
    const next = { ...params };
    keys.forEach((k, j) => (next[k] = tf.sub(params[k], tf.mul(lrs[i], grads[j]))));
    params = next;
  }
  return params;
}
