/**
 * The distillation protocol of the paper's Table I, per dataset, as run configs:
 * - MNIST: 1 image per class in 1 step, 3 passes (10 images, 3 GD steps), initial inner lr 0.02;
 * - CIFAR-10: 10 images per class in 1 step, 3 passes (100 images, 3 GD steps), initial inner
 *   lr 0.001 (the original CIFAR-10 command);
 * both with outer Adam(lr 0.01, betas 0.5/0.999). The profile's scale sets epochs, decay,
 * batch size and the training-set limit, optionally Adam update clipping and model selection on
 * training images (and may override the initial inner learning rate: the quick profile starts
 * CIFAR-10 at 0.02).
 */
import { DistillConfig, parseDistillConfig } from '../distill/config';
import { DatasetName } from '../models/spec';
import { DistillScale } from '../results/profile';
import { TrainConfig, parseTrainConfig } from '../train/config';
import { FullDataScale } from '../results/profile';

export const PROTOCOL: Record<
  DatasetName,
  { imagesPerClass: number; distillSteps: number; distillEpochs: number; distillLr: number; lr: number }
> = {
  mnist: { imagesPerClass: 1, distillSteps: 1, distillEpochs: 3, distillLr: 0.02, lr: 0.01 },
  cifar10: { imagesPerClass: 10, distillSteps: 1, distillEpochs: 3, distillLr: 0.001, lr: 0.01 },
};

/** The protocol of `dataset` with the profile scale's override of the initial inner learning rate. */
export function protocolFor(dataset: DatasetName, scale: DistillScale): (typeof PROTOCOL)[DatasetName] {
  return { ...PROTOCOL[dataset], ...(scale.distillLr === undefined ? {} : { distillLr: scale.distillLr }) };
}

/**
 * The run config of one Table I cell: `model` (a model spec as JSON) distilled on `dataset`
 * with the protocol above at `scale`, seed `seed`, initialisation `init`.
 * @param extra config fields overriding the protocol (e.g. `{ evalInits: 10 }`)
 */
export function distillConfig(
  dataset: DatasetName,
  model: Record<string, unknown>,
  seed: number,
  scale: DistillScale,
  profile: string,
  init: 'fixed' | 'random' = 'fixed',
  extra: Record<string, unknown> = {},
): DistillConfig {
  const iterationsPerEpoch = Math.max(
    1,
    Math.floor((scale.trainLimit ?? (dataset === 'mnist' ? 60000 : 50000)) / scale.batchSize),
  );
  return parseDistillConfig({
    dataset, model, ...protocolFor(dataset, scale), init, seed, profile,
    epochs: scale.epochs, decayEpochs: scale.decayEpochs, batchSize: scale.batchSize,
    evalEvery: scale.evalEvery, evalTestLimit: 1000,
    ...(scale.updateClip ? { updateClip: scale.updateClip } : {}),
    ...(scale.selectOnTrain ? { selectOnTrain: scale.selectOnTrain } : {}),
    // About one checkpoint a minute at ~0.4–1 s per iteration, and at least one per epoch.
    checkpointEvery: Math.max(1, Math.min(100, iterationsPerEpoch)),
    ...extra,
  });
}

/** The full-data baseline config of `model` on `dataset` at `scale` (Adam lr 0.001). */
export function trainConfig(
  dataset: DatasetName,
  model: Record<string, unknown>,
  seed: number,
  scale: FullDataScale,
): TrainConfig {
  return parseTrainConfig({ dataset, model, epochs: scale.epochs, batchSize: scale.batchSize, lr: 0.001, seed });
}
