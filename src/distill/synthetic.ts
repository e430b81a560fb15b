/**
 * The learnable distilled set: `distillSteps` groups of `imagesPerClass × 10` images in
 * normalised pixel space (init N(0, 1), seeded), with fixed labels (class-major within each
 * group: imagesPerClass images of class 0, then class 1, …), and one learnable learning rate
 * per inner step (`distillSteps × distillEpochs`), stored raw and used through softplus.
 */
import * as tf from '@tensorflow/tfjs';
import { InputShape, NUM_CLASSES } from '../models/spec';
import { Rng } from '../util/rng';

export interface SyntheticSet {
  /** `[distillSteps, imagesPerClass·10, H, W, C]` */
  images: tf.Tensor;
  /** `[distillSteps × distillEpochs]`, raw (the learning rate is softplus(raw)). */
  rawLrs: tf.Tensor1D;
}

/** softplus⁻¹(y) = log(e^y − 1), so that softplus(raw) starts at `lr`. */
export function inverseSoftplus(lr: number): number {
  if (!(lr > 0) || !Number.isFinite(lr)) {
    throw new Error(`distillLr: expected a positive finite number, received ${lr}`);
  }
  return lr > 20 ? lr : Math.log(Math.expm1(lr));
}

export function initSynthetic(
  input: InputShape,
  imagesPerClass: number,
  distillSteps: number,
  distillEpochs: number,
  distillLr: number,
  rng: Rng,
): SyntheticSet {
  const m = imagesPerClass * NUM_CLASSES;
  const shape = [distillSteps, m, input.height, input.width, input.channels];
  const images = tf.tensor(rng.normals(shape.reduce((a, b) => a * b, 1)), shape);
  const rawLrs = tf.fill([distillSteps * distillEpochs], inverseSoftplus(distillLr)) as tf.Tensor1D;
  return { images, rawLrs };
}

export { syntheticLabels } from './labels';
