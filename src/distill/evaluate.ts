/**
 * Evaluation of a distilled set: train a network from its initialisation on the synthetic
 * images with the learned learning rates (the same inner loop, first order only), then
 * measure accuracy on a labelled dataset.
 */
import * as tf from '@tensorflow/tfjs';
import { ImageDataset } from '../data/dataset';
import { ModelSpec, Params, disposeParams, initModel } from '../models';
import { accuracy } from '../train/accuracy';
import { tidy } from '../util/tidy';
import { SetLabels } from './labels';
import { UnrollOptions, unrolledTrain } from './unroll';

/** Parameters after training `params0` on the distilled set (new tensors; caller disposes). */
export function trainOnDistilled(
  spec: ModelSpec,
  params0: Params,
  images: tf.Tensor,
  labels: SetLabels,
  rawLrs: tf.Tensor1D,
  o: UnrollOptions,
): Params {
  return tidy(() => unrolledTrain(spec, params0, images, labels, rawLrs, { ...o, path: 'fast' }));
}

/**
 * Test accuracy (%) of networks trained on the distilled set from each initialisation seed:
 * `{ accuracies, mean, std }` (population std, divisor n; 0 for one seed). Runs keep this `std` in
 * `result.json` and `metrics.jsonl`; what is printed or tabulated is the sample std of `accuracies`
 * (`util/spread.ts`).
 */
export function evaluateDistilled(
  spec: ModelSpec,
  images: tf.Tensor,
  rawLrs: tf.Tensor1D,
  labels: SetLabels,
  o: UnrollOptions,
  seeds: number[],
  test: ImageDataset,
  limit?: number,
): { accuracies: number[]; mean: number; std: number } {
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
