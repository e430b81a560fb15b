/**
 * Notebook 06's runs found in a profile's run store, finished or not (`runProgress`), read without
 * computing anything: how far the long `standard` study has got, written as
 * `beyond-<profile>-runs.csv` by `scripts/refresh-store-outputs.js` (and by notebook 06), with the
 * mean ± sample std over the finished seeds of each setting and method. A finished run's accuracy
 * is the study's (its fixed initialisation, or the mean over the unseen ones); an unfinished
 * one's is its latest evaluation (`test_examples` says on how many images).
 *
 * Beside them, the soft-label runs of the authors' model (`q-authors`, fixed initialisation),
 * started by hand (`scripts/store-distill.js DATASET q-authors SEED standard --learn-labels
 * --epochs=E`, E the epochs notebook 06 gives R+H's soft-label run): not notebook 06 runs, but the
 * same method and budget on the model the paper's numbers come from (`authorsSoftRuns`).
 */
import { Row } from '../results/csv';
import { Profile } from '../results/profile';
import { meanStd } from '../util/spread';
import { ResultsWriter } from '../results/writer';
import { roundTo } from '../util/round';
import { BEYOND_VARIANTS, settingKey } from './beyond_methods';
import { BeyondRun, beyondRuns } from './beyond_study';
import { runProgress } from './run_progress';
import { distillSpec } from './run_spec';
import { storeRunConfig } from './store_config';
import { Variant } from './table1';
import { TABLE1_VARIANTS } from './table1_variants';

export const BEYOND_STORE_COLUMNS = [
  'dataset', 'model', 'init', 'images_per_class', 'distill_steps', 'method', 'soft_labels', 'seed', 'status',
  'iteration', 'total_iterations', 'accuracy',
  'accuracy_at', 'test_examples', 'finished_seeds_mean', 'finished_seeds_std', 'finished_seeds_n', 'hours', 'run',
] as const;

/**
 * The soft-label runs of the authors' model at the budget of R+H's soft-label run of notebook 06
 * (fixed initialisation, each dataset and seed of the profile's notebook-06 scale): the runs
 * `store-distill.js … q-authors SEED standard --learn-labels --epochs=E` names.
 */
export function authorsSoftRuns(profile: Profile): BeyondRun[] {
  const authors = TABLE1_VARIANTS.find((v) => v.key === 'q-authors')!;
  const rhSoft = beyondRuns(profile).filter((r) => r.variant.key === 'q-res-hermitian' && r.init === 'fixed'
    && r.method === 'soft');
  return rhSoft.map((r) => {
    const { cfg, scale } = storeRunConfig(r.dataset, authors.model, r.seed, profile,
      { learnLabels: true, epochs: r.epochs });
    const label = `${r.dataset} ${authors.label}, fixed init, learned soft labels, seed ${r.seed}`;
    return { ...r, variant: authors, run: distillSpec(label, cfg, scale) };
  });
}

/** One row per notebook-06 run of `profile` present in its run store (see module comment). */
export function beyondStoreRows(profile: Profile, variants: readonly Variant[] = BEYOND_VARIANTS): Row[] {
  const found = [...beyondRuns(profile, variants), ...authorsSoftRuns(profile)].flatMap((r) => {
    const p = runProgress(r.run, profile.name);
    return p === null ? [] : [{ r, p, setting: `${settingKey(r)}|${r.method}` }];
  });
  const finished = new Map<string, number[]>();
  for (const { p, setting } of found) {
    if (p.status !== 'finished' || p.accuracy === null) continue;
    if (!finished.has(setting)) finished.set(setting, []);
    finished.get(setting)!.push(p.accuracy);
  }
  return found.map(({ r, p, setting }) => {
    const accs = finished.get(setting) ?? [];
    const s = accs.length > 0 ? meanStd(accs) : null;
    return {
      dataset: r.dataset, model: r.variant.key, init: r.init, images_per_class: r.imagesPerClass,
      distill_steps: r.distillSteps, method: r.method,
      soft_labels: r.run.cfg.learnLabels === true, seed: r.seed, status: p.status, iteration: p.iteration,
      total_iterations: p.totalIterations, accuracy: p.accuracy, accuracy_at: p.accuracyAt,
      test_examples: p.testExamples,
      finished_seeds_mean: s ? roundTo(s.mean, 2) : null,
      finished_seeds_std: s && accs.length > 1 ? roundTo(s.std, 2) : null,
      finished_seeds_n: accs.length, hours: p.hours, run: p.run,
    };
  });
}

/** Writes `beyond-<profile>-runs.csv` through `writer` and returns its rows. */
export function writeBeyondStoreOutputs(
  writer: ResultsWriter, profile: Profile, variants: readonly Variant[] = BEYOND_VARIANTS,
  print: (line: string) => void = console.log,
): Row[] {
  const rows = beyondStoreRows(profile, variants);
  const seeds = [...new Set(rows.map((r) => Number(r.seed)))];
  const meta = { config: { profile: profile.name, runs: rows.map((r) => r.run) }, seeds };
  print(`wrote ${writer.table(`beyond-${profile.name}-runs`, rows, BEYOND_STORE_COLUMNS, meta)}`);
  return rows;
}
