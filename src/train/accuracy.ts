/** Test accuracy of a model on a labelled image dataset (fast path, in batches). */
import * as tf from '@tensorflow/tfjs';
import { ImageDataset, toTensors } from '../data/dataset';
import { ModelSpec, Params, applyModel } from '../models';
import { ShotOptions } from '../sim/shot_noise';
import { tidy } from '../util/tidy';

/** Accuracy in percent of the model on `ds` (all examples, or the first `limit`), in batches. */
export function accuracy(
  spec: ModelSpec, params: Params, ds: ImageDataset,
  options: { batchSize?: number; limit?: number; shots?: ShotOptions } = {},
): number {
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
