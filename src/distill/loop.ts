/**
 * The distillation loop, without I/O: state, one outer iteration, and the schedule.
 *
 * Reproducibility without generator state: the synthetic set is drawn from `Rng(seed)`; the
 * real batches of epoch e come from a permutation drawn from `deriveSeed(seed, 1, e)`; in
 * 'random' init mode the network of iteration i is `initModel(spec, deriveSeed(seed, 2, i))`;
 * with `lrJitter`, the inner learning-rate factor of iteration i comes from
 * `deriveSeed(seed, 5, i)`. So a checkpoint needs only the iteration count, the images,
 * learning rates and Adam state, and a resumed run makes exactly the draws an uninterrupted
 * one would.
 */
import * as tf from '@tensorflow/tfjs';
import { ImageDataset, toTensors } from '../data/dataset';
import { Params, disposeParams, initModel, precomputeFrozen } from '../models';
import { NonFiniteError } from '../util/errors';
import { Rng, deriveSeed } from '../util/rng';
import { AdamState, adamInit, adamStep, disposeAdam } from './adam';
import { DistillConfig } from './config';
import { hypergradient } from './outer';
import { initSynthetic, syntheticLabels } from './synthetic';

export interface DistillState {
  /** `[distillSteps, imagesPerClass·10, H, W, C]` */
  images: tf.Tensor;
  /** `[distillSteps × distillEpochs]` raw learning rates */
  rawLrs: tf.Tensor1D;
  adam: AdamState;
  /** Completed outer iterations. */
  iteration: number;
}

export { NonFiniteError };

export function initState(cfg: DistillConfig): DistillState {
  const syn = initSynthetic(cfg.model.input, cfg.imagesPerClass, cfg.distillSteps, cfg.distillEpochs, cfg.distillLr, new Rng(cfg.seed));
  return { images: syn.images, rawLrs: syn.rawLrs, adam: adamInit([syn.images, syn.rawLrs]), iteration: 0 };
}

export function disposeState(s: DistillState): void {
  tf.dispose([s.images, s.rawLrs]);
  disposeAdam(s.adam);
}

export const itersPerEpoch = (cfg: DistillConfig, nTrain: number) => Math.max(1, Math.floor(nTrain / cfg.batchSize));
export const totalIterations = (cfg: DistillConfig, nTrain: number) => cfg.epochs * itersPerEpoch(cfg, nTrain);
export const outerLrAt = (cfg: DistillConfig, epoch: number) => cfg.lr * 0.5 ** Math.floor(epoch / cfg.decayEpochs);

/** Indices of the real batch of `iteration` (the epoch's seeded permutation, sliced). */
export function realBatchIndices(cfg: DistillConfig, nTrain: number, iteration: number): Int32Array {
  const ipe = itersPerEpoch(cfg, nTrain);
  const epoch = Math.floor(iteration / ipe), k = iteration % ipe;
  const perm = new Rng(deriveSeed(cfg.seed, 1, epoch)).permutation(nTrain);
  const size = Math.min(cfg.batchSize, nTrain);
  return perm.subarray(k * size, (k + 1) * size);
}

/** Network initialisation seed of `iteration`: the fixed one, or a fresh one per iteration. */
export const initSeedAt = (cfg: DistillConfig, iteration: number) => (cfg.init === 'fixed' ? cfg.seed : deriveSeed(cfg.seed, 2, iteration));

/** Seeds of the initialisations used for evaluation: the fixed one, or unseen ones. */
export const evalSeeds = (cfg: DistillConfig) =>
  cfg.init === 'fixed' ? [cfg.seed] : Array.from({ length: cfg.evalInits }, (_, k) => deriveSeed(cfg.seed, 3, k));

/** Inner learning-rate factor of `iteration`: 1, or u ~ U[1 − j, 1 + j] with `lrJitter` j. */
export function lrScaleAt(cfg: DistillConfig, iteration: number): number {
  const j = cfg.lrJitter ?? 0;
  return j > 0 ? 1 - j + 2 * j * new Rng(deriveSeed(cfg.seed, 5, iteration)).uniform() : 1;
}

