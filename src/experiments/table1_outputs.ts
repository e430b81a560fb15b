/**
 * The outputs of a Table I notebook (01 MNIST, 02 CIFAR-10, and copies of them), one path for
 * both datasets: the notebook's rows of the shared `table1.csv`, `table1-<dataset>-details.csv`,
 * the figures `table1-<dataset>` (distilled vs random real vs full data, paper markers),
 * `table1-curves-<dataset>` (accuracy against outer iteration, every run, the paper's line) and
 * `distilled-<dataset>` (the distilled images of the first seed, one row per variant, the first
 * image of each class).
 */
import { CLASS_NAMES } from '../data';
import { distilledGrid, firstOfEachClass } from '../image/grid';
import { showPlotly } from '../plot/plotly';
import { barsWithPaper, imageRowsFigure } from '../results/figures';
import { Profile } from '../results/profile';
import { wroteLine } from '../results/summary';
import { TABLE1_COLUMNS } from '../results/table1';
import { ResultsWriter } from '../results/writer';
import { normalisationOf } from '../runs/final_set';
import { distillConfig } from './protocol';
import { TABLE1_DETAIL_COLUMNS, Table1Result, variantSummary } from './table1';
import { table1CurvesFigure } from './table1_curves';

/**
 * Writes the outputs of `result` through `writer` (see module comment), prints a "wrote …" line
 * per figure and shows the figures in the notebook.
 */
export async function writeTable1Outputs(
  writer: ResultsWriter, result: Table1Result, profile: Profile, print: (line: string) => void = console.log,
): Promise<void> {
  const { dataset, variants } = result;
  const scale = profile.distill[dataset];
  const meta = { config: { profile, configs: result.configs }, seeds: scale.seeds };
  writer.sharedTable('table1', result.rows, TABLE1_COLUMNS, meta);
  const details = writer.table(`table1-${dataset}-details`, result.details, TABLE1_DETAIL_COLUMNS, meta);
  print(`wrote ${details} (and this notebook's rows of table1.csv)`);
  const summaries = variants.map((v) => variantSummary(result, v.key));
  const title = `Table I, ${dataset}: distilled vs random real vs full data (profile ${profile.name})`;
  const bars = barsWithPaper(title, variants.map((v) => v.label),
    [
      { name: 'distilled (ours)', mean: summaries.map((s) => s.mean), std: summaries.map((s) => s.std) },
      { name: 'random real images', mean: summaries.map((s) => s.randomReal) },
      { name: 'full training set', mean: summaries.map((s) => s.fullData) },
    ],
    result.rows.map((r) => r.paper_accuracy as number | null));
  print(wroteLine(await writer.figure(`table1-${dataset}`, bars, meta)));
  showPlotly(bars, `Table I ${dataset}`);
  const curves = table1CurvesFigure(
    `Table I, ${dataset}: accuracy during distillation (profile ${profile.name})`,
    result,
  );
  print(wroteLine(await writer.figure(`table1-curves-${dataset}`, curves, meta)));
  showPlotly(curves, `Table I ${dataset} curves`);
  const norm = normalisationOf(distillConfig(dataset, variants[0].model, scale.seeds[0], scale, profile.name));
  const seed0 = result.cells.filter((c) => c.seed === scale.seeds[0]);
  // One image per class: CIFAR-10's 100 images in a row made a 13,642-pixel-wide PNG.
  const classes = CLASS_NAMES[dataset].length, perClass = (seed0[0]?.shape[1] ?? classes) / classes;
  const grids = imageRowsFigure(
    `Distilled ${dataset} images (seed ${scale.seeds[0]}, profile ${profile.name}` +
      `${perClass > 1 ? `; the first of ${perClass} images per class` : ''})`,
    seed0.flatMap((c) => {
      if (c.images === null) return []; // the run store kept only their hash (never the first seed's)
      const first = firstOfEachClass(c.images, c.shape, classes);
      const image = distilledGrid(first.values, first.shape, norm.mean, norm.std, { scale: 2 });
      return [{ label: c.variant.label, image }];
    }),
    CLASS_NAMES[dataset],
  );
  print(wroteLine(await writer.figure(`distilled-${dataset}`, grids, meta)));
  showPlotly(grids, `distilled ${dataset} images`);
}

/** One row per run: variant, seed and the learned inner learning rates. */
export function learnedRatesTable(result: Table1Result): Array<Record<string, string | number>> {
  return result.cells.map((c) => ({
    variant: c.variant.key,
    seed: c.seed,
    learned_lrs: c.lrs.map((x) => x.toFixed(4)).join(' '),
  }));
}

/** Our numbers beside the paper's, one row per variant (accuracy in %, mean ± std over seeds). */
export function table1Summary(result: Table1Result): Array<Record<string, string | number>> {
  return result.rows.map((r, i) => {
    const v = result.variants[i], s = variantSummary(result, v.key);
    const ours =
      Number(r.n_seeds) === 1
        ? `${r.accuracy_mean} (n = 1)`
        : `${r.accuracy_mean} ± ${r.accuracy_std} (${r.n_seeds} seeds)`;
    return {
      model: v.label,
      ours,
      paper: (r.paper_accuracy as number | null) ?? '—',
      'ours − paper': (r.delta_vs_paper as number | null) ?? '—',
      'random real': s.randomReal.toFixed(2),
      'full data': s.fullData.toFixed(2),
    };
  });
}
