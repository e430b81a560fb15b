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
 * lowest seed), in the order the variants first appear; null when none has finished.
 */
export function storeImagesFigure(
  title: string,
  dataset: DatasetName,
  runs: readonly PaperBudgetRun[],
  profileName: string,
): PlotlyFigure | null {
  const chosen = new Map<string, PaperBudgetRun>();
  for (const r of runs) {
    if (r.row.status !== 'finished') continue;
    const key = String(r.row.variant), seen = chosen.get(key);
    if (!seen || Number(r.row.seed) < Number(seen.row.seed)) chosen.set(key, r);
  }
  if (chosen.size === 0) return null;
  const classes = CLASS_NAMES[dataset];
  const rows = [...chosen.values()].map((r) => {
    const dir = runSpecDir(r.spec, profileName);
    const set = readDistilledSet(runPaths(dir), r.spec.cfg, readRunInfo(dir).configHash);
    const norm = normalisationOf(r.spec.cfg);
    const first = firstOfEachClass(set.images, set.shape, classes.length);
    const image = distilledGrid(first.values, first.shape, norm.mean, norm.std, { scale: 2 });
    return { label: `${r.label} · ${r.row.accuracy} %`, image };
  });
  return imageRowsFigure(title, rows, classes);
}
