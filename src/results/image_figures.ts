/**
 * Pictures in figures: rows of pictures stacked into one, shown as a Plotly image (pure: data in,
 * Plotly JSON out).
 */
import { encodePng, RasterImage } from '../image/png';
import { PlotlyFigure } from '../plot/plotly';
import { FONT } from './figure_style';

/** Stacks pictures vertically (left-aligned, white padding); all must have the same channels. */
export function stackRows(images: readonly RasterImage[], gap = 4): RasterImage {
  if (images.length === 0) throw new Error('stackRows: expected at least one image, received none');
  const c = images[0].channels;
  if (images.some((im) => im.channels !== c)) {
    throw new Error(
      `stackRows: expected every image to have ${c} channel(s), received ${images.map((im) => im.channels).join(', ')}`,
    );
  }
  const width = Math.max(...images.map((im) => im.width));
  const height = images.reduce((h, im) => h + im.height, 0) + gap * (images.length - 1);
  const data = new Uint8Array(width * height * c).fill(255);
  let y0 = 0;
  for (const im of images) {
    for (let y = 0; y < im.height; y++) {
      data.set(im.data.subarray(y * im.width * c, (y + 1) * im.width * c), (y0 + y) * width * c);
    }
    y0 += im.height + gap;
  }
  return { width, height, channels: c, data };
}

/**
 * Picture rows (e.g. one distilled set per model) as one figure: the stacked picture as a
 * Plotly image, each row labelled on the y axis.
 */
export function imageRowsFigure(
  title: string,
  rows: ReadonlyArray<{ label: string; image: RasterImage }>,
  columnLabels: readonly string[] = [],
  columnsTitle = 'class',
): PlotlyFigure {
  const gap = 4;
  const stacked = stackRows(
    rows.map((r) => r.image),
    gap,
  );
  const source = pngDataUrl(stacked);
  const centers: number[] = [];
  let y = 0;
  for (const r of rows) {
    centers.push(y + r.image.height / 2);
    y += r.image.height + gap;
  }
  const scale = Math.max(1, Math.floor(900 / stacked.width));
  return {
    data: [{ type: 'image', source, x0: 0, y0: 0, dx: 1, dy: 1, hoverinfo: 'skip' }],
    layout: {
      title: { text: title }, font: FONT,
      // Column labels centred over equal-width blocks (e.g. the classes of class-major images).
      xaxis: {
        tickvals: columnLabels.map((_, k) => ((k + 0.5) * stacked.width) / columnLabels.length),
        ticktext: [...columnLabels],
        showticklabels: columnLabels.length > 0,
        ticks: '',
        showgrid: false,
        zeroline: false,
        title: { text: columnsTitle },
      },
      yaxis: {
        tickvals: centers,
        ticktext: rows.map((r) => r.label),
        ticks: '',
        showgrid: false,
        zeroline: false,
        autorange: 'reversed',
        scaleanchor: 'x',
        automargin: true,
      },
      width: stacked.width * scale + 320,
      height: stacked.height * scale + 140,
      margin: { l: 280, r: 20, t: 60, b: 40 },
    },
  };
}

/** A picture as a `data:image/png` URL for a Plotly image trace (gray pictures as RGB, which Plotly needs). */
export function pngDataUrl(im: RasterImage): string {
  const rgb = im.channels === 3
    ? im
    : {
      ...im,
      channels: 3 as const,
      data: Uint8Array.from({ length: im.data.length * 3 }, (_, i) => im.data[Math.floor(i / 3)]),
    };
  return `data:image/png;base64,${encodePng(rgb).toString('base64')}`;
}
