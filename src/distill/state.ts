/**
 * The distillation state: what Adam learns (synthetic images, raw inner learning rates and, with
 * `learnLabels`, soft labels), its Adam moments, the iteration count and, with `truncate.clip`,
 * the running gradient norms. Everything a checkpoint holds (`runs/checkpoint.ts`).
 */
import * as tf from '@tensorflow/tfjs';
import { stream } from '../util/streams';
import { AdamState, adamInit, disposeAdam } from '../train/adam';
import { DistillConfig } from './config';
import { initSynthetic } from './synthetic';
import { initSoftLabels } from './labels';
import { GradNorms } from './clip';

export interface DistillState {
  /** `[distillSteps, imagesPerClass·10, H, W, C]` */
  images: tf.Tensor;
  /** `[distillSteps × distillEpochs]` raw learning rates */
  rawLrs: tf.Tensor1D;
  /** With `learnLabels`: the soft labels `[distillSteps, imagesPerClass·10, 10]`. */
  labels?: tf.Tensor3D;
  /** Adam over `learnables(state)`, in that order. */
  adam: AdamState;
  /** Completed outer iterations. */
  iteration: number;
  /** With `truncate.clip`: the (clipped) outer-gradient norms so far. */
  norms?: GradNorms;
}

/** What Adam updates: the images, raw learning rates and (with `learnLabels`) soft labels. */
export const learnables = (s: Pick<DistillState, 'images' | 'rawLrs' | 'labels'>): tf.Tensor[] =>
  s.labels ? [s.images, s.rawLrs, s.labels] : [s.images, s.rawLrs];

/** The state before the first iteration: the seeded synthetic set (`synthetic` stream), Adam at zero. */
export function initState(cfg: DistillConfig): DistillState {
  const syn = initSynthetic(
    cfg.model.input,
    cfg.imagesPerClass,
    cfg.distillSteps,
    cfg.distillEpochs,
    cfg.distillLr,
    stream(cfg.seed, 'synthetic'),
  );
  const set = { ...syn, ...(cfg.learnLabels ? { labels: initSoftLabels(cfg.imagesPerClass, cfg.distillSteps) } : {}) };
  return {
    ...set,
    adam: adamInit(learnables(set)),
    iteration: 0,
    ...(cfg.truncate?.clip ? { norms: { sum: 0, count: 0 } } : {}),
  };
}

/** Frees every tensor of `s`. */
export function disposeState(s: DistillState): void {
  tf.dispose(learnables(s));
  disposeAdam(s.adam);
}
