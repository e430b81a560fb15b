/**
 * The plan: every cached run each reproduction notebook needs at a profile, from the same
 * functions the notebooks' studies compute them with (`table1Runs`, `stabilityRuns`, …), so the
 * plan and the notebooks cannot disagree. A run two notebooks share (Table I's best row is
 * also the reference of notebooks 05 and 10–12) is listed once, naming both.
 *
 * The knowledge-distillation trainings of 20 and 21 (dozens of short cached trainings) are one
 * plan entry per notebook, computed by running its study; 20's needs the cross-over's
 * distillations first (`dependsOn`). Other work that is not a cached run (random-real
 * baselines, probes, notebook 05's trainings and shot evaluations) stays inside the notebooks
 * and is cheap next to the distillations.
 */
import * as fs from 'fs';
import * as path from 'path';
import { findRepoRoot } from '../util/repo_root';
import { DatasetName } from '../models/spec';
import { totalIterations } from '../distill/loop';
import { Profile } from '../results/profile';
import { executionCostRuns } from './execution_cost';
import { crossoverRuns } from './kd_crossover';
import { AUTHORS_MODEL_VARIANTS, EMBEDDING_VARIANTS, HERMITIAN_GROUP_VARIANTS, QUANV_VARIANTS } from './open_questions';
import { randomInitRuns } from './random_init';
import { RunSpec, RunState, StudyRunSpec, runSpecDir, runState } from './run_spec';
import { estimateKdSeconds } from './kd_study';
import { estimateSelfDistillSeconds } from './self_distill';
import { stabilityRuns } from './stability_study';
import { TABLE1_VARIANTS, Variant, table1Runs } from './table1';
import { STABILITY_VARIANTS } from './stability_study';
import { RANDOM_INIT_VARIANTS } from './random_init';
import { readNotebookVariantSpecs } from './notebook_variants';
import { parseVariants } from './variant_spec';
import { variantStudyRuns } from './variant_study';
import { BEYOND_VARIANTS } from './beyond_methods';
import { beyondRuns } from './beyond_study';

const runsOf = <T extends { run: RunSpec }>(xs: T[]) => xs.map((x) => x.run);

/** The variants of `notebook`'s configuration cell, or `defaults` when the notebooks folder is absent. */
export function notebookVariants(notebook: string, defaults: readonly Variant[],
  datasets: readonly DatasetName[]): readonly Variant[] {
  const file = path.join(findRepoRoot(__dirname), 'notebooks', notebook);
  if (!fs.existsSync(file)) return defaults;
  return parseVariants(readNotebookVariantSpecs(file), datasets, `notebooks/${notebook}: VARIANT_SPECS`);
}

const table1 = (notebook: string, dataset: DatasetName) => (p: Profile) => {
  const r = table1Runs(dataset, p, notebookVariants(notebook, TABLE1_VARIANTS, [dataset]));
  return [...runsOf(r.distill), ...runsOf(r.train)];
};
const study = (notebook: string, defaults: readonly Variant[], datasets: DatasetName[]) => (p: Profile) => {
  const variants = notebookVariants(notebook, defaults, datasets);
  return datasets.flatMap((d) => runsOf(variantStudyRuns(d, variants, p)));
};

/** The cached runs of each notebook (notebook file name → its runs at a profile). */
export const NOTEBOOK_RUNS: Readonly<Record<string, (p: Profile) => RunSpec[]>> = {
  '01-table1-mnist.ipynb': table1('01-table1-mnist.ipynb', 'mnist'),
  '02-table1-cifar10.ipynb': table1('02-table1-cifar10.ipynb', 'cifar10'),
  '03-stability-hermitian.ipynb': (p) =>
    runsOf(stabilityRuns(p, notebookVariants('03-stability-hermitian.ipynb', STABILITY_VARIANTS, ['mnist']))),
  '04-random-init.ipynb': (p) =>
    runsOf(randomInitRuns(p, notebookVariants('04-random-init.ipynb', RANDOM_INIT_VARIANTS, ['mnist']))),
  '05-quantum-execution-cost.ipynb': (p) => executionCostRuns(p),
  '06-beyond-the-paper.ipynb': (p) =>
    runsOf(beyondRuns(p, notebookVariants('06-beyond-the-paper.ipynb', BEYOND_VARIANTS, ['mnist', 'cifar10']))),
  '08-authors-model.ipynb': study('08-authors-model.ipynb', AUTHORS_MODEL_VARIANTS, ['mnist']),
  '10-oq1-quanvolution.ipynb': study('10-oq1-quanvolution.ipynb', QUANV_VARIANTS, ['mnist']),
  '11-oq2-angle-embedding.ipynb': study('11-oq2-angle-embedding.ipynb', EMBEDDING_VARIANTS, ['mnist']),
  '12-oq3-multiqubit-hermitian.ipynb':
    study('12-oq3-multiqubit-hermitian.ipynb', HERMITIAN_GROUP_VARIANTS, ['mnist', 'cifar10']),
  '20-kd-teacher-student.ipynb': (p) => {
    const distills = runsOf(crossoverRuns(p));
    const after = distills.map((d) => path.basename(runSpecDir(d, p.name)));
    return [...distills, studySpec('20-kd-teacher-student.ipynb', 'teacher, students and cross-over trainings', p,
      estimateKdSeconds(p), after)];
  },
  '21-self-distillation.ipynb': (p) => [
    studySpec('21-self-distillation.ipynb', 'self-distillation trainings', p, estimateSelfDistillSeconds(p), []),
  ],
  '99-template-variant.ipynb': study('99-template-variant.ipynb', EMBEDDING_VARIANTS.slice(0, 2), ['mnist']),
};

