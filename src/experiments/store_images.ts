/**
 * The distilled images of the finished runs in a run store (`table1-standard-runs-images-<dataset>`,
 * notebooks 01/02): one row per Table I variant, from its lowest finished seed, the first image of
 * each class of the set the run publishes (`final/`). Nothing is computed.
 */
import { CLASS_NAMES } from '../data';
import { DatasetName } from '../models/spec';
import { distilledGrid, firstOfEachClass } from '../image/grid';
import { PlotlyFigure } from '../plot/plotly';
import { imageRowsFigure } from '../results/image_figures';
import { normalisationOf, readDistilledSet } from '../runs/final_set';
import { readRunInfo, runPaths } from '../runs/run_dir';
import { PaperBudgetRun } from './paper_budget';
import { runSpecDir } from './run_spec';

/**
 * The image rows of `runs` (as `storeRuns` returns them): finished runs only, one per variant (its
 * lowest seed whose images the store keeps: `store_trim.ts`), in the order the variants first
 * appear; null when none has finished.
 */
export function storeImagesFigure(
  title: string,
  dataset: DatasetName,
  runs: readonly PaperBudgetRun[],
  profileName: string,
): PlotlyFigure | null {
  const chosen = new Map<string, { run: PaperBudgetRun; images: Float32Array; shape: number[] }>();
  const bySeed = runs.filter((r) => r.row.status === 'finished')
    .sort((a, b) => Number(a.row.seed) - Number(b.row.seed));
  for (const r of bySeed) {
    const key = String(r.row.variant);
    if (chosen.has(key)) continue;
    const dir = runSpecDir(r.spec, profileName);
    const set = readDistilledSet(runPaths(dir), r.spec.cfg, readRunInfo(dir).configHash, { trimmed: 'allow' });
    if (set.images !== null) chosen.set(key, { run: r, images: set.images, shape: set.shape });
  }
  if (chosen.size === 0) return null;
  const classes = CLASS_NAMES[dataset];
  const order = [...new Set(runs.map((r) => String(r.row.variant)))].filter((k) => chosen.has(k));
  const rows = order.map((k) => {
    const { run: r, images, shape } = chosen.get(k)!;
    const norm = normalisationOf(r.spec.cfg);
    const first = firstOfEachClass(images, shape, classes.length);
    const image = distilledGrid(first.values, first.shape, norm.mean, norm.std, { scale: 2 });
    return { label: `${r.label} · ${r.row.accuracy} %`, image };
  });
  return imageRowsFigure(title, rows, classes);
}
