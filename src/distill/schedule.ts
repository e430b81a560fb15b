/**
 * The distillation schedule and the draws of each outer iteration, from the run's seed and the
 * iteration alone (named streams, `util/streams.ts`): iterations per epoch, the outer learning
 * rate, the real batch, the network initialisation, the inner learning-rate jitter and the
 * truncated unroll's window. A resumed run makes exactly the draws an uninterrupted one would.
 */
import { DistillConfig } from './config';
import { stream, streamSeed } from '../util/streams';

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
export const initSeedAt = (cfg: DistillConfig, iteration: number) =>
  cfg.init === 'fixed' ? cfg.seed : streamSeed(cfg.seed, 'randomInit', iteration);

/** Seeds of the initialisations used for evaluation: the fixed one, or unseen ones. */
export const evalSeeds = (cfg: DistillConfig) =>
  cfg.init === 'fixed'
    ? [cfg.seed]
    : Array.from({ length: cfg.evalInits }, (_, k) => streamSeed(cfg.seed, 'evalInit', k));

/** Inner learning-rate factor of `iteration`: 1, or u ~ U[1 − j, 1 + j] with `lrJitter` j. */
export function lrScaleAt(cfg: DistillConfig, iteration: number): number {
  const j = cfg.lrJitter ?? 0;
  return j > 0 ? 1 - j + 2 * j * stream(cfg.seed, 'lrJitter', iteration).uniform() : 1;
}

/**
 * Inner steps differentiated at `iteration`: all (undefined), or with `truncate` the window
 * [s, s + window) with s uniform in [0, T − window] from stream `truncateWindow` of the iteration.
 */
export function windowAt(cfg: DistillConfig, iteration: number): [number, number] | undefined {
  if (!cfg.truncate) return undefined;
  const total = cfg.distillSteps * cfg.distillEpochs, w = cfg.truncate.window;
  const s = Math.floor(stream(cfg.seed, 'truncateWindow', iteration).uniform() * (total - w + 1));
  return [Math.min(s, total - w), Math.min(s, total - w) + w];
}
