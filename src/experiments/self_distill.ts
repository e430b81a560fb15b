/**
 * Self-distillation and convergence speed (notebook 21): QNN classifiers (4q×2L and 6q×2L, the
 * preprocessing of `KD_PREPROCESSING`) trained per seed in three ways, same initialisation and
 * batch order:
 * - `plain`: cross-entropy;
 * - `snapshot`: taught by its own previous-epoch snapshot (`selfDistill: { fromEpoch: 1,
 *   refreshEvery: 1 }`: epoch 1 plain, then after every epoch the frozen current model becomes
 *   the teacher of the next);
 * - `copy`: taught from the start by a same-size copy trained with cross-entropy from another
 *   initialisation (seed `copySeed(seed)`, a stream of its own; "born-again" networks); its training is
 *   reported as a cost.
 * Convergence speed: the first epoch (and the student's circuit executions up to it) at which the
 * test accuracy reaches the target `targetFraction` × the plain model's final accuracy (per seed).
 */
import { KdEpoch, trainKd } from '../train/kd_train';
import { disposeParams } from '../models';
import { Row } from '../results/csv';
import { curvesFigure } from '../results/figures';
import { Profile } from '../results/profile';
import { meanStd } from '../results/table1';
import { PlotlyFigure } from '../plot/plotly';
import { loadSplits } from '../runs/datasets';
import { roundTo } from '../util/round';
import { streamSeed } from '../util/streams';
import { KD_STEP_SECONDS, classifierSpec, modelLabel } from './kd';
import { CachedKdRun, kdRunCached } from './kd_cache';
import { PlanProgress } from './progress';
import { whileInterruptible } from '../runs/interrupt';

export const SELF_DISTILL_MODELS = [{ qubits: 4, layers: 2 }, { qubits: 6, layers: 2 }] as const;
export const SELF_DISTILL_VARIANTS = [
  { key: 'plain', label: 'plain (cross-entropy)' },
  { key: 'snapshot', label: 'taught by its previous-epoch snapshot' },
  { key: 'copy', label: 'taught by a trained same-size copy' },
] as const;
export type SelfDistillVariant = (typeof SELF_DISTILL_VARIANTS)[number]['key'];
/** Seed of the same-size copy that teaches the student of `seed` (its own stream of that seed). */
export const copySeed = (seed: number): number => streamSeed(seed, 'kdCopyInit');

export interface SelfDistillRun {
  model: string;
  seed: number;
  variant: SelfDistillVariant;
  run: CachedKdRun;
  /** targetFraction × the plain run's final accuracy (same model and seed). */
  target: number;
  /** First epoch with accuracy ≥ target (null: never). */
  epochsToTarget: number | null;
  /** The student's hardware circuit executions up to that epoch. */
  circuitsToTarget: number | null;
  /** Hardware circuits of training the teacher (the copy; 0 otherwise). */
  teacherTrainingCircuits: number;
}

export const SELF_DISTILL_CURVE_COLUMNS = [
  'model', 'variant', 'seed', 'epoch', 'accuracy', 'loss', 'taught', 'executions_forward', 'executions_gradient',
  'hardware_circuits', 'teacher_executions',
] as const;
export const SELF_DISTILL_COLUMNS = [
  'model', 'variant', 'n_seeds', 'target_fraction', 'target_accuracy_mean', 'reached', 'epochs_to_target_mean',
  'epochs_to_target_std', 'hardware_circuits_to_target_mean', 'teacher_training_hardware_circuits',
  'final_accuracy_mean', 'final_accuracy_std', 'best_accuracy_mean',
] as const;

export interface SelfDistillResult {
  runs: SelfDistillRun[];
  curves: Row[];
  summary: Row[];
  config: unknown;
}

/** Runs (or reuses) the self-distillation study at the profile's scale. */
export async function runSelfDistill(
  profile: Profile,
  o: { print?: (line: string) => void } = {},
): Promise<SelfDistillResult> {
  return whileInterruptible(() => runSelfDistillNow(profile, o));
}

