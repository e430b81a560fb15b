/**
 * Plotly figure builders shared by the notebooks (pure: data in, Plotly JSON out).
 */
import { encodePng, RasterImage } from '../image/png';
import { PlotlyFigure } from '../plot/plotly';

const FONT = { family: 'Arial, sans-serif', size: 13 };

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

/** Plotly's default colours, one per variant in order. */
export const VARIANT_COLOURS = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
];

/** A quantity's curves for one variant: one per seed (equal x). */
export interface VariantCurves {
  variant: string;
  seeds: ReadonlyArray<{ x: readonly number[]; y: readonly number[] }>;
}

/**
 * One panel per quantity, side by side, each with its own y axis; one colour per variant,
 * the same in every panel; each seed a thin line and the mean over seeds a bold one (the
 * legend lists the variants once).
 */
export function seedPanelsFigure(
  title: string,
  xTitle: string,
  panels: ReadonlyArray<{ title: string; curves: readonly VariantCurves[] }>,
): PlotlyFigure {
  const data: Array<Record<string, unknown>> = [];
  const layout: Record<string, unknown> = {
    title: { text: title },
    font: FONT,
    legend: { orientation: 'h', x: 0, y: -0.2 },
  };
  const gap = 0.14,
    width = (1 - gap * (panels.length - 1)) / panels.length;
  panels.forEach((panel, k) => {
    const axis = k === 0 ? '' : String(k + 1), x0 = k * (width + gap);
    layout[`xaxis${axis}`] = { domain: [x0, x0 + width], title: { text: xTitle }, anchor: `y${axis}` };
    layout[`yaxis${axis}`] = { title: { text: panel.title }, anchor: `x${axis}`, automargin: true };
    panel.curves.forEach((c, v) => {
      const colour = VARIANT_COLOURS[v % VARIANT_COLOURS.length];
      for (const s of c.seeds) {
        data.push({
          type: 'scatter',
          mode: 'lines',
          x: [...s.x],
          y: [...s.y],
          xaxis: `x${axis}`,
          yaxis: `y${axis}`,
          line: { color: colour, width: 1 },
          opacity: 0.45,
          showlegend: false,
          hoverinfo: 'skip',
          legendgroup: c.variant,
        });
      }
      const n = Math.min(...c.seeds.map((s) => s.y.length));
      const mean = Array.from({ length: n }, (_, i) => c.seeds.reduce((t, s) => t + s.y[i], 0) / c.seeds.length);
      data.push({
        type: 'scatter',
        mode: 'lines',
        name: `${c.variant} (mean of ${c.seeds.length} seed${c.seeds.length === 1 ? '' : 's'})`,
        x: c.seeds[0] ? [...c.seeds[0].x.slice(0, n)] : [],
        y: mean,
        xaxis: `x${axis}`,
        yaxis: `y${axis}`,
        line: { color: colour, width: 3 },
        showlegend: k === 0,
        legendgroup: c.variant,
      });
    });
  });
  return { data, layout };
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
    : { ...im, channels: 3 as const, data: Uint8Array.from({ length: im.data.length * 3 }, (_, i) => im.data[Math.floor(i / 3)]) };
  return `data:image/png;base64,${encodePng(rgb).toString('base64')}`;
}
