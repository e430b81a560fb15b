/**
 * The distillation loop, without I/O: state, one outer iteration, and the schedule.
 *
 * Reproducibility without generator state; every draw has its named stream of the run's seed
 * (`util/streams.ts`): the synthetic set (`synthetic`); the real batches of epoch e (a
 * permutation from `distillBatchOrder`, e); the fixed network (`initModel(spec, seed)`) or, in
 * 'random' init mode, the network of iteration i (`initModel(spec, randomInit seed of i)`); with
 * `lrJitter`, the inner learning-rate factor of iteration i (`lrJitter`, i). So a checkpoint
 * needs only the iteration count, the images,
 * learning rates and Adam state, and a resumed run makes exactly the draws an uninterrupted
 * one would.
 */
import * as tf from '@tensorflow/tfjs';
import { ImageDataset } from '../data/dataset';
import { Params, disposeParams, initModel, precomputeFrozen } from '../models';
import { NonFiniteError } from '../util/errors';
import { stream, streamSeed } from '../util/streams';
import { AdamState, adamInit, adamStep, disposeAdam } from '../train/adam';
import { DistillConfig } from './config';
import { OuterGradient, ShardGradient, Unrolled, disposeUnrolled, finishGradient, shardGradient, shards, unrollOnce } from './shards';
import { UnrollOptions } from './unroll';
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
export type { OuterGradient };

export function initState(cfg: DistillConfig): DistillState {
  const syn = initSynthetic(cfg.model.input, cfg.imagesPerClass, cfg.distillSteps, cfg.distillEpochs, cfg.distillLr, stream(cfg.seed, 'synthetic'));
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
  const perm = stream(cfg.seed, 'distillBatchOrder', epoch).permutation(nTrain);
  const size = Math.min(cfg.batchSize, nTrain);
  return perm.subarray(k * size, (k + 1) * size);
}

/** Network initialisation seed of `iteration`: the fixed one, or a fresh one per iteration. */
export const initSeedAt = (cfg: DistillConfig, iteration: number) => (cfg.init === 'fixed' ? cfg.seed : streamSeed(cfg.seed, 'randomInit', iteration));

/** Seeds of the initialisations used for evaluation: the fixed one, or unseen ones. */
export const evalSeeds = (cfg: DistillConfig) =>
  cfg.init === 'fixed' ? [cfg.seed] : Array.from({ length: cfg.evalInits }, (_, k) => streamSeed(cfg.seed, 'evalInit', k));

/** Inner learning-rate factor of `iteration`: 1, or u ~ U[1 − j, 1 + j] with `lrJitter` j. */
export function lrScaleAt(cfg: DistillConfig, iteration: number): number {
  const j = cfg.lrJitter ?? 0;
  return j > 0 ? 1 - j + 2 * j * stream(cfg.seed, 'lrJitter', iteration).uniform() : 1;
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

/** One iteration's work on the main thread: its initialisation, trained weights and shards. */
export interface Iteration {
  params0: Params;
  labels: tf.Tensor1D;
  unroll: UnrollOptions;
  unrolled: Unrolled;
  /** All real examples of the iteration (the batch). */
  batch: Int32Array;
  /** The batch's `cfg.shards` parts, in shard order. */
  parts: Int32Array[];
}

/** Steps 1 of `shards.ts` for `state`; release with `endIteration` (or `abortIteration`). */
export function beginIteration(cfg: DistillConfig, nTrain: number, inits: InitCache, state: DistillState): Iteration {
  const batch = realBatchIndices(cfg, nTrain, state.iteration);
  const params0 = inits.get(state.iteration);
  const labels = syntheticLabels(cfg.imagesPerClass);
  const unroll = { distillSteps: cfg.distillSteps, distillEpochs: cfg.distillEpochs, lrScale: lrScaleAt(cfg, state.iteration) };
  try {
    const unrolled = unrollOnce(cfg.model, params0, state.images, state.rawLrs, labels, unroll);
    return { params0, labels, unroll, unrolled, batch, parts: shards(batch, cfg.shards) };
  } catch (e) {
    inits.release(params0);
    labels.dispose();
    throw e;
  }
}

/** Frees what `beginIteration` allocated. */
export function abortIteration(inits: InitCache, it: Iteration): void {
  disposeUnrolled(it.unrolled);
  inits.release(it.params0);
  it.labels.dispose();
}

/** Step 3 of `shards.ts`: the outer gradient from every shard's result (in shard order). */
export function endIteration(cfg: DistillConfig, inits: InitCache, state: DistillState, it: Iteration, results: ShardGradient[]): OuterGradient {
  if (results.length !== it.parts.length) throw new Error(`endIteration: expected ${it.parts.length} shard results, received ${results.length}`);
  try {
    return finishGradient(cfg.model, it.params0, state.images, state.rawLrs, it.labels, it.unroll, it.unrolled, results);
  } finally {
    abortIteration(inits, it);
  }
}

/** The outer loss and its gradient for `state`'s iteration, every shard on this thread. */
export function outerGradient(cfg: DistillConfig, train: ImageDataset, inits: InitCache, state: DistillState): OuterGradient {
  const it = beginIteration(cfg, train.n, inits, state);
  let results: ShardGradient[];
  try {
    results = it.parts.map((part) => shardGradient(cfg.model, train, it.unrolled, part, it.batch.length));
  } catch (e) {
    abortIteration(inits, it);
    throw e;
  }
  return endIteration(cfg, inits, state, it, results);
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
 * One outer iteration on this thread: the outer gradient on the iteration's real batch (every
 * shard here; `parallel.ts` spreads them over threads with the same result), one Adam step. Returns the new state (the old one is disposed) and the outer loss.
 * @throws NonFiniteError (state untouched) if the loss or the updated images are not finite.
 */
export function distillStep(cfg: DistillConfig, train: ImageDataset, inits: InitCache, state: DistillState): { state: DistillState; loss: number } {
  const g = outerGradient(cfg, train, inits, state);
  try {
    return { state: applyOuterUpdate(cfg, state, g, train.n), loss: g.loss };
  } catch (e) {
    if (!g.dImages.isDisposed) tf.dispose([g.dImages, g.dRawLrs]);
    throw e;
  }
}
