/**
 * Evaluation of a distilled set: train a network from its initialisation on the synthetic
 * images with the learned learning rates (the same inner loop, first order only), then
 * measure accuracy on a labelled dataset.
 */
import * as tf from '@tensorflow/tfjs';
import { toTensors } from '../data/dataset';
import { ImageDataset } from '../data/dataset';
import { ModelSpec, Params, applyModel, disposeParams, initModel } from '../models';
import { ShotOptions } from '../sim/shot_noise';
import { tidy } from '../util/tidy';
import { UnrollOptions, unrolledTrain } from './unroll';

/** Parameters after training `params0` on the distilled set (new tensors; caller disposes). */
export function trainOnDistilled(spec: ModelSpec, params0: Params, images: tf.Tensor, labels: tf.Tensor1D, rawLrs: tf.Tensor1D, o: UnrollOptions): Params {
  return tidy(() => unrolledTrain(spec, params0, images, labels, rawLrs, { ...o, path: 'fast' }));
}

/** Accuracy in percent of the model on `ds` (all examples, or the first `limit`), in batches. */
export function accuracy(spec: ModelSpec, params: Params, ds: ImageDataset, options: { batchSize?: number; limit?: number; shots?: ShotOptions } = {}): number {
  const n = Math.min(ds.n, options.limit ?? ds.n);
  const bs = options.batchSize ?? 1000;
  let correct = 0;
  for (let start = 0; start < n; start += bs) {
    const idx = Array.from({ length: Math.min(bs, n - start) }, (_, i) => start + i);
    correct += tidy(() => {
      const { x, y } = toTensors(ds, idx);
      const pred = tf.argMax(applyModel(spec, params, x, 'fast', { shots: options.shots }), 1);
      return tf.sum(tf.cast(tf.equal(pred, y), 'int32')).dataSync()[0];
    });
  }
  return (100 * correct) / n;
}

/**
 * Test accuracy (%) of networks trained on the distilled set from each initialisation seed:
 * `{ accuracies, mean, std }` (population std; 0 for one seed).
 */
export function evaluateDistilled(spec: ModelSpec, images: tf.Tensor, rawLrs: tf.Tensor1D, labels: tf.Tensor1D, o: UnrollOptions, seeds: number[], test: ImageDataset, limit?: number): { accuracies: number[]; mean: number; std: number } {
  const accuracies = seeds.map((seed) => {
    const p0 = initModel(spec, seed);
    const trained = trainOnDistilled(spec, p0, images, labels, rawLrs, o);
    const acc = accuracy(spec, trained, test, { limit });
    disposeParams(p0);
    disposeParams(trained);
    return acc;
  });
  const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
  const std = Math.sqrt(accuracies.reduce((a, b) => a + (b - mean) ** 2, 0) / accuracies.length);
  return { accuracies, mean, std };
}
