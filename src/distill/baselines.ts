/**
 * The random-real-images baseline of dataset distillation: the same number of real images per
 * class as the distilled set, drawn class-balanced at random (seeded) and arranged like it
 * (`distillSteps` groups of `imagesPerClass × 10`, class-major), trained with the same inner
 * procedure at a fixed learning rate (there are no learned rates for a random subset).
 */
import * as tf from '@tensorflow/tfjs';
import { ImageDataset, classBalancedSubset, toTensors } from '../data';
import { NUM_CLASSES } from '../models/spec';
import { stream } from '../util/streams';
import { DistillConfig } from './config';
import { evaluateDistilled } from './evaluate';
import { evalSeeds } from './loop';
import { inverseSoftplus, syntheticLabels } from './synthetic';

/** `[distillSteps, imagesPerClass·10, H, W, C]` real images, class-major per group (seeded by `draw`). */
export function randomRealSet(cfg: DistillConfig, train: ImageDataset, draw: number): tf.Tensor {
  const ipc = cfg.imagesPerClass, steps = cfg.distillSteps;
  const picked = classBalancedSubset(train.labels, ipc * steps, stream(cfg.seed, 'randomReal', draw));
  // classBalancedSubset is class by class; group g takes images g·ipc … (g+1)·ipc − 1 of each class.
  const order: number[] = [];
  for (let g = 0; g < steps; g++) {
    for (let c = 0; c < NUM_CLASSES; c++) {
      for (let j = 0; j < ipc; j++) order.push(picked[c * ipc * steps + g * ipc + j]);
    }
  }
  return tf.tidy(() => {
    const { x, y } = toTensors(train, order);
    y.dispose();
    return tf.reshape(x, [steps, ipc * NUM_CLASSES, ...x.shape.slice(1)]);
  });
}

/**
 * Test accuracy (%) of networks trained on `draws` random real subsets, each from the run's
 * evaluation initialisations, at learning rate `lr` (default `cfg.distillLr`): one rate for
 * every inner step, or one per inner step (e.g. the rates a distillation run learned).
 * `onDraw(done)` is called after each draw (progress).
 */
export function randomRealBaseline(
  cfg: DistillConfig,
  train: ImageDataset,
  test: ImageDataset,
  draws = 1,
  lr: number | readonly number[] = cfg.distillLr,
  limit?: number,
  onDraw?: (done: number) => void,
): { accuracies: number[]; mean: number; std: number } {
  const n = cfg.distillSteps * cfg.distillEpochs;
  const lrs = typeof lr === 'number' ? new Array<number>(n).fill(lr) : [...lr];
  if (lrs.length !== n || !lrs.every((v) => Number.isFinite(v) && v > 0)) {
    throw new Error(
      `randomRealBaseline: expected one positive learning rate or ${n} ` +
        `(one per inner step), received ${JSON.stringify(lr)}`,
    );
  }
  const labels = syntheticLabels(cfg.imagesPerClass);
  const rawLrs = tf.tensor1d(lrs.map(inverseSoftplus));
  const accuracies: number[] = [];
  for (let d = 0; d < draws; d++) {
    const images = randomRealSet(cfg, train, d);
    accuracies.push(
      ...evaluateDistilled(
        cfg.model,
        images,
        rawLrs,
        labels,
        { distillSteps: cfg.distillSteps, distillEpochs: cfg.distillEpochs },
        evalSeeds(cfg),
        test,
        limit,
      ).accuracies,
    );
    images.dispose();
    onDraw?.(d + 1);
  }
  tf.dispose([labels, rawLrs]);
  const mean = accuracies.reduce((a, b) => a + b, 0) / accuracies.length;
  const std = Math.sqrt(accuracies.reduce((a, b) => a + (b - mean) ** 2, 0) / accuracies.length);
  return { accuracies, mean, std };
}
