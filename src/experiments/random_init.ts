/**
 * The random-initialisation protocol (notebook 04), which the paper did not run: a fresh
 * network initialisation at every outer iteration, and evaluation on `evalInits` unseen
 * initialisations (mean ± std over them). Classical LeNet vs the best quantum LeNet row.
 */
import { randomRealBaseline } from '../distill/baselines';
import { parseModelSpec } from '../models/spec';
import { Row } from '../results/csv';
import { Profile } from '../results/profile';
import { table1Row } from '../results/table1';
import { loadSplits } from '../runs/datasets';
import { readDistilledSet, softplus } from '../runs/final_set';
import { readRunInfo, runPaths } from '../runs/run_dir';
import { roundTo } from '../util/round';
import { PlanProgress } from './progress';
import { distillConfig } from './protocol';
import { computeRun, distillSpec } from './run_spec';
import { overDraws } from '../util/spread';
import { TABLE1_VARIANTS, Variant, VariantRun } from './table1';
import { whileInterruptible } from '../runs/interrupt';

export const RANDOM_INIT_VARIANTS: readonly Variant[] = TABLE1_VARIANTS.filter(
  (v) => v.key === 'classical' || v.key === 'q-res-hermitian',
);

export const RANDOM_INIT_COLUMNS = [
  'variant',
  'seed',
  'eval_init',
  'distilled_accuracy',
  'random_real_accuracy',
] as const;

export interface RandomInitResult {
  /** Rows of `table1.csv` with init = random (accuracy over every seed × unseen initialisation). */
  rows: Row[];
  /** One row per variant × seed × unseen initialisation. */
  details: Row[];
  /** Accuracies over unseen initialisations per variant key (all seeds). */
  accuracies: Record<string, { distilled: number[]; randomReal: number[] }>;
  configs: unknown[];
}

/** The cached runs of `runRandomInit`: every variant × seed, random initialisations. */
export function randomInitRuns(profile: Profile, variants: readonly Variant[] = RANDOM_INIT_VARIANTS): VariantRun[] {
  const scale = profile.randomInit.mnist;
  return variants.flatMap((variant) =>
    scale.seeds.map((seed) => ({
      variant,
      seed,
      run: distillSpec(
        `${variant.label}, seed ${seed}, random initialisations`,
        distillConfig('mnist', variant.model, seed, scale, profile.name, 'random', {
          evalInits: profile.randomInit.evalInits,
        }),
        scale,
      ),
    })),
  );
}

/** Runs (or reuses) the random-initialisation study on MNIST. */
export async function runRandomInit(
  profile: Profile,
  o: { variants?: readonly Variant[]; print?: (line: string) => void; workers?: number } = {},
): Promise<RandomInitResult> {
  return whileInterruptible(() => runRandomInitNow(profile, o));
}

async function runRandomInitNow(
  profile: Profile,
  o: { variants?: readonly Variant[]; print?: (line: string) => void; workers?: number } = {},
): Promise<RandomInitResult> {
  const variants = o.variants ?? RANDOM_INIT_VARIANTS;
  const scale = profile.randomInit.mnist;
  const specs = randomInitRuns(profile, variants);
  const plan = new PlanProgress(specs.length, o.print);
  const { train, test } = loadSplits('mnist', { trainLimit: scale.trainLimit });
  const details: Row[] = [];
  const accuracies: RandomInitResult['accuracies'] = {};
  const configs: unknown[] = [];
  for (const v of variants) {
    accuracies[v.key] = { distilled: [], randomReal: [] };
    for (const { seed, run: spec } of specs.filter((r) => r.variant === v)) {
      const cfg = spec.cfg;
      configs.push(cfg);
      plan.begin(spec.label);
      const run = await computeRun(spec, profile.name, { workers: o.workers, onDistill: plan.distill });
      const set = readDistilledSet(runPaths(run.runDir), cfg, readRunInfo(run.runDir).configHash,
        { trimmed: 'allow' });
      const base = randomRealBaseline(
        cfg,
        train,
        test,
        1,
        Array.from(set.rawLrs, softplus),
        scale.testLimit ?? undefined,
      );
      run.final.eval.accuracies.forEach((a, k) => {
        details.push({
          variant: v.key,
          seed,
          eval_init: run.final.seeds[k],
          distilled_accuracy: roundTo(a, 2),
          random_real_accuracy: roundTo(base.accuracies[k], 2),
        });
      });
      accuracies[v.key].distilled.push(...run.final.eval.accuracies);
      accuracies[v.key].randomReal.push(...base.accuracies);
      const acc = overDraws(run.final.eval.accuracies, [
        'unseen initialisation',
        'unseen initialisations',
      ]);
      plan.end(`${acc}; random real ${base.mean.toFixed(2)}%`, run.reused);
    }
  }
  const ipc = (configs[0] as { imagesPerClass: number } | undefined)?.imagesPerClass ?? 1;
  const rows = variants.map((v) =>
    table1Row(
      'mnist',
      v.key,
      parseModelSpec(v.model, 'mnist'),
      'random',
      ipc,
      accuracies[v.key].distilled,
      profile.name,
      scale.seeds.length,
    ),
  );
  return { rows, details, accuracies, configs };
}
