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
import { trainKd } from '../train/kd_train';
import { disposeParams } from '../models';
import { Row } from '../results/csv';
import { Profile } from '../results/profile';
import { loadSplits } from '../runs/datasets';
import { classifierSpec, modelLabel } from './kd';
import { CachedKdRun, kdRunCached } from './kd_cache';
import { PlanProgress } from './progress';
import { whileInterruptible } from '../runs/interrupt';
import { SELF_DISTILL_MODELS, SelfDistillRun, SelfDistillVariant, copySeed, firstReaching } from './self_distill_spec';
import { curveRows, summaryRows } from './self_distill_rows';

export * from './self_distill_spec';
export { SELF_DISTILL_COLUMNS, SELF_DISTILL_CURVE_COLUMNS } from './self_distill_rows';
export * from './self_distill_figure';

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
