/**
 * The distillation loop, without I/O: one outer iteration (state in `./state`, update in
 * `./update`, schedule in `./schedule`).
 *
 * Reproducibility without generator state; every draw has its named stream of the run's seed
 * (`util/streams.ts`): the synthetic set (`synthetic`); the real batches of epoch e (a
 * permutation from `distillBatchOrder`, e); the fixed network (`initModel(spec, seed)`) or, in
 * 'random' init mode, the network of iteration i (`initModel(spec, randomInit seed of i)`); with
 * `lrJitter`, the inner learning-rate factor of iteration i (`lrJitter`, i); with `truncate`, the
 * window of iteration i (`truncateWindow`, i). So a checkpoint needs only the iteration count,
 * the images, learning rates, soft labels, Adam state and the clipping's running norm, and a
 * resumed run makes exactly the draws an uninterrupted one would.
 */
import * as tf from '@tensorflow/tfjs';
import { ImageDataset } from '../data/dataset';
import { Params, disposeParams, initModel, precomputeFrozen } from '../models';
import { NonFiniteError } from '../util/errors';
import { DistillConfig } from './config';
import {
  OuterGradient,
  ShardGradient,
  Unrolled,
  disposeUnrolled,
  finishGradient,
  shardGradient,
  shards,
  unrollOnce,
} from './shards';
import { UnrollOptions } from './unroll';
import { SetLabels, syntheticLabels } from './labels';
import { DistillState } from './state';
import { applyOuterUpdate, outerGrads } from './update';
import { lrScaleAt, realBatchIndices, initSeedAt, windowAt } from './schedule';

export { NonFiniteError };
export type { OuterGradient };
export { type DistillState, disposeState, initState, learnables } from './state';
export { applyOuterUpdate, outerGrads } from './update';
export {
  evalSeeds,
  initSeedAt,
  itersPerEpoch,
  lrScaleAt,
  outerLrAt,
  realBatchIndices,
  totalIterations,
  windowAt,
} from './schedule';

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
  /** The state's soft labels, or hard labels made for (and freed with) the iteration. */
  labels: SetLabels;
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
  const labels = state.labels ?? syntheticLabels(cfg.imagesPerClass);
  const steps = windowAt(cfg, state.iteration);
  const unroll = {
    distillSteps: cfg.distillSteps,
    distillEpochs: cfg.distillEpochs,
    lrScale: lrScaleAt(cfg, state.iteration),
    ...(steps ? { steps } : {}),
  };
  try {
    const unrolled = unrollOnce(cfg.model, params0, state.images, state.rawLrs, labels, unroll);
    return { params0, labels, unroll, unrolled, batch, parts: shards(batch, cfg.shards) };
  } catch (e) {
    inits.release(params0);
    if (labels !== state.labels) labels.dispose();
    throw e;
  }
}

/** Frees what `beginIteration` allocated (hard labels only: soft ones belong to the state). */
export function abortIteration(inits: InitCache, it: Iteration): void {
  disposeUnrolled(it.unrolled);
  inits.release(it.params0);
  if (it.labels.rank === 1) it.labels.dispose();
}

/** Step 3 of `shards.ts`: the outer gradient from every shard's result (in shard order). */
export function endIteration(
  cfg: DistillConfig,
  inits: InitCache,
  state: DistillState,
  it: Iteration,
  results: ShardGradient[],
): OuterGradient {
  if (results.length !== it.parts.length) {
    throw new Error(`endIteration: expected ${it.parts.length} shard results, received ${results.length}`);
  }
  try {
    return finishGradient(
      cfg.model,
      it.params0,
      state.images,
      state.rawLrs,
      it.labels,
      it.unroll,
      it.unrolled,
      results,
    );
  } finally {
    abortIteration(inits, it);
  }
}

/** The outer loss and its gradient for `state`'s iteration, every shard on this thread. */
export function outerGradient(
  cfg: DistillConfig,
  train: ImageDataset,
  inits: InitCache,
  state: DistillState,
): OuterGradient {
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
 * One outer iteration on this thread: the outer gradient on the iteration's real batch (every
 * shard here; `parallel.ts` spreads them over threads with the same result), one Adam step. Returns the new state
 * (the old one is disposed) and the outer loss.
 * @throws NonFiniteError (state untouched) if the loss or the updated images are not finite.
 */
export function distillStep(
  cfg: DistillConfig,
  train: ImageDataset,
  inits: InitCache,
  state: DistillState,
): { state: DistillState; loss: number } {
  const g = outerGradient(cfg, train, inits, state);
  try {
    return { state: applyOuterUpdate(cfg, state, g, train.n), loss: g.loss };
  } catch (e) {
    if (!g.dImages.isDisposed) tf.dispose(outerGrads(g));
    throw e;
  }
}