function studySpec(notebook: string, what: string, p: Profile, estimate: number, dependsOn: string[]): StudyRunSpec {
  return {
    kind: 'study', label: `notebook ${notebook.slice(0, 2)}: ${what}`, notebook, key: p.kd, estimate, dependsOn,
  };
}

/** One run of the plan. */
export interface PlannedRun {
  /** The run's folder name in the cache (unique within a profile). */
  id: string;
  dir: string;
  spec: RunSpec;
  /** The notebooks that read it. */
  notebooks: string[];
  state: RunState;
  /** Estimated seconds still to compute on the reference machine (0 when done). */
  remaining: number;
}

/** Expands notebook names given with or without `.ipynb`, or by their number (`01`). */
export function resolveNotebooks(names: readonly string[]): string[] {
  const all = Object.keys(NOTEBOOK_RUNS);
  return names.map((n) => {
    const hit = all.find((k) => k === n || k === `${n}.ipynb` || k.startsWith(`${n}-`) || path.basename(n) === k);
    if (hit === undefined) throw new Error(`notebook '${n}': expected one of ${all.join(', ')} (or its number)`);
    return hit;
  });
}

/** Every run the notebooks (default: all) need at `profile`, in notebook order, each once. */
export function planRuns(profile: Profile, notebooks: readonly string[] = Object.keys(NOTEBOOK_RUNS)): PlannedRun[] {
  const byDir = new Map<string, PlannedRun>();
  for (const nb of resolveNotebooks(notebooks)) {
    for (const spec of NOTEBOOK_RUNS[nb](profile)) {
      const dir = runSpecDir(spec, profile.name);
      const known = byDir.get(dir);
      if (known) {
        if (!known.notebooks.includes(nb)) known.notebooks.push(nb);
        continue;
      }
      const state = runState(spec, profile.name);
      byDir.set(dir, {
        id: path.basename(dir), dir, spec, notebooks: [nb], state, remaining: remainingSeconds(spec, state),
      });
    }
  }
  return [...byDir.values()];
}

/**
 * Estimated seconds left to compute `runs` (specs, or study entries `{ run }`) at `profile`,
 * each distinct run once, from the cache's state: what a notebook, or a copy of one with other
 * variants, prints before it starts.
 */
export function estimateLeft(runs: ReadonlyArray<RunSpec | { run: RunSpec }>, profile: string): number {
  const byDir = new Map<string, number>();
  for (const r of runs) {
    const spec = 'kind' in r ? r : r.run;
    const dir = runSpecDir(spec, profile);
    if (!byDir.has(dir)) byDir.set(dir, remainingSeconds(spec, runState(spec, profile)));
  }
  return [...byDir.values()].reduce((a, b) => a + b, 0);
}

function remainingSeconds(spec: RunSpec, state: RunState): number {
  if (state.status === 'done') return 0;
  if (state.status === 'absent' || spec.kind !== 'distill') return spec.estimate;
  const total = totalIterationsOf(spec);
  return spec.estimate * Math.max(0, 1 - state.iteration / total);
}

/** Outer iterations of a planned distillation (as `totalIterations` with the planned training-set size). */
export function totalIterationsOf(spec: RunSpec): number {
  if (spec.kind !== 'distill') return 0;
  const full = spec.cfg.dataset === 'mnist' ? 60000 : 50000;
  return totalIterations(spec.cfg, Math.min(spec.trainLimit ?? full, full));
}
