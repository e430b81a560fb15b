/**
 * Plotly figures for notebooks and files.
 *
 * A figure is Plotly's own JSON (`{ data: traces[], layout }`). In a tslab notebook,
 * `showPlotly` sends one display bundle with the Plotly MIME type (rendered natively by
 * JupyterLab with the plotly renderer, VS Code, nteract) and an HTML fallback that loads
 * plotly.js from the CDN of the exact version we depend on; notebooks stay small.
 * `plotlyStandaloneHtml` writes a self-contained page with plotly.js inlined, for offline use.
 */
import * as fs from 'fs';

export interface PlotlyFigure {
  data: Array<Record<string, unknown>>;
  layout?: Record<string, unknown>;
}

/** Version of the plotly.js-dist package we ship. */
export function plotlyVersion(): string {
  return JSON.parse(fs.readFileSync(require.resolve('plotly.js-dist/package.json'), 'utf8')).version;
}

let counter = 0;

/** An HTML fragment drawing `fig` (loads plotly.js from its CDN when the page lacks it). */
export function plotlyHtmlFragment(fig: PlotlyFigure): string {
  const id = `qdistill-plot-${Date.now().toString(36)}-${counter++}`;
  const src = `https://cdn.plot.ly/plotly-${plotlyVersion()}.min.js`;
  const json = JSON.stringify({ data: fig.data, layout: fig.layout ?? {} }).replace(/</g, '\\u003c');
  return [
    `<div id="${id}" style="width:100%;height:420px"></div>`,
    '<script>',
    `(function(){var f=${json};function draw(){window.Plotly.newPlot('${id}',f.data,f.layout,{responsive:true});}`,
    `if(window.Plotly){draw();}else{var s=document.createElement('script');s.src='${src}';s.onload=draw;document.head.appendChild(s);}})();`,
    '</script>',
  ].join('\n');
}

/** Trace types of the small `plotly.js-cartesian-dist-min` bundle (1.3 MB instead of 11 MB). */
export const CARTESIAN_TRACES = ['bar', 'box', 'contour', 'heatmap', 'histogram', 'histogram2d', 'histogram2dcontour', 'image', 'pie', 'scatter', 'scatterternary', 'violin'] as const;

/** The plotly.js source to inline for `fig`: the cartesian bundle when it has every trace type, else the full one. */
export function plotlyBundleFor(fig: PlotlyFigure): string {
  const small = fig.data.every((t) => (CARTESIAN_TRACES as readonly string[]).includes((t.type as string | undefined) ?? 'scatter'));
  return require.resolve(small ? 'plotly.js-cartesian-dist-min/plotly-cartesian.min.js' : 'plotly.js-dist/plotly.js');
}

/** A self-contained HTML page with plotly.js inlined (works offline). */
export function plotlyStandaloneHtml(fig: PlotlyFigure, title: string): string {
  const lib = fs.readFileSync(plotlyBundleFor(fig), 'utf8');
  const json = JSON.stringify({ data: fig.data, layout: fig.layout ?? {} }).replace(/</g, '\\u003c');
  const esc = title.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c] as string);
  return `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${esc}</title>\n<script>${lib}</script></head>\n` +
    `<body><div id="plot" style="width:100%;height:90vh"></div>\n` +
    `<script>var f=${json};Plotly.newPlot('plot',f.data,f.layout,{responsive:true});</script></body></html>\n`;
}

type WriteDisplay = (msg: { data: Record<string, unknown>; metadata: object; transient: object }, update: boolean) => void;

/** The tslab kernel's display writer, or null outside a notebook. */
function tslabWriter(): WriteDisplay | null {
  try {
    // tslab keeps the active display writer on its jupyter module (internal but pinned).
    // eslint-disable-next-line @typescript-eslint/no-var-requires
    return require('tslab/dist/jupyter').lastWriteDisplayData ?? null;
  } catch {
    return null;
  }
}

/**
 * Shows a figure in a tslab notebook (Plotly MIME bundle + HTML fallback + a text summary).
 * Outside a notebook it prints the text summary. Returns nothing, so that a notebook cell
 * ending with it displays only the figure.
 */
export function showPlotly(fig: PlotlyFigure, summary = 'Plotly figure', writer: WriteDisplay | null = tslabWriter()): void {
  const data = {
    'application/vnd.plotly.v1+json': { data: fig.data, layout: fig.layout ?? {} },
    'text/html': plotlyHtmlFragment(fig),
    'text/plain': summary,
  };
  if (writer) writer({ data, metadata: {}, transient: {} }, false);
  else console.log(summary);
}
