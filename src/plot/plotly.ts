/**
 * Plotly figures for notebooks and files.
 *
 * A figure is Plotly's own JSON (`{ data: traces[], layout }`). In a tslab notebook,
 * `showPlotly` sends one display bundle with the Plotly MIME type (rendered natively by
 * JupyterLab with the plotly renderer, VS Code, nteract) and an HTML fallback (the classic
 * notebook of `make notebook`) that loads plotly.js from the Jupyter server, else from the CDN of
 * the exact version we depend on (`plotlySources`); notebooks stay small.
 * `plotlyStandaloneHtml` writes a self-contained page with plotly.js inlined, for offline use.
 */
import * as fs from 'fs';
import * as path from 'path';
import { WriteDisplay, tslabWriter } from '../util/tslab_display';

export interface PlotlyFigure {
  data: Array<Record<string, unknown>>;
  layout?: Record<string, unknown>;
}

/** Version of the plotly.js-dist package we ship. */
export function plotlyVersion(): string {
  return JSON.parse(fs.readFileSync(require.resolve('plotly.js-dist/package.json'), 'utf8')).version;
}

let counter = 0;

/**
 * Where the HTML fragment looks for plotly.js, in order: the full bundle in this repository's
 * node_modules as served by a Jupyter server started in the repository root (`make notebook`:
 * `<base url>files/<local>`, works offline), then the CDN's copy of the exact version we depend
 * on. Full bundles both, so that every figure of a page can use the first one loaded.
 */
export function plotlySources(): { local: string; cdn: string } {
  const file = require.resolve('plotly.js-dist/plotly.js');
  return {
    // node_modules/plotly.js-dist/plotly.js, as a URL path
    local: path.relative(path.resolve(path.dirname(file), '..', '..'), file).split(path.sep).join('/'),
    cdn: `https://cdn.plot.ly/plotly-${plotlyVersion()}.min.js`,
  };
}

/**
 * An HTML fragment drawing `fig` (loads plotly.js when the page lacks it, trying each of
 * `plotlySources` in turn). plotly.js 3 bundles set `window.Plotly` and never call require.js's
 * `define`, so a script tag works in the classic notebook's page too.
 */
export function plotlyHtmlFragment(fig: PlotlyFigure): string {
  const id = `qdistill-plot-${Date.now().toString(36)}-${counter++}`;
  const src = plotlySources();
  const json = JSON.stringify({ data: fig.data, layout: fig.layout ?? {} }).replace(/</g, '\\u003c');
  return [
    `<div id="${id}" style="width:100%;height:420px"></div>`,
    '<script>',
    `(function(){var f=${json};function draw(P){P.newPlot('${id}',f.data,f.layout,{responsive:true});}`,
    "var base=document.body&&document.body.getAttribute('data-base-url');",
    `var urls=(base?[base+'files/${src.local}']:[]).concat(['${src.cdn}']);`,
    'if(window.Plotly){draw(window.Plotly);}',
    "else{(function load(i){if(i>=urls.length)return;var s=document.createElement('script');s.src=urls[i];",
    's.onload=function(){draw(window.Plotly);};s.onerror=function(){load(i+1);};document.head.appendChild(s);})(0);}',
    '})();',
    '</script>',
  ].join('\n');
}

/** Trace types of the small `plotly.js-cartesian-dist-min` bundle (1.3 MB instead of 11 MB). */
export const CARTESIAN_TRACES = [
  'bar', 'box', 'contour', 'heatmap', 'histogram', 'histogram2d', 'histogram2dcontour', 'image', 'pie', 'scatter',
  'scatterternary', 'violin',
] as const;

/** The plotly.js source to inline for `fig`: the cartesian bundle when it has every trace type, else the full one. */
export function plotlyBundleFor(fig: PlotlyFigure): string {
  const small = fig.data.every((t) =>
    (CARTESIAN_TRACES as readonly string[]).includes((t.type as string | undefined) ?? 'scatter'),
  );
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

/**
 * Shows a figure in a tslab notebook (Plotly MIME bundle + HTML fallback + a text summary).
 * Outside a notebook it prints the text summary. Returns nothing, so that a notebook cell
 * ending with it displays only the figure.
 */
export function showPlotly(
  fig: PlotlyFigure,
  summary = 'Plotly figure',
  writer: WriteDisplay | null = tslabWriter(),
): void {
  const data = {
    'application/vnd.plotly.v1+json': { data: fig.data, layout: fig.layout ?? {} },
    'text/html': plotlyHtmlFragment(fig),
    'text/plain': summary,
  };
  if (writer) writer({ data, metadata: {}, transient: {} }, false);
  else console.log(summary);
}
