/**
 * The Table I experiment of one dataset: every model variant distilled with the fixed-
 * initialisation protocol over the profile's seeds, plus two baselines per variant — random
 * real images (as many per class, trained with the same learned learning rates) and ordinary
 * training on the full training set (one seed). Runs are cached (`run_cache.ts`), so an
 * interrupted notebook resumes where it stopped.
 */
import { randomRealBaseline } from '../distill/baselines';
import { DatasetName, parseModelSpec } from '../models/spec';
import { Row } from '../results/csv';
import { DistillScale, Profile } from '../results/profile';
import { table1Row } from '../results/table1';
import { meanStd } from '../util/spread';
import { loadSplits } from '../runs/datasets';
import { readDistilledSet, softplus } from '../runs/final_set';
import { readRunInfo, runPaths } from '../runs/run_dir';
import { LateGain, lateGain } from '../runs/flatness';
import { readMetrics } from '../runs/metrics';
import { totalIterations } from '../distill/loop';
import { distillSeconds, trainSeconds } from './estimate';
import { roundTo } from '../util/round';
import { PlanProgress } from './progress';
import { distillConfig, trainConfig } from './protocol';
import { DistillRunSpec, TrainRunSpec, computeRun, distillSpec, trainSpec } from './run_spec';
import { whileInterruptible } from '../runs/interrupt';
import { TABLE1_VARIANTS, Variant } from './table1_variants';

export { TABLE1_VARIANTS } from './table1_variants';
export type { Variant } from './table1_variants';

/** One variant × seed. */
export interface Table1Cell {
  variant: Variant;
  seed: number;
  distilled: number;
  randomReal: number;
  /** The learned inner learning rates (softplus values). */
  lrs: number[];
  runDir: string;
  /**
   * The distilled images (normalised), `shape` `[steps, images, H, W, C]`; null where the run store
   * kept only their hash (a later seed: `src/experiments/store_trim.ts`).
   */
  images: Float32Array | null;
  shape: number[];
  /** What the published number gained over the run's last 20 % (`runs/flatness.ts`). */
  lateGain: LateGain | null;
}

export interface Table1Result {
  dataset: DatasetName;
  /** The variants, in the order of `rows`. */
  variants: readonly Variant[];
  /** Rows of `table1.csv` (one per variant). */
  rows: Row[];
  /** One row per variant × seed: accuracies of distilled and baseline sets, learned rates. */
  details: Row[];
  cells: Table1Cell[];
  /** Full-data test accuracy per variant key. */
  fullData: Record<string, number>;
  /** The run configs, for manifests. */
  configs: unknown[];
}

export const TABLE1_DETAIL_COLUMNS = [
  'dataset', 'variant', 'seed', 'distilled_accuracy', 'random_real_accuracy', 'full_data_accuracy', 'learned_lrs',
  'late_gain', 'late_gain_basis', 'run',
] as const;

/** One distillation of a study: a variant at a seed. */
export interface VariantRun {
  variant: Variant;
  seed: number;
  run: DistillRunSpec;
}

/** The cached runs of `runTable1`: per variant, one distillation per seed and one full-data training. */
export interface Table1Runs {
  distill: VariantRun[];
  train: Array<{ variant: Variant; run: TrainRunSpec }>;
}

export function table1Runs(
  dataset: DatasetName,
  profile: Profile,
  variants: readonly Variant[] = TABLE1_VARIANTS,
): Table1Runs {
  const scale = profile.distill[dataset],
    full = profile.fullData[dataset];
  return {
    distill: seededRuns(dataset, variants, scale.seeds, scale, profile.name),
    train: variants.map((variant) => ({
      variant,
      run: trainSpec(
        `${dataset} ${variant.label}: full-data training`,
        trainConfig(dataset, variant.model, 0, full),
        full,
      ),
    })),
  };
}

/** Runs (or reuses) the whole Table I experiment of `dataset` at `profile`'s scale. */
export async function runTable1(
  dataset: DatasetName,
  profile: Profile,
  o: { variants?: readonly Variant[]; print?: (line: string) => void; workers?: number } = {},
): Promise<Table1Result> {
  return whileInterruptible(() => runTable1Now(dataset, profile, o));
}

