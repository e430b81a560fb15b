/**
 * A heatmap with each cell's value written in it (e.g. an accuracy matrix): rows top to bottom
 * in the order given, columns left to right; empty cells (null) stay blank.
 */
import { PlotlyFigure } from '../plot/plotly';
import { wrapLabel } from './figures';

/**
 * @param z values `[rows][columns]` (null: no value)
 * @param colourTitle the colour bar's title (e.g. 'test accuracy (%)')
 */
export function heatmapFigure(title: string, rowLabels: readonly string[], columnLabels: readonly string[],
  z: ReadonlyArray<ReadonlyArray<number | null>>, colourTitle: string, digits = 1): PlotlyFigure {
  if (z.length !== rowLabels.length || z.some((r) => r.length !== columnLabels.length)) {
    const got = `[${z.length}][${z.map((r) => r.length).join(', ')}]`;
    throw new Error(`heatmapFigure: expected values [${rowLabels.length}][${columnLabels.length}], received ${got}`);
  }
  const x = columnLabels.map((l) => wrapLabel(l, 18)), y = [...rowLabels];
  const annotations = z.flatMap((row, i) => row.flatMap((v, j) => (v === null ? [] : [{
    x: x[j], y: y[i], text: v.toFixed(digits), showarrow: false, font: { color: 'white', size: 12 },
  }])));
  return {
    data: [{
      type: 'heatmap', x, y, z: z.map((r) => [...r]), colorscale: 'Viridis',
      colorbar: { title: { text: colourTitle } }, hoverongaps: false,
    }],
    layout: {
      title: { text: title }, annotations, font: { family: 'Arial, sans-serif', size: 13 },
      xaxis: { automargin: true, tickangle: 0, side: 'bottom' }, yaxis: { automargin: true, autorange: 'reversed' },
      width: 260 + 150 * columnLabels.length, height: 220 + 42 * rowLabels.length,
    },
  };
}