/** Caches the fixed initialisation across iterations. */
export class InitCache {
  private fixed: Params | null = null;
  constructor(private readonly cfg: DistillConfig) {}
  /** Parameters for `iteration`; call `release` when done with them. */
  get(iteration: number): Params {
    const make = (seed: number) => precomputeFrozen(this.cfg.model, initModel(this.cfg.model, seed));
    if (this.cfg.init === 'fixed') return (this.fixed ??= make(this.cfg.seed));
    return make(initSeedAt(this.cfg, iteration));
  }
  release(p: Params): void {
    if (p !== this.fixed) disposeParams(p);
  }
  dispose(): void {
    if (this.fixed) disposeParams(this.fixed);
    this.fixed = null;
  }
}

/** The outer loss and its gradient for one iteration (tensors owned by the receiver). */
export interface OuterGradient {
  loss: number;
  dImages: tf.Tensor;
  dRawLrs: tf.Tensor1D;
}

/**
 * The hypergradient of the outer loss on the real examples `idx` (all of the iteration's batch,
 * or one shard of it), scaled by `idx.length / batchTotal` so that shard results add up to the
 * batch mean. Loss and gradients are exact sums over shards.
 */
export function shardHypergradient(cfg: DistillConfig, train: ImageDataset, inits: InitCache, images: tf.Tensor, rawLrs: tf.Tensor1D, iteration: number, idx: ArrayLike<number>, batchTotal: number): OuterGradient {
  const real = toTensors(train, idx);
  const labels = syntheticLabels(cfg.imagesPerClass);
  const params0 = inits.get(iteration);
  try {
    const o = { distillSteps: cfg.distillSteps, distillEpochs: cfg.distillEpochs, lrScale: lrScaleAt(cfg, iteration) };
    const hg = hypergradient(cfg.model, params0, images, rawLrs, labels, real, o);
    const w = idx.length / batchTotal;
    if (w === 1) return hg;
    const scaled = { loss: hg.loss * w, dImages: tf.mul(hg.dImages, w), dRawLrs: tf.mul(hg.dRawLrs, w) as tf.Tensor1D };
    tf.dispose([hg.dImages, hg.dRawLrs]);
    return scaled;
  } finally {
    inits.release(params0);
    tf.dispose([real.x, real.y, labels]);
  }
}

/**
 * The Adam step of iteration `state.iteration` with the epoch's learning rate. Returns the new
 * state; disposes the old state and the gradient.
 * @throws NonFiniteError (state and gradient left untouched) if the loss or the updated images
 *   or learning rates are not finite.
 */
export function applyOuterUpdate(cfg: DistillConfig, state: DistillState, g: OuterGradient, nTrain: number): DistillState {
  if (!Number.isFinite(g.loss)) throw new NonFiniteError(`outer loss is ${g.loss} at iteration ${state.iteration}`);
  const epoch = Math.floor(state.iteration / itersPerEpoch(cfg, nTrain));
  const next = adamStep([state.images, state.rawLrs], [g.dImages, g.dRawLrs], state.adam, { lr: outerLrAt(cfg, epoch), beta1: cfg.betas[0], beta2: cfg.betas[1], updateClip: cfg.updateClip });
  const finite = tf.tidy(() => tf.all(tf.isFinite(next.params[0])).dataSync()[0] === 1 && tf.all(tf.isFinite(next.params[1])).dataSync()[0] === 1);
  if (!finite) {
    tf.dispose(next.params);
    disposeAdam(next.state);
    throw new NonFiniteError(`synthetic images or learning rates became non-finite at iteration ${state.iteration}`);
  }
  tf.dispose([g.dImages, g.dRawLrs]);
  disposeState(state);
  return { images: next.params[0], rawLrs: next.params[1] as tf.Tensor1D, adam: next.state, iteration: state.iteration + 1 };
}

/**
 * One outer iteration on this thread: hypergradient on the iteration's real batch, one Adam
 * step. Returns the new state (the old one is disposed) and the outer loss.
 * @throws NonFiniteError (state untouched) if the loss or the updated images are not finite.
 */
export function distillStep(cfg: DistillConfig, train: ImageDataset, inits: InitCache, state: DistillState): { state: DistillState; loss: number } {
  const idx = realBatchIndices(cfg, train.n, state.iteration);
  const g = shardHypergradient(cfg, train, inits, state.images, state.rawLrs, state.iteration, idx, idx.length);
  try {
    return { state: applyOuterUpdate(cfg, state, g, train.n), loss: g.loss };
  } catch (e) {
    if (!g.dImages.isDisposed) tf.dispose([g.dImages, g.dRawLrs]);
    throw e;
  }
}
