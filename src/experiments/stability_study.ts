/**
 * The stability study of notebook 03: trainable vs fixed Hermitian observables, and the
 * authors' frozen circuit vs trained circuit weights, each distilled over the profile's seeds
 * with the Table I protocol (the first two variants are Table I rows, so their runs are shared
 * with notebook 01 through the run cache).
 */
import { Row } from '../results/csv';
import { Profile } from '../results/profile';
import { readRunInfo, runPaths } from '../runs/run_dir';
import { readDistilledSet } from '../runs/final_set';
import { listSnapshots, readSnapshot } from '../runs/snapshots';
import { LossEvent, isEvalEvent, readMetrics } from '../runs/metrics';
import { stateShapes } from '../runs/checkpoint';
import { itersPerEpoch } from '../distill/loop';
import { roundTo } from '../util/round';
import { PlanProgress } from './progress';
import { distillConfig } from './protocol';
import { computeRun, distillSpec } from './run_spec';
import { InnerProbe, LossStats, innerProbe, lossStats } from './stability';
import { TABLE1_VARIANTS, Variant, VariantRun } from './table1';
import { whileInterruptible } from '../runs/interrupt';

const byKey = (k: string) => TABLE1_VARIANTS.find((v) => v.key === k) as Variant;

/** Trainable Hermitian, fixed Hermitian, and trainable Hermitian with the authors' frozen circuit. */
export const STABILITY_VARIANTS: readonly Variant[] = [
  byKey('q-res-hermitian'),
  byKey('q-res-hermitian-fixed'),
  {
    key: 'q-res-hermitian-frozen',
    label: "QLeNet residual, trainable Hermitian, frozen circuit (authors' code)",
    model: { ...byKey('q-res-hermitian').model, freezeCircuit: true },
  },
];

export interface StabilityRun {
  variant: Variant;
  seed: number;
  accuracy: number;
  loss: LossStats;
  /** Outer loss per iteration. */
  losses: number[];
  /** The inner-loop probe at each snapshot and at the end. */
  probes: Array<{ iteration: number } & InnerProbe>;
}

export const STABILITY_COLUMNS = [
  'variant', 'seed', 'accuracy', 'loss_spikes', 'last_epoch_loss_mean', 'last_epoch_loss_std', 'hermitian_change',
  'max_eigenvalue', 'alpha', 'circuit_change', 'iterations',
] as const;

const r4 = (x: number | null) => (x === null ? null : roundTo(x, 4));

/** The cached runs of `runStability`: every variant × seed at Table I's MNIST scale. */
export function stabilityRuns(profile: Profile, variants: readonly Variant[] = STABILITY_VARIANTS): VariantRun[] {
  const scale = profile.distill.mnist;
  return variants.flatMap((variant) =>
    scale.seeds.map((seed) => ({
      variant,
      seed,
      run: distillSpec(
        `${variant.label}, seed ${seed}`,
        distillConfig('mnist', variant.model, seed, scale, profile.name),
        scale,
      ),
    })),
  );
}

/** Runs (or reuses) every variant × seed on MNIST and measures it. */
export async function runStability(
  profile: Profile,
  o: { variants?: readonly Variant[]; print?: (line: string) => void; workers?: number } = {},
): Promise<{ runs: StabilityRun[]; rows: Row[]; configs: unknown[] }> {
  return whileInterruptible(() => runStabilityNow(profile, o));
}

async function runStabilityNow(
  profile: Profile,
  o: { variants?: readonly Variant[]; print?: (line: string) => void; workers?: number } = {},
): Promise<{ runs: StabilityRun[]; rows: Row[]; configs: unknown[] }> {
  const variants = o.variants ?? STABILITY_VARIANTS;
  const scale = profile.distill.mnist;
  const specs = stabilityRuns(profile, variants);
  const plan = new PlanProgress(specs.length, o.print);
  const runs: StabilityRun[] = [];
  const configs: unknown[] = [];
  for (const v of variants) {
    for (const { seed, run: spec } of specs.filter((r) => r.variant === v)) {
      const cfg = spec.cfg;
      configs.push(cfg);
      plan.begin(spec.label);
      const run = await computeRun(spec, profile.name, { workers: o.workers, onDistill: plan.distill });
      const paths = runPaths(run.runDir);
      const metrics = readMetrics(paths.metrics);
      const info = readRunInfo(run.runDir);
      const ipe = itersPerEpoch(cfg, scale.trainLimit ?? 60000);
      const probes: StabilityRun['probes'] = [];
      const final = readDistilledSet(paths, cfg, info.configHash);
      for (const it of listSnapshots(paths.snapshots)) {
        const s = readSnapshot(paths.snapshots, it, final.shape, stateShapes(cfg).labels);
        probes.push({ iteration: it, ...innerProbe(cfg, s.images, final.shape, s.rawLrs, s.labels) });
      }
      probes.push({
        iteration: final.iteration,
        ...innerProbe(cfg, final.images, final.shape, final.rawLrs, final.labels),
      });
      const losses = metrics.filter((e): e is LossEvent => !isEvalEvent(e)).map((e) => e.loss);
      runs.push({ variant: v, seed, accuracy: run.final.eval.mean, loss: lossStats(metrics, ipe), losses, probes });
      plan.end(`accuracy ${run.final.eval.mean.toFixed(2)}%`, run.reused);
    }
  }
  const rows = runs.map((r) => {
    const last = r.probes[r.probes.length - 1];
    return {
      variant: r.variant.key, seed: r.seed, accuracy: roundTo(r.accuracy, 2), loss_spikes: r.loss.spikes,
      last_epoch_loss_mean: r4(r.loss.lastMean), last_epoch_loss_std: r4(r.loss.lastStd),
      hermitian_change: r4(last.hermitianChange), max_eigenvalue: r4(last.maxEigenvalue), alpha: r4(last.alpha),
      circuit_change: r4(last.circuitChange), iterations: r.loss.iterations,
    };
  });
  return { runs, rows, configs };
}
