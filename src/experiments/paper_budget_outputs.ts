/**
 * Notebooks 01/02's paper-budget outputs: `table1-paper-budget-<dataset>.csv` (the seed-0 runs of
 * the `paper` profile found in the run store, see `paper_budget.ts`) and the figure of their
 * accuracy curves against the paper's numbers. Nothing is computed; an absent run has no row.
 */
import { DatasetName } from '../models/spec';
import { showPlotly } from '../plot/plotly';
import { Row } from '../results/csv';
import { wroteLine } from '../results/summary';
import { ResultsWriter } from '../results/writer';
import { PAPER_BUDGET_COLUMNS, paperBudgetFigure, paperBudgetRuns, storeRuns } from './paper_budget';
import { storeImagesFigure } from './store_images';
import { flatnessFigure } from './flatness_figure';

export async function writePaperBudgetOutputs(
  writer: ResultsWriter,
  dataset: DatasetName,
  print: (line: string) => void = console.log,
): Promise<Row[]> {
  const runs = paperBudgetRuns(dataset);
  const rows = runs.map((r) => r.row);
  const meta = { config: { profile: 'paper', dataset, runs: rows.map((r) => r.run) }, seeds: [0] };
  print(`wrote ${writer.table(`table1-paper-budget-${dataset}`, rows, PAPER_BUDGET_COLUMNS, meta)}`);
  if (runs.length === 0) {
    print(
      `no paper-budget run of ${dataset} in the run store ` +
        `(node scripts/store-distill.js ${dataset} VARIANT 0 paper computes one)`,
    );
    writer.withdrawFigure(`table1-paper-budget-${dataset}`);
    return rows;
  }
  const fig = paperBudgetFigure(
    `Table I, ${dataset}, at the paper's budget (seed 0): test accuracy during distillation`,
    runs,
  );
  print(wroteLine(await writer.figure(`table1-paper-budget-${dataset}`, fig, meta)));
  showPlotly(fig, `paper-budget curves, ${dataset}`);
  return rows;
}

/** The headline variants, whose curves the standard-runs figure shows. */
const HEADLINE = ['classical', 'q-res-hermitian', 'q-authors'];

/**
 * `table1-standard-runs-<dataset>.csv`: the committed profile's Table I runs in the run store
 * (`runstore/standard/`, every seed), finished or not, so that readers see how far the long runs
 * behind the next Table I have got (`storeRuns`), and the figure of the headline runs' accuracy
 * curves (classical LeNet, QLeNet R+H, R+H as the authors' code runs it) against the paper's
 * numbers, `table1-standard-runs-flatness-<dataset>` (what each headline run would publish against
 * the fraction of the run: the issue's flatness test, `flatnessFigure`) and
 * `table1-standard-runs-images-<dataset>`, the distilled images of the finished runs
 * (`storeImagesFigure`). Nothing is computed; an absent run has no row.
 */
export async function writeStandardRunsOutputs(
  writer: ResultsWriter,
  dataset: DatasetName,
  print: (line: string) => void = console.log,
): Promise<Row[]> {
  const runs = storeRuns(dataset, 'standard');
  const rows = runs.map((r) => r.row);
  const seeds = [...new Set(rows.map((r) => Number(r.seed)))].sort((a, b) => a - b);
  const meta = { config: { profile: 'standard', dataset, runs: rows.map((r) => r.run) }, seeds };
  print(`wrote ${writer.table(`table1-standard-runs-${dataset}`, rows, PAPER_BUDGET_COLUMNS, meta)}`);
  const headline = runs.filter((r) => HEADLINE.includes(String(r.row.variant)));
  if (headline.length > 0) {
    const fig = paperBudgetFigure(
      `Table I, ${dataset}, standard profile (runs so far): test accuracy during distillation`,
      headline,
    );
    print(wroteLine(await writer.figure(`table1-standard-runs-${dataset}`, fig, meta)));
    showPlotly(fig, `standard-profile curves, ${dataset}`);
    const flat = flatnessFigure(
      `Table I, ${dataset}, standard profile: has the published set stopped improving?`, headline);
    print(wroteLine(await writer.figure(`table1-standard-runs-flatness-${dataset}`, flat, meta)));
    showPlotly(flat, `standard-profile flatness, ${dataset}`);
  } else {
    writer.withdrawFigure(`table1-standard-runs-${dataset}`);
    writer.withdrawFigure(`table1-standard-runs-flatness-${dataset}`);
  }
  const images = storeImagesFigure(
    `Distilled ${dataset} images, standard runs finished so far<br>` +
      '(the first image of each class; each variant\'s lowest finished seed, its test accuracy)',
    dataset, runs, 'standard',
  );
  if (images) {
    print(wroteLine(await writer.figure(`table1-standard-runs-images-${dataset}`, images, meta)));
    showPlotly(images, `standard-profile distilled images, ${dataset}`);
  } else {
    writer.withdrawFigure(`table1-standard-runs-images-${dataset}`);
  }
  return rows;
}