async function runSelfDistillNow(
  profile: Profile,
  o: { print?: (line: string) => void } = {},
): Promise<SelfDistillResult> {
  const s = profile.kd, sd = s.selfDistill;
  const plan = new PlanProgress(SELF_DISTILL_MODELS.length * sd.seeds.length * 4, o.print);
  const { train, test } = loadSplits('mnist', { trainLimit: sd.trainLimit });
  const base = {
    epochs: sd.epochs,
    batchSize: s.students.batchSize,
    lr: s.students.lr,
    testLimit: s.testLimit ?? undefined,
  };
  const kd = { lambda: s.lambda, temperature: s.temperature };
  const runs: SelfDistillRun[] = [];
  for (const m of SELF_DISTILL_MODELS) {
    const spec = classifierSpec(m), label = modelLabel(m);
    for (const seed of sd.seeds) {
      const cached = async (
        what: string,
        key: Record<string, unknown>,
        train_: Parameters<typeof kdRunCached>[3],
        keep = false,
      ) => {
        plan.begin(`${label}, seed ${seed}: ${what}`);
        const r = await kdRunCached(
          profile.name,
          `kd-self-${label}-s${seed}-${key.variant}`,
          { model: spec, trainLimit: sd.trainLimit, ...key },
          train_,
          keep,
        );
        plan.end(`final test accuracy ${r.accuracy.toFixed(2)}%`, r.reused);
        return r;
      };
      const plainOpts = { ...base, seed };
      const plain = await cached('plain', { variant: 'plain', options: plainOpts }, () =>
        trainKd(spec, train, test, { ...plainOpts, onProgress: plan.train }),
      );
      const snapOpts = { ...plainOpts, ...kd, selfDistill: { fromEpoch: 1, refreshEvery: 1 } };
      const snapshot = await cached(
        'previous-epoch snapshot as teacher',
        { variant: 'snapshot', options: snapOpts },
        () => trainKd(spec, train, test, { ...snapOpts, onProgress: plan.train }),
      );
      const copyOpts = { ...base, seed: copySeed(seed) };
      const copy = await cached(
        `same-size copy (seed ${copySeed(seed)}) trained as teacher`,
        { variant: 'copy-teacher', options: copyOpts },
        () => trainKd(spec, train, test, { ...copyOpts, onProgress: plan.train }),
        true,
      );
      let taught: CachedKdRun;
      try {
        const taughtOpts = { ...plainOpts, ...kd };
        taught = await cached(
          'taught by the trained copy',
          { variant: 'copy', options: taughtOpts, teacher: copy.dir.split(/[\\/]/).pop() },
          () =>
            trainKd(spec, train, test, {
              ...taughtOpts,
              teacher: { spec, params: copy.params! },
              onProgress: plan.train,
            }),
        );
      } finally {
        disposeParams(copy.params!);
      }
      const target = sd.targetFraction * plain.accuracy;
      const copyCost = copy.history[copy.history.length - 1].executions.hardwareCircuits;
      for (const [variant, run] of [
        ['plain', plain],
        ['snapshot', snapshot],
        ['copy', taught],
      ] as Array<[SelfDistillVariant, CachedKdRun]>) {
        const hit = firstReaching(run.history, target);
        runs.push({
          model: label,
          seed,
          variant,
          run,
          target,
          epochsToTarget: hit?.epoch ?? null,
          circuitsToTarget: hit?.executions.hardwareCircuits ?? null,
          teacherTrainingCircuits: variant === 'copy' ? copyCost : 0,
        });
      }
    }
  }
  return { runs, curves: curveRows(runs), summary: summaryRows(runs, sd.targetFraction), config: { kd: s,
    models: SELF_DISTILL_MODELS, copySeed: "streamSeed(seed, 'kdCopyInit')", selfDistill: { fromEpoch: 1,
    refreshEvery: 1 } } };
}

/** The first trained epoch (≥ 1) whose test accuracy is at least `target` (%), or null. */
export const firstReaching = (history: readonly KdEpoch[], target: number): KdEpoch | null =>
  history.find((h) => h.epoch > 0 && h.accuracy >= target) ?? null;

