/**
 * Benchmark of one outer iteration of dataset distillation in the paper's MNIST setting, for
 * the classical and the quantum LeNet, on the active backend (call `initBackend()` first).
 *
 * One iteration (`step`), exactly what a distillation iteration does: 10 synthetic images
 * `[1, 10, 28, 28, 1]` (1 per class, 1 step × 3 epochs, learning rate 0.02 through softplus),
 * a real batch of B MNIST training images (`toTensors` of the next batch of a seeded epoch
 * order, `batchIndices`), `hypergradient` (3 unrolled inner GD steps on the safe path, outer
 * cross-entropy on the real batch on the fast path, gradient in the images and raw learning
 * rates), one Adam step (lr 0.01, β 0.5 / 0.999) on images and learning rates, new images and
 * learning rates read back. The synthetic set evolves from round to round as in a run.
 *
 * Split (unless `split: false`), timed in the same interleaved rounds on a fixed real batch:
 * - `real_fwd_bwd`: forward + backward of the model on the real batch alone (fast path,
 *   gradients in every trainable parameter read back): the real-batch part of an iteration;
 * - `real_fwd`: its forward pass alone (loss read back).
 * The rest of an iteration (`rest` = step − real_fwd_bwd, from the medians) is the unrolled
 * inner loop with its second-order backward, batch conversion and Adam.
 * - the phases of one iteration on the main thread, on a fixed state (`distill/shards.ts`):
 *   `unroll_fwd` (the value-only unroll), `shards` (every shard's first-order gradient, all on
 *   one thread), `pull_back` (the taped unroll and its reverse pass) and `adam`; with workers,
 *   the shards are shared, the rest stays on the main thread.
 * Also `kernels`: TF.js kernels one whole iteration launches (every shard on one thread).
 */
import * as tf from '@tensorflow/tfjs';
import { loadMnist } from '../data';
import { DEFAULT_SHARDS, defaultWorkers } from '../util/threads';
import { DISTILL_ITERATION, DistillBenchModel, DistillModelRun, MODEL_KEYS, ModelKey, createRun } from './distill_run';
import { TimingProgress, TimingStats, timeInterleaved, checkIntOption, roundTo } from './stats';

export { DISTILL_ITERATION, MODEL_KEYS };
export type { DistillBenchModel, ModelKey };

/** Options of `benchDistill`; every field has a default (`DISTILL_BENCH_DEFAULTS`). */
export interface DistillBenchOptions {
  /** Real batch size (1 to 60000). */
  batch?: number;
  repeats?: number;
  warmup?: number;
  /** Seed of the initialisation, the synthetic images and the batch order. */
  seed?: number;
  models?: readonly DistillBenchModel[];
  /** Also time the real-batch forward(+backward) alone (default true). */
  split?: boolean;
  /** Worker threads sharing each real batch (default: one per extra core on wasm/cpu, see `defaultWorkers`). */
  workers?: number;
  onProgress?: TimingProgress;
}

export const DISTILL_BENCH_DEFAULTS = {
  batch: 1024,
  repeats: 10,
  warmup: 2,
  seed: 1,
  models: ['classical', 'quantum'],
  split: true,
} as const;

/** The per-model figures (suffixes of `classical_lenet_…` / `quantum_lenet_…`). */
type FigureSuffix = 's_per_iter' | 'min_s' | 'p90_s' | 'iters_per_min' | 'real_fwd_bwd_s' | 'real_fwd_s' | 'rest_s'
  | 'unroll_fwd_s' | 'shards_s' | 'pull_back_s' | 'adam_s' | 'kernels';
type PerModel = { [K in `${ModelKey}_${FigureSuffix}`]: number | null };

/**
 * Flat figures as printed by `qdistill bench distill --json`: per model, seconds per
 * iteration (median; `_min_s`, `_p90_s`), iterations per minute (60 / median) and the split
 * (`_real_fwd_bwd_s`, `_real_fwd_s`, `_rest_s`, medians); null for a model or split not run.
 */
export type DistillBenchFigures = {
  bench: 'distill';
  backend: string;
  dataset: 'mnist';
  batch: number;
  repeats: number;
  warmup: number;
  seed: number;
  /** Worker threads that shared each real batch with the main thread. */
  workers: number;
  /** Threads of an iteration: workers + 1. */
  threads: number;
  /** Shards of each real batch (the config default). */
  shards: number;
  synthetic_images: number;
  distill_steps: number;
  distill_epochs: number;
  distill_lr: number;
  adam_lr: number;
} & PerModel;

