/**
 * Figures of notebook 06: accuracy per method per setting (bars: mean over seeds with sample-std
 * error bars; the paper's Table I value as a marker where it has one), and the transfer matrix
 * as a heatmap.
 */
import { barsWithPaper } from '../results/figures';
import { heatmapFigure } from '../results/heatmap';
import { paperAccuracy } from '../results/table1';
import { meanStd } from '../util/spread';
import { PlotlyFigure } from '../plot/plotly';
import { BEYOND_METHODS, METHOD_LABELS, settingKey, settingLabel } from './beyond_methods';
import { BeyondResult } from './beyond_study';
import { TRANSFER_TARGETS, TransferCell } from './beyond_transfer';
import { Variant } from './table1';

const DATASET = { mnist: 'MNIST', cifar10: 'CIFAR-10' } as const;

/** Bars per setting (dataset, model, init, layout of the set) and method. */
export function beyondAccuracyFigure(title: string, results: readonly BeyondResult[]): PlotlyFigure {
  const settings: BeyondResult[] = [];
  for (const r of results) {
    if (!settings.some((s) => settingKey(s) === settingKey(r))) settings.push(r);
  }
  const labels = settings.map((s) => `${DATASET[s.dataset]}, ${s.variant.label}, ${settingLabel(s.dataset, s)}`);
  const series = BEYOND_METHODS.map((m) => {
    const stats = settings.map((s) => {
      const xs = results
        .filter((r) => settingKey(r) === settingKey(s) && r.method === m)
        .map((r) => r.accuracy);
      return xs.length ? { ...meanStd(xs), n: xs.length } : null;
    });
    return {
      name: METHOD_LABELS[m],
      mean: stats.map((x) => x?.mean ?? null),
      std: stats.map((x) => (x && x.n > 1 ? x.std : null)),
    };
  });
  const paper = settings.map((s) => paperAccuracy(s.dataset, s.config.model, s.init));
  const fig = barsWithPaper(title, labels, series, paper);
  // Room for the title above the legend's rows (four methods and the paper marker).
  return { ...fig, layout: { ...fig.layout, title: { text: title, y: 0.98, yanchor: 'top' }, margin: { t: 170 } } };
}

/** The transfer matrix: rows dataset × setting × method, columns target models, cells the mean accuracy over seeds. */
export function transferHeatmap(title: string, cells: readonly TransferCell[],
  targets: readonly Variant[] = TRANSFER_TARGETS): PlotlyFigure {
  const rowKey = (c: TransferCell) => `${settingKey(c.source)}|${c.source.method}`;
  const rows = new Map<string, string>();
  for (const c of cells) {
    if (!rows.has(rowKey(c))) {
      rows.set(rowKey(c),
        `${DATASET[c.source.dataset]}, ${settingLabel(c.source.dataset, c.source)}: ${METHOD_LABELS[c.source.method]}`);
    }
  }
  const z = [...rows.keys()].map((k) => targets.map((t) => {
    const xs = cells.filter((c) => rowKey(c) === k && c.target.key === t.key)
      .map((c) => c.accuracies.reduce((a, b) => a + b, 0) / c.accuracies.length);
    return xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : null;
  }));
  return heatmapFigure(title, [...rows.values()], targets.map((t) => t.label), z, 'test accuracy (%)');
}