async function runTable1Now(
  dataset: DatasetName,
  profile: Profile,
  o: { variants?: readonly Variant[]; print?: (line: string) => void; workers?: number } = {},
): Promise<Table1Result> {
  const variants = o.variants ?? TABLE1_VARIANTS;
  const scale = profile.distill[dataset];
  const runs = table1Runs(dataset, profile, variants);
  const plan = new PlanProgress(runs.distill.length + runs.train.length, o.print);
  const { train, test } = loadSplits(dataset, { trainLimit: scale.trainLimit });
  const cells: Table1Cell[] = [];
  const fullData: Record<string, number> = {};
  const configs: unknown[] = [];
  for (const v of variants) {
    for (const { seed, run: spec } of runs.distill.filter((r) => r.variant === v)) {
      const cfg = spec.cfg;
      configs.push(cfg);
      plan.begin(`${spec.label}: distillation`);
      const run = await computeRun(spec, profile.name, { workers: o.workers, onDistill: plan.distill });
      const info = readRunInfo(run.runDir);
      const set = readDistilledSet(runPaths(run.runDir), cfg, info.configHash, { trimmed: 'allow' });
      const lrs = Array.from(set.rawLrs, softplus);
      const base = randomRealBaseline(cfg, train, test, profile.randomRealDraws, lrs, scale.testLimit ?? undefined);
      cells.push({
        variant: v,
        seed,
        distilled: run.final.eval.mean,
        randomReal: base.mean,
        lrs,
        runDir: run.runDir,
        images: set.images,
        shape: set.shape,
        lateGain: lateGain(readMetrics(runPaths(run.runDir).metrics), totalIterations(cfg, train.n)),
      });
      plan.end(`distilled ${run.final.eval.mean.toFixed(2)}%, random real ${base.mean.toFixed(2)}%`, run.reused);
    }
    const spec = runs.train.find((r) => r.variant === v)!.run;
    configs.push(spec.cfg);
    plan.begin(spec.label);
    const t = await computeRun(spec, profile.name, { onTrain: plan.train });
    fullData[v.key] = t.accuracy;
    plan.end(`full data ${t.accuracy.toFixed(2)}%`, t.reused);
  }
  const ipc = configs.length ? (configs[0] as { imagesPerClass: number }).imagesPerClass : 0;
  const rows = variants.map((v) => {
    const accs = cells.filter((c) => c.variant === v).map((c) => c.distilled);
    return table1Row(dataset, v.key, parseModelSpec(v.model, dataset), 'fixed', ipc, accs, profile.name);
  });
  const details = cells.map((c) => ({
    dataset,
    variant: c.variant.key,
    seed: c.seed,
    distilled_accuracy: roundTo(c.distilled, 2),
    random_real_accuracy: roundTo(c.randomReal, 2),
    full_data_accuracy: roundTo(fullData[c.variant.key], 2),
    learned_lrs: c.lrs.map((x) => x.toPrecision(4)).join(';'),
    late_gain: c.lateGain ? roundTo(c.lateGain.gain, 2) : null,
    late_gain_basis: c.lateGain?.basis ?? null,
    run: c.runDir.split('/').slice(-1)[0],
  }));
  return { dataset, variants, rows, details, cells, fullData, configs };
}

/** Mean ± std of a variant's distilled accuracies over seeds. */
export function variantSummary(
  result: Table1Result,
  key: string,
): { mean: number; std: number; randomReal: number; fullData: number } {
  const cs = result.cells.filter((c) => c.variant.key === key);
  return {
    ...meanStd(cs.map((c) => c.distilled)),
    randomReal: meanStd(cs.map((c) => c.randomReal)).mean,
    fullData: result.fullData[key],
  };
}

/** Estimated seconds of `runTable1` on the reference machine (see `estimate.ts`). */
export function estimateTable1(
  dataset: DatasetName,
  profile: Profile,
  variants: readonly Variant[] = TABLE1_VARIANTS,
): number {
  const scale = profile.distill[dataset];
  return variants.reduce(
    (s, v) =>
      s +
      scale.seeds.length * distillSeconds(dataset, v.model, scale) +
      trainSeconds(dataset, profile.fullData[dataset]),
    0,
  );
}

/** One distillation run per variant and seed with the Table I protocol at `scale`. */
export function seededRuns(dataset: DatasetName, variants: readonly Variant[], seeds: readonly number[],
  scale: DistillScale, profile: string): VariantRun[] {
  return variants.flatMap((variant) =>
    seeds.map((seed) => ({
      variant,
      seed,
      run: distillSpec(
        `${dataset} ${variant.label}, seed ${seed}`,
        distillConfig(dataset, variant.model, seed, scale, profile),
        scale,
      ),
    })),
  );
}