/** The figures plus every operation's statistics and samples (ms), keyed `<model>.<op>`. */
export type DistillBenchResult = DistillBenchFigures & {
  stats: Record<string, TimingStats>;
  samples_ms: Record<string, number[]>;
  /** Outer loss of every iteration run (warm-up included), per model. */
  losses: Partial<Record<ModelKey, number[]>>;
};

const checkInt = (name: string, v: number, min: number, max = Infinity) =>
  checkIntOption('benchDistill', name, v, min, max);
const round = roundTo;

/**
 * Times outer distillation iterations (see module comment) and returns the figures.
 * Frees every tensor it creates.
 * @throws Error on invalid options, or if an outer loss is not finite.
 */
export async function benchDistill(options: DistillBenchOptions = {}): Promise<DistillBenchResult> {
  const o = { ...DISTILL_BENCH_DEFAULTS, ...options };
  const ds = loadMnist('train');
  const batch = checkInt('batch', o.batch, 1, ds.n);
  const repeats = checkInt('repeats', o.repeats, 1);
  const warmup = checkInt('warmup', o.warmup, 0);
  const models = [...new Set(o.models)];
  if (models.length === 0 || models.some((m) => m !== 'classical' && m !== 'quantum')) {
    throw new Error(`benchDistill: expected models among 'classical', 'quantum', received ${JSON.stringify(o.models)}`);
  }
  const runs: DistillModelRun[] = [];
  try {
    const workers = checkInt('workers', o.workers ?? defaultWorkers(tf.getBackend()), 0);
    for (const m of models) runs.push(await createRun(m, ds, batch, o.seed, workers));
    const ops: Record<string, () => unknown> = {};
    for (const run of runs) {
      ops[`${run.key}.step`] = () => run.step();
      if (o.split) {
        ops[`${run.key}.real_fwd_bwd`] = () => run.realForwardBackward();
        ops[`${run.key}.real_fwd`] = () => run.realForward();
        ops[`${run.key}.unroll_fwd`] = () => run.phases.unrollForward();
        ops[`${run.key}.shards`] = () => run.phases.shards();
        ops[`${run.key}.pull_back`] = () => run.phases.pullBack();
        ops[`${run.key}.adam`] = () => run.phases.adam();
      }
    }
    const kernels: Record<string, number> = {};
    if (o.split) for (const run of runs) kernels[run.key] = await run.kernels();
    const { samples, stats } = await timeInterleaved(ops, repeats, warmup, o.onProgress);
    const perModel: Record<string, number | null> = {};
    for (const key of Object.values(MODEL_KEYS)) {
      const s = stats[`${key}.step`] as TimingStats | undefined;
      const fb = stats[`${key}.real_fwd_bwd`] as TimingStats | undefined;
      const f = stats[`${key}.real_fwd`] as TimingStats | undefined;
      const sec = (v: number | undefined) => (v === undefined ? null : round(v / 1000, 4));
      perModel[`${key}_s_per_iter`] = sec(s?.median);
      perModel[`${key}_min_s`] = sec(s?.min);
      perModel[`${key}_p90_s`] = sec(s?.p90);
      perModel[`${key}_iters_per_min`] = s ? round(60000 / s.median, 1) : null;
      perModel[`${key}_real_fwd_bwd_s`] = sec(fb?.median);
      perModel[`${key}_real_fwd_s`] = sec(f?.median);
      perModel[`${key}_rest_s`] = s && fb ? sec(s.median - fb.median) : null;
      for (const phase of ['unroll_fwd', 'shards', 'pull_back', 'adam'] as const) {
        perModel[`${key}_${phase}_s`] = sec((stats[`${key}.${phase}`] as TimingStats | undefined)?.median);
      }
      perModel[`${key}_kernels`] = kernels[key] ?? null;
    }
    return {
      bench: 'distill',
      backend: tf.getBackend(),
      dataset: 'mnist',
      batch,
      repeats,
      warmup,
      seed: o.seed,
      workers,
      threads: workers + 1,
      shards: DEFAULT_SHARDS,
      synthetic_images: DISTILL_ITERATION.imagesPerClass * 10,
      distill_steps: DISTILL_ITERATION.distillSteps,
      distill_epochs: DISTILL_ITERATION.distillEpochs,
      distill_lr: DISTILL_ITERATION.distillLr,
      adam_lr: DISTILL_ITERATION.lr,
      ...(perModel as PerModel),
      stats,
      samples_ms: samples,
      losses: Object.fromEntries(runs.map((r) => [r.key, r.losses])),
    };
  } finally {
    for (const r of runs) await r.dispose();
  }
}

/** The flat figures of a result (without statistics, samples and losses). */
export function distillBenchFigures(r: DistillBenchResult): DistillBenchFigures {
  const { stats: _stats, samples_ms: _samples, losses: _losses, ...figures } = r;
  return figures;
}
