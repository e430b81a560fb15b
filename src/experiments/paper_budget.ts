/**
 * Table I's headline runs at the paper's full budget (`paper` profile: 400 epochs of batches of
 * 1,024, lr halved every 40), read from the run store without computing anything: the runs of
 * seed 0 of every Table I variant that exist there, finished or not. An unfinished run reports
 * its latest evaluation (on `evalTestLimit` test images, marked as such); a finished one its
 * final accuracy on the whole test set. Its accuracy curve comes from `metrics.jsonl`.
 * Computing them: `node scripts/run-queue.js paper` (the headline runs below, in order; hours per
 * run) or one at a time with `node scripts/store-distill.js DATASET VARIANT 0 paper`.
 */
import { DatasetName, parseModelSpec } from '../models/spec';
import { Row } from '../results/csv';
import { profileNamed } from '../results/profile';
import { modelColumns, paperAccuracy } from '../results/table1';
import { roundTo } from '../util/round';
import { DistillRunSpec, runSpecDir } from './run_spec';
import { runProgress } from './run_progress';
import { TABLE1_VARIANTS, table1Runs } from './table1';
import { PlannedRun, planRuns } from './notebook_runs';
import { PlotlyFigure } from '../plot/plotly';
import { PublishedCurve } from '../runs/flatness';

export const PAPER_BUDGET_COLUMNS = [
  'dataset', 'variant', 'model', 'observable', 'residual', 'seed', 'status', 'iteration', 'total_iterations',
  'accuracy', 'accuracy_at', 'test_examples', 'paper_accuracy', 'delta_vs_paper', 'late_gain', 'hours', 'run',
] as const;

/** One headline run as it stands, with its accuracy curve. */
export interface PaperBudgetRun {
  row: Row;
  label: string;
  curve: Array<{ iteration: number; accuracy: number }>;
  paper: number | null;
  /** The run (its config; its folder is `runSpecDir(spec, profile)`). */
  spec: DistillRunSpec;
  /** What it would publish at each evaluation (`publishedCurve`). */
  published: PublishedCurve;
}

/**
 * The Table I runs computed at the paper's budget (seed 0), in the order the run queue computes
 * them: the classical LeNet and QLeNet R+H on MNIST (issue 14), R+H as the authors' code runs it
 * (the model their published numbers come from) on MNIST and CIFAR-10, the CIFAR-10 pair, then
 * MNIST's no-residual and fixed Hermitian rows.
 */
export const PAPER_BUDGET_HEADLINE: ReadonlyArray<readonly [DatasetName, string]> = [
  ['mnist', 'classical'], ['mnist', 'q-res-hermitian'], ['mnist', 'q-authors'], ['cifar10', 'q-authors'],
  ['cifar10', 'classical'], ['cifar10', 'q-res-hermitian'],
  ['mnist', 'q-hermitian'], ['mnist', 'q-res-hermitian-fixed'],
];

/** `PAPER_BUDGET_HEADLINE` as planned runs of the `paper` profile (`planRuns`' entries), for the run queue. */
export function paperBudgetQueue(): PlannedRun[] {
  const profile = profileNamed('paper');
  const planned = planRuns(profile, ['01-table1-mnist.ipynb', '02-table1-cifar10.ipynb']);
  return PAPER_BUDGET_HEADLINE.map(([dataset, key]) => {
    const variant = TABLE1_VARIANTS.find((v) => v.key === key)!;
    const { run } = table1Runs(dataset, profile, [variant]).distill.find((r) => r.seed === 0)!;
    return planned.find((p) => p.dir === runSpecDir(run, profile.name))!;
  });
}

/** The seed-0 `paper`-profile runs of `dataset` that exist in the run store (see file comment). */
export function paperBudgetRuns(dataset: DatasetName): PaperBudgetRun[] {
  return storeRuns(dataset, 'paper', [0]);
}

/**
 * The fixed-initialisation Table I runs of `dataset` in profile `profileName`'s run store, for
 * `seeds` (default: the profile's), finished or not, as `paperBudgetRuns` reports them: e.g.
 * `storeRuns('mnist', 'standard')` shows how far the committed profile's runs have got.
 */
export function storeRuns(dataset: DatasetName, profileName: string, seeds?: readonly number[]): PaperBudgetRun[] {
  const profile = profileNamed(profileName);
  const wanted = seeds ?? profile.distill[dataset].seeds;
  const out: PaperBudgetRun[] = [];
  for (const { variant, seed, run } of table1Runs(dataset, profile, TABLE1_VARIANTS).distill.filter((r) =>
    wanted.includes(r.seed),
  )) {
    const p = runProgress(run, profile.name);
    if (p === null) continue;
    const spec = parseModelSpec(variant.model, dataset);
    const paper = paperAccuracy(dataset, spec, 'fixed');
    out.push({
      label: seeds?.length === 1 ? variant.label : `${variant.label}, seed ${seed}`,
      curve: p.curve,
      paper,
      spec: run,
      published: p.published,
      row: {
        dataset,
        variant: variant.key,
        ...modelColumns(spec),
        seed,
        status: p.status,
        iteration: p.iteration,
        total_iterations: p.totalIterations,
        accuracy: p.accuracy,
        accuracy_at: p.accuracyAt,
        test_examples: p.testExamples,
        paper_accuracy: paper,
        delta_vs_paper: paper === null || p.accuracy === null ? null : roundTo(p.accuracy - paper, 2),
        // A finished run: what it publishes gained over its last 20 % (`lateGain`: the best-so-far
        // training-image accuracy with selection, as in standard; the last set's test accuracy without).
        late_gain: p.lateGain,
        hours: p.hours,
        run: p.run,
      },
    });
  }
  return out;
}

/** One colour per run of a curves figure (cycled). */
export const RUN_COLOURS = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b'];

/**
 * Accuracy (%) against outer iteration for each headline run, markers at its evaluations, and the
 * paper's number as a dashed line of the same colour (once per variant: the first run's colour).
 */
export function paperBudgetFigure(title: string, runs: readonly PaperBudgetRun[]): PlotlyFigure {
  const maxX = Math.max(1, ...runs.map((r) => Number(r.row.total_iterations)));
  const firstOfVariant = (r: PaperBudgetRun, k: number) => runs.findIndex((x) => x.row.variant === r.row.variant) === k;
  return {
    data: runs.flatMap((r, k) => [
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: `${r.label} (${r.row.status})`,
        x: r.curve.map((p) => p.iteration),
        y: r.curve.map((p) => p.accuracy),
        line: { color: RUN_COLOURS[k % RUN_COLOURS.length] },
      },
      ...(r.paper === null || !firstOfVariant(r, k)
        ? []
        : [
            {
              type: 'scatter',
              mode: 'lines',
              name: `paper: ${r.label.replace(/, seed \d+$/, '')} ${r.paper} %`,
              x: [0, maxX],
              y: [r.paper, r.paper],
              line: { color: RUN_COLOURS[k % RUN_COLOURS.length], dash: 'dash', width: 1 },
            },
          ]),
    ]),
    layout: {
      title: { text: title },
      font: { family: 'Arial, sans-serif', size: 13 },
      xaxis: { title: { text: 'outer iteration' }, range: [0, maxX] },
      yaxis: { title: { text: 'test accuracy (%)' }, range: [0, 100] },
      legend: { orientation: 'h', x: 0, y: -0.18, yanchor: 'top' },
      width: 1000,
      height: 620,
      margin: { t: 70, b: 190 },
    },
  };
}
