/**
 * A distilled set with learned soft labels as one figure: the image grid (`distilledGrid`, one row
 * per step, class-major columns) with each image's two heaviest classes and their weights written
 * under it, e.g. "3 .81 · 5 .22". The weights are the raw learned values (not normalised).
 */
import { distilledGrid, gridSize } from '../image/grid';
import { topClasses } from '../distill/labels';
import { NUM_CLASSES } from '../models/spec';
import { PlotlyFigure } from '../plot/plotly';
import { pngDataUrl, stackRows } from './figures';

const weight = (w: number) => (Math.abs(w) >= 1 ? w.toFixed(1) : w.toFixed(2).replace(/^(-?)0\./, '$1.'));

/**
 * @param images normalised values laid out as `shape` `[steps, m, H, W, C]`
 * @param labels soft labels `[steps, m, 10]` (row-major)
 * @param norm the dataset's per-channel mean and std (pixel/255 space)
 */
export function softLabelGridFigure(title: string, images: Float32Array, shape: readonly number[], labels: Float32Array,
  norm: { mean: readonly number[]; std: readonly number[] }): PlotlyFigure {
  const [steps, m, h, w] = shape;
  if (labels.length !== steps * m * NUM_CLASSES) {
    throw new Error(
      `softLabelGridFigure: expected ${steps * m * NUM_CLASSES} ` +
        `label values for images [${shape}], received ${labels.length}`,
    );
  }
  const scale = 3, gap = 1, caption = 30;
  const per = m * h * w * shape[4];
  // one grid picture per step, stacked with room for two caption lines under each
  const rows = Array.from({ length: steps }, (_, r) =>
    distilledGrid(images.subarray(r * per, (r + 1) * per), [1, ...shape.slice(1)], norm.mean, norm.std, { scale, gap }),
  );
  const grid = stackRows(rows, caption);
  const row = gridSize(1, m, h, w, { scale, gap });
  const annotations = topClasses(labels, 2).map((t, i) => {
    const r = Math.floor(i / m), k = i % m;
    return {
      x: gap + k * (w * scale + gap) + (w * scale) / 2,
      y: r * (row.height + caption) + row.height,
      yanchor: 'top',
      showarrow: false,
      text: t.map((e) => `${e.cls} ${weight(e.weight)}`).join('<br>'),
      font: { size: 10 },
    };
  });
  return {
    data: [
      {
        type: 'image',
        source: pngDataUrl(grid),
        x0: 0,
        y0: 0,
        dx: 1,
        dy: 1,
        hoverinfo: 'skip',
      },
    ],
    layout: {
      title: { text: title }, annotations,
      xaxis: { visible: false }, yaxis: { visible: false, scaleanchor: 'x', range: [grid.height + caption, 0] },
      width: grid.width * 1.5 + 80, height: (grid.height + caption) * 1.5 + 120, margin: { l: 20, r: 20, t: 60, b: 20 },
    },
  };
}
