/**
 * The Table I issue's test of a budget, drawn: for each run, what it would publish at each
 * evaluation (`publishedCurve`: the best-so-far set's accuracy on the selection's training images,
 * or the last set's test accuracy without selection) against the fraction of the run done, with
 * the last 20 % shaded. A flat line in the shaded part is a budget at which the curve has
 * flattened; the legend gives each finished run's late gain (`lateGain`).
 */
import { PlotlyFigure } from '../plot/plotly';
import { PaperBudgetRun, RUN_COLOURS } from './paper_budget';

/** One line per run of `runs` (see module comment); x is the fraction of the run's iterations. */
export function flatnessFigure(title: string, runs: readonly PaperBudgetRun[], fraction = 0.2): PlotlyFigure {
  const bases = new Set(runs.map((r) => r.published.basis));
  const yTitle = bases.size === 1 && bases.has('test')
    ? 'last set: test accuracy (%)'
    : 'published set: best so far on the training images (%)';
  return {
    data: runs.map((r, k) => {
      const total = Math.max(1, Number(r.row.total_iterations));
      const gain = r.row.late_gain === null || r.row.late_gain === undefined ? '' : `, late gain ${r.row.late_gain}`;
      return {
        type: 'scatter',
        mode: 'lines+markers',
        name: `${r.label} (${r.row.status}${gain})`,
        x: r.published.at.map(([it]) => it / total),
        y: r.published.at.map(([, acc]) => acc),
        line: { color: RUN_COLOURS[k % RUN_COLOURS.length], shape: 'hv' },
        marker: { size: 4 },
      };
    }),
    layout: {
      title: { text: title },
      font: { family: 'Arial, sans-serif', size: 13 },
      xaxis: { title: { text: 'fraction of the run (outer iterations / total)' }, range: [0, 1.02], tickformat: '.0%' },
      yaxis: { title: { text: yTitle } },
      shapes: [{
        type: 'rect', xref: 'x', yref: 'paper', x0: 1 - fraction, x1: 1, y0: 0, y1: 1,
        fillcolor: '#888', opacity: 0.12, line: { width: 0 },
      }],
      annotations: [{
        x: 1 - fraction / 2, y: 1, xref: 'x', yref: 'paper', yanchor: 'bottom', showarrow: false,
        text: `last ${Math.round(fraction * 100)} %: flat if it gains < 1 point`,
      }],
      legend: { orientation: 'h', x: 0, y: -0.18, yanchor: 'top' },
      width: 1000,
      height: 620,
      margin: { t: 80, b: 190 },
    },
  };
}
