/**
 * The Plotly layouts of the open-question and execution-cost notebooks (05, 10, 12), moved out
 * of their cells so that a notebook is configuration and calls. Pure: data in, Plotly JSON out.
 */
import { PlotlyFigure } from '../plot/plotly';

/** Mean ± std of one variant (over seeds). */
export interface MeanStd {
  mean: number;
  std: number;
}

/**
 * Bars of accuracy (mean ± std) per variant and, on a right axis, markers of seconds per outer
 * iteration (notebook 10 and variant studies).
 */
export function accuracyAndCostFigure(
  title: string, labels: readonly string[], accuracy: readonly MeanStd[], secondsPerIteration: readonly number[],
): PlotlyFigure {
  const x = labels.map((l) => l.replace(/, /g, '<br>'));
  const spi = 'seconds per outer iteration (one thread, median of 3)';
  return {
    data: [
      {
        type: 'bar', name: 'distilled-set accuracy (%)', x, y: accuracy.map((a) => a.mean),
        error_y: { type: 'data', array: accuracy.map((a) => a.std) },
      },
      {
        type: 'scatter',
        mode: 'markers',
        name: spi,
        x,
        y: [...secondsPerIteration],
        yaxis: 'y2',
        marker: { size: 12, symbol: 'diamond' },
      },
    ],
    layout: {
      title: { text: title },
      yaxis: { title: { text: 'test accuracy (%)' }, range: [0, 100] },
      yaxis2: { title: { text: spi }, overlaying: 'y', side: 'right', rangemode: 'tozero' },
      legend: { orientation: 'h', y: -0.3 }, margin: { b: 150 }, xaxis: { automargin: true },
    },
  };
}

/** One line of `observableGroupsFigure`: a dataset's accuracy per group size k. */
export interface GroupSeries {
  name: string;
  accuracy: readonly MeanStd[];
}

/** Accuracy against observable parameters (log x), one line per dataset; points labelled (notebook 12). */
export function observableGroupsFigure(
  title: string,
  observableParameters: readonly number[],
  pointLabels: readonly string[],
  series: readonly GroupSeries[],
): PlotlyFigure {
  return {
    data: series.map((s) => ({
      type: 'scatter',
      mode: 'lines+markers+text',
      name: s.name,
      x: [...observableParameters],
      y: s.accuracy.map((a) => a.mean),
      error_y: { type: 'data', array: s.accuracy.map((a) => a.std) },
      text: [...pointLabels],
      textposition: 'top right',
    })),
    layout: {
      title: { text: title },
      xaxis: {
        type: 'log',
        title: { text: 'observable parameters (groups × 4^k); labels: layer forward+backward time' },
      },
      yaxis: { title: { text: 'distilled-set test accuracy (%)' }, range: [0, 100] },
    },
  };
}

/** A point of `executionCostFigure`: accuracy after a number of hardware circuit runs. */
export interface CostPoint {
  circuits: number;
  accuracy: number | null;
  images?: number;
}

/**
 * Accuracy against estimated hardware circuit runs (log x), notebook 05: training on the full set
 * (a line), random real subsets, the distilled set (training only, and with its distillation).
 */
export function executionCostFigure(
  title: string,
  p: { full: readonly CostPoint[]; random: readonly CostPoint[]; distilled: CostPoint; distillationCircuits: number },
): PlotlyFigure {
  const xs = (ps: readonly CostPoint[]) => ps.map((q) => q.circuits),
    ys = (ps: readonly CostPoint[]) => ps.map((q) => q.accuracy);
  return {
    data: [
      {
        type: 'scatter',
        mode: 'lines+markers',
        name: 'full training set (during training)',
        x: xs(p.full),
        y: ys(p.full),
      },
      {
        type: 'scatter',
        mode: 'markers+text',
        name: 'random real subsets',
        x: xs(p.random),
        y: ys(p.random),
        text: p.random.map((q) => `${q.images} images`),
        textposition: 'top center',
        marker: { size: 10 },
      },
      {
        type: 'scatter',
        mode: 'markers',
        name: `distilled set (${p.distilled.images} images): training only`,
        x: [p.distilled.circuits],
        y: [p.distilled.accuracy],
        marker: { size: 13, symbol: 'star' },
      },
      {
        type: 'scatter',
        mode: 'markers',
        name: 'distilled set: distillation + training',
        x: [p.distilled.circuits + p.distillationCircuits],
        y: [p.distilled.accuracy],
        marker: { size: 12, symbol: 'diamond-open' },
      },
    ],
    layout: {
      title: { text: title },
      xaxis: { type: 'log', title: { text: 'estimated hardware circuit runs (× 1,000 shots each for shots)' } },
      yaxis: { title: { text: 'test accuracy (%)' }, range: [0, 100] },
      legend: { orientation: 'h', y: -0.25 },
      margin: { b: 140 },
    },
  };
}
