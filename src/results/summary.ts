/**
 * Small helpers the notebooks used to copy into their cells: a moving average for loss curves,
 * the "wrote …" line of a written figure, and a mean that says when it has nothing to average.
 */
import { PlotlyFigure } from '../plot/plotly';
import { curvesFigure } from './figures';

/** Trailing moving average over `k` values (fewer at the start): `smooth([1, 3, 5], 2)` = `[1, 2, 4]`. */
export function smooth(values: readonly number[], k = 10): number[] {
  if (!Number.isInteger(k) || k < 1) {
    throw new Error(`smooth: expected a window k that is a positive integer, received ${k}`);
  }
  let sum = 0;
  return values.map((v, i) => {
    sum += v;
    if (i >= k) sum -= values[i - k];
    return sum / Math.min(i + 1, k);
  });
}

/** What `ResultsWriter.figure` returns: the files written, or why the PNG is missing. */
export interface WrittenFigure {
  html: string;
  png: string | null;
  pngMissing?: string;
}

/** `wrote a.html and a.png`, or `wrote a.html; no PNG: <why>`. */
export function wroteLine(files: WrittenFigure): string {
  return files.png
    ? `wrote ${files.html} and ${files.png}`
    : `wrote ${files.html}; no PNG: ${files.pngMissing ?? 'not rendered'}`;
}

/** Arithmetic mean; NaN for no values (a table then shows NaN instead of a made-up 0). */
export function mean(values: readonly number[]): number {
  return values.length === 0 ? NaN : values.reduce((a, b) => a + b, 0) / values.length;
}

const DASH = ['solid', 'dot', 'dash', 'dashdot', 'longdash'];

/** One run's loss curve for `lossCurvesFigure`. */
export interface LossCurve {
  /** Legend entry, e.g. `angle embedding (RX), 6 qubits, seed 0`. */
  name: string;
  /** Index of the run's variant: runs of one variant share a dash style. */
  group: number;
  iterations: readonly number[];
  losses: readonly number[];
}

/** Outer-loss curves, each a moving average of `window` iterations (`smooth`), one dash style per variant. */
export function lossCurvesFigure(title: string, curves: readonly LossCurve[], window = 10): PlotlyFigure {
  return curvesFigure(
    title,
    curves.map((c) => ({
      name: c.name,
      x: c.iterations,
      y: smooth(c.losses, window),
      dash: DASH[c.group % DASH.length],
    })),
    'outer iteration',
    `outer loss (cross-entropy, moving average of ${window})`,
  );
}
