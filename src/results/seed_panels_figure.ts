/**
 * Seed panels: a quantity's curves per variant and seed, one panel per quantity (pure: data in,
 * Plotly JSON out).
 */
import { PlotlyFigure } from '../plot/plotly';
import { FONT, VARIANT_COLOURS } from './figure_style';

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