function curveRows(runs: readonly SelfDistillRun[]): Row[] {
  return runs.flatMap((r) =>
    r.run.history.map((h) => ({
      model: r.model,
      variant: r.variant,
      seed: r.seed,
      epoch: h.epoch,
      accuracy: roundTo(h.accuracy, 2),
      loss: h.loss === null ? null : roundTo(h.loss, 4),
      taught: h.taught,
      executions_forward: h.executions.forward,
      executions_gradient: h.executions.gradient,
      hardware_circuits: h.executions.hardwareCircuits,
      teacher_executions: h.teacherExecutions.forward,
    })),
  );
}

function summaryRows(runs: readonly SelfDistillRun[], fraction: number): Row[] {
  const rows: Row[] = [];
  for (const model of [...new Set(runs.map((r) => r.model))]) {
    for (const v of SELF_DISTILL_VARIANTS) {
      const rs = runs.filter((r) => r.model === model && r.variant === v.key);
      const hit = rs.filter((r) => r.epochsToTarget !== null);
      const e = hit.length ? meanStd(hit.map((r) => r.epochsToTarget!)) : null;
      const fin = meanStd(rs.map((r) => r.run.accuracy));
      rows.push({
        model,
        variant: v.key,
        n_seeds: rs.length,
        target_fraction: fraction,
        target_accuracy_mean: roundTo(meanStd(rs.map((r) => r.target)).mean, 2),
        reached: `${hit.length}/${rs.length}`,
        epochs_to_target_mean: e ? roundTo(e.mean, 2) : null,
        epochs_to_target_std: e ? roundTo(e.std, 2) : null,
        hardware_circuits_to_target_mean: hit.length
          ? Math.round(meanStd(hit.map((r) => r.circuitsToTarget!)).mean)
          : null,
        teacher_training_hardware_circuits: Math.round(meanStd(rs.map((r) => r.teacherTrainingCircuits)).mean),
        final_accuracy_mean: roundTo(fin.mean, 2),
        final_accuracy_std: roundTo(fin.std, 2),
        best_accuracy_mean: roundTo(meanStd(rs.map((r) => Math.max(...r.run.history.map((h) => h.accuracy)))).mean, 2),
      });
    }
  }
  return rows;
}

/** Test accuracy per epoch (mean over seeds) per model and variant, with each model's mean target as a dotted line. */
export function selfDistillFigure(runs: readonly SelfDistillRun[], title: string): PlotlyFigure {
  const DASH: Record<SelfDistillVariant, string> = { plain: 'solid', snapshot: 'dash', copy: 'dashdot' };
  const series = [...new Set(runs.map((r) => r.model))].flatMap((model) => {
    const rs = runs.filter((r) => r.model === model);
    const epochs = rs[0].run.history.map((h) => h.epoch);
    const target = meanStd(rs.filter((r) => r.variant === 'plain').map((r) => r.target)).mean;
    return [
      ...SELF_DISTILL_VARIANTS.map((v) => {
        const vs = rs.filter((r) => r.variant === v.key);
        return {
          name: `${model}, ${v.label}`,
          x: epochs,
          y: epochs.map((_, i) => meanStd(vs.map((r) => r.run.history[i].accuracy)).mean),
          dash: DASH[v.key],
        };
      }),
      {
        name: `${model}, target ${target.toFixed(1)}%`,
        x: [epochs[0], epochs[epochs.length - 1]],
        y: [target, target],
        dash: 'dot',
      },
    ];
  });
  return curvesFigure(title, series, 'epoch', 'test accuracy (%), mean over seeds');
}

/** Estimated seconds of notebook 21 at a profile (reference machine; cached runs excluded). */
export function estimateSelfDistillSeconds(profile: Profile): number {
  const s = profile.kd, n = s.selfDistill.trainLimit ?? 60000, evals = (s.testLimit ?? 10000) / 1000;
  const perRun = (q: number) =>
    s.selfDistill.epochs * (Math.ceil(n / s.students.batchSize) * KD_STEP_SECONDS[q] + 0.02 * evals);
  return 20 + SELF_DISTILL_MODELS.reduce((a, m) => a + s.selfDistill.seeds.length * 4 * perRun(m.qubits), 0);
}
