/**
 * Plotly figure builders shared by the notebooks (pure: data in, Plotly JSON out).
 */
import { PlotlyFigure } from '../plot/plotly';
import { FONT } from './figure_style';

export { VARIANT_COLOURS } from './figure_style';
export * from './seed_panels_figure';
export * from './image_figures';

/**
 * A category label broken into lines (Plotly's `<br>`) at its commas, and at spaces so that no
 * line is longer than `width` characters (a longer word keeps its own line): narrow bar groups.
 */
export function wrapLabel(label: string, width = 15): string {
  return label.split(/,\s*/).flatMap((part) => {
    const lines: string[] = [];
    for (const word of part.split(/\s+/).filter(Boolean)) {
      const last = lines.length - 1;
      if (last >= 0 && lines[last].length + 1 + word.length <= width) lines[last] += ` ${word}`;
      else lines.push(word);
    }
    return lines;
  }).join('<br>');
}

/** Grouped bars (mean ± std error bars per series) with the paper's values as markers. */
export function barsWithPaper(
  title: string,
  rawLabels: readonly string[],
  series: ReadonlyArray<{ name: string; mean: ReadonlyArray<number | null>; std?: ReadonlyArray<number | null> }>,
  paper: ReadonlyArray<number | null>,
  yTitle = 'test accuracy (%)',
): PlotlyFigure {
  const labels = rawLabels.map((l) => wrapLabel(l));
  const data: Array<Record<string, unknown>> = series.map((s) => ({
    type: 'bar', name: s.name, x: [...labels], y: [...s.mean],
    ...(s.std ? { error_y: { type: 'data', array: s.std.map((v) => v ?? 0), visible: true } } : {}),
  }));
  if (paper.some((p) => p !== null)) {
    data.push({
      type: 'scatter',
      mode: 'markers',
      name: 'paper (distilled)',
      x: [...labels],
      y: [...paper],
      marker: { symbol: 'diamond', size: 13, color: 'black', line: { color: 'white', width: 1 } },
    });
  }
  // Horizontal, line-broken category labels below the bars and the legend above the plot, so that
  // neither can cover the other (rotated labels used to run into a legend below the axis).
  return {
    data,
    layout: {
      title: { text: title },
      barmode: 'group',
      font: FONT,
      yaxis: { title: { text: yTitle }, range: [0, 100] },
      xaxis: { automargin: true, tickangle: 0 },
      legend: { orientation: 'h', x: 0, y: 1.0, yanchor: 'bottom' },
      margin: { t: 110 },
    },
  };
}

/** Line plots of several series (e.g. loss or accuracy curves). */
export function curvesFigure(
  title: string,
  series: ReadonlyArray<{ name: string; x: readonly number[]; y: readonly number[]; dash?: string }>,
  xTitle: string,
  yTitle: string,
  logY = false,
): PlotlyFigure {
  return {
    data: series.map((s) => ({
      type: 'scatter',
      mode: 'lines',
      name: s.name,
      x: [...s.x],
      y: [...s.y],
      line: s.dash ? { dash: s.dash } : {},
    })),
    layout: {
      title: { text: title },
      font: FONT,
      xaxis: { title: { text: xTitle } },
      yaxis: { title: { text: yTitle }, type: logY ? 'log' : 'linear' },
    },
  };
}

/** One box (with every point shown) per group: the spread of a quantity over seeds. */
export function spreadFigure(
  title: string,
  groups: ReadonlyArray<{ name: string; values: readonly number[] }>,
  yTitle: string,
): PlotlyFigure {
  return {
    data: groups.map((g) => ({
      type: 'box',
      name: g.name,
      y: [...g.values],
      boxpoints: 'all',
      jitter: 0.3,
      pointpos: 0,
    })),
    layout: {
      title: { text: title },
      font: FONT,
      yaxis: { title: { text: yTitle } },
      showlegend: false,
      xaxis: { automargin: true },
    },
  };
}
