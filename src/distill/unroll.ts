/**
 * The inner loop of bilevel distillation: `distillEpochs` passes over the `distillSteps`
 * synthetic groups, one plain gradient-descent step per group with its own learning rate
 * softplus(raw_k) (times `lrScale`, default 1). Inner step k (k = epoch·distillSteps + group)
 * trains on group k mod distillSteps with its labels (hard, or that group's soft labels). On the
 * 'safe' path every step is built from second-order-safe layers, so the outer gradient (with
 * respect to the images, learning rates and soft labels) can differentiate through it.
 */
import * as tf from '@tensorflow/tfjs';
import { softmaxCrossEntropy, softmaxCrossEntropyFast } from '../nn';
import { ModelSpec, Params, applyModel, trainableKeys } from '../models';
import { unstack } from '../util/slices';
import { SetLabels, groupLabels } from './labels';

export interface UnrollOptions {
  distillSteps: number;
  distillEpochs: number;
  /** 'safe' (default) when the result is differentiated again; 'fast' for plain training. */
  path?: 'safe' | 'fast';
  /** Parameters to train (default: all trainable ones of the model), e.g. only the head. */
  trainable?: string[];
  /** Factor applied to every learning rate softplus(raw_i) (default 1; see `lrJitter`). */
  lrScale?: number;
  /**
   * Inner steps to run, `[from, to)` with 0 ≤ from < to ≤ T (default all, [0, T)): `params0` is
   * then the network after step from − 1 (a truncated unroll's window, see `Truncation`).
   */
  steps?: [number, number];
}

/**
 * Trains `params0` on the synthetic set and returns the final parameters (untrained ones
 * passed through). Runs inside the caller's tape: call it within `tf.grads`/`tidy`.
 * @param images `[distillSteps, m, H, W, C]`; labels `[m]` int32 or soft `[distillSteps, m, 10]`;
 *   rawLrs `[T]` with T = distillSteps × distillEpochs.
 */
export function unrolledTrain(
  spec: ModelSpec,
  params0: Params,
  images: tf.Tensor,
  labels: SetLabels,
  rawLrs: tf.Tensor1D,
  o: UnrollOptions,
): Params {
  const total = o.distillSteps * o.distillEpochs;
  if (images.shape[0] !== o.distillSteps) {
    throw new Error(`unrolledTrain: expected ${o.distillSteps} image groups, received [${images.shape}]`);
  }
  if (rawLrs.shape[0] !== total) {
    throw new Error(`unrolledTrain: expected ${total} learning rates, received [${rawLrs.shape}]`);
  }
  const [from, to] = o.steps ?? [0, total];
  if (!(Number.isInteger(from) && Number.isInteger(to) && from >= 0 && from < to && to <= total)) {
    throw new Error(
      `unrolledTrain: steps: expected [from, to) with 0 ≤ from < to ≤ ${total}, received [${o.steps}]`,
    );
  }
  if (labels.rank === 3 && labels.shape[0] !== o.distillSteps) {
    throw new Error(`unrolledTrain: expected soft labels [${o.distillSteps}, m, 10], received [${labels.shape}]`);
  }
  const path = o.path ?? 'safe';
  const keys = o.trainable ?? trainableKeys(spec, params0);
  const unknown = keys.filter((k) => !(k in params0));
  if (unknown.length) throw new Error(`unrolledTrain: trainable names unknown parameters: ${unknown.join(', ')}`);
  const groups = unstack(images, 0) as tf.Tensor4D[];
  const scale = o.lrScale ?? 1;
  if (!(scale > 0 && Number.isFinite(scale))) {
    throw new Error(`unrolledTrain: lrScale: expected a positive finite number, received ${scale}`);
  }
  const lrs = unstack(scale === 1 ? tf.softplus(rawLrs) : tf.mul(tf.softplus(rawLrs), scale), 0);
  const softGroups = labels.rank === 3 ? (unstack(labels, 0) as tf.Tensor2D[]) : null;
  let params = params0;
  for (let i = from; i < to; i++) {
    const x = groups[i % o.distillSteps];
    const y = groupLabels(labels, softGroups, i % o.distillSteps);
    const loss = (...trainable: tf.Tensor[]) => {
      const p = { ...params };
      keys.forEach((k, j) => (p[k] = trainable[j]));
      return (path === 'safe' ? softmaxCrossEntropy : softmaxCrossEntropyFast)(applyModel(spec, p, x, path), y);
    };
    const grads = tf.grads(loss)(keys.map((k) => params[k]));
    const next = { ...params };
    keys.forEach((k, j) => (next[k] = tf.sub(params[k], tf.mul(lrs[i], grads[j]))));
    params = next;
  }
  return params;
}
