/**
 * Renders on the shared plotly page (`png_page.ts`) give the same pixels as the figure's standalone
 * HTML page (`plotlyStandaloneHtml`, the page users open) drawn in a fresh page, the way every PNG
 * was rendered before; for both bundles, with gaps (NaN), one after another and overlapping.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser } from 'playwright-core';
import { PlotlyFigure, plotlyBundleFor, plotlyStandaloneHtml } from '../../src/plot/plotly';
import { findChromium, renderPng } from '../../src/results/png';
import { withBrowser } from '../../src/results/png_browser';
import { decodePng } from '../image/decode_png';

const chromium = findChromium();
const skip = chromium.path === null ? `no Chromium: ${(chromium as { reason: string }).reason}` : false;

const FIGURES: PlotlyFigure[] = [
  { data: [{ type: 'scatter', mode: 'lines+markers', x: [1, 2, 3, 4], y: [2, NaN, 1, 3], name: 'a' },
    { type: 'bar', x: [1, 2, 3], y: [1, 2, 1.5], error_y: { type: 'data', array: [0.1, 0.3, 0.2] }, name: 'b' }],
  layout: { width: 420, height: 260, title: { text: 'lines, gap, bars' }, xaxis: { title: { text: 'x' } } } },
  { data: [{ type: 'heatmap', z: [[1, 2, 3], [3, 1, 2]], colorscale: 'Viridis' }],
    layout: { width: 300, height: 240, annotations: [{ x: 1, y: 0, text: '2', showarrow: false }] } },
  { data: [{ type: 'table', header: { values: ['method', 'accuracy'] }, cells: { values: [['a', 'b'], [91.9, 94]] } }],
    layout: { width: 320, height: 200 } },
];

/** The reference: the standalone page in a fresh page, as renders were made before the shared page. */
async function standaloneRender(browser: Browser, fig: PlotlyFigure): Promise<Buffer> {
  const page = await browser.newPage();
  try {
    await page.setContent(plotlyStandaloneHtml(fig, 'figure'), { waitUntil: 'load' });
    const url = await page.evaluate(async (opts) => {
      const w = window as unknown as { Plotly: { toImage: (el: Element, o: object) => Promise<string> } };
      return w.Plotly.toImage(document.getElementById('plot') as Element, { format: 'png', ...opts });
    }, { width: fig.layout!.width as number, height: fig.layout!.height as number, scale: 1 });
    return Buffer.from(url.slice('data:image/png;base64,'.length), 'base64');
  } finally {
    await page.close();
  }
}

test('the shared page draws what the standalone page draws, for both bundles, in a row and overlapping',
  { skip, timeout: 120_000 }, async () => {
    assert.notEqual(plotlyBundleFor(FIGURES[0]), plotlyBundleFor(FIGURES[2]), 'both bundles are covered');
    const refs = await withBrowser(chromium.path!, (b) => Promise.all(FIGURES.map((f) => standaloneRender(b, f))));
    const render = (f: PlotlyFigure) => renderPng(f, chromium.path!, { scale: 1 });
    const inRow: Buffer[] = [];
    for (const f of [...FIGURES, ...FIGURES]) inRow.push(await render(f));
    const overlapping = await Promise.all([...FIGURES, ...FIGURES].map(render));
    for (const [k, png] of [...inRow, ...overlapping].entries()) {
      const got = decodePng(png), want = decodePng(refs[k % FIGURES.length]);
      assert.deepEqual([got.width, got.height], [want.width, want.height], `render ${k}: size`);
      assert.ok(got.pixels.length > 0);
      assert.equal(Buffer.compare(Buffer.from(got.pixels), Buffer.from(want.pixels)), 0, `render ${k}: pixels`);
    }
  });

test('a shared page closed from outside (or crashed) is replaced at the next render', { skip, timeout: 120_000 },
  async () => {
    const fig = FIGURES[0];
    const first = decodePng(await renderPng(fig, chromium.path!, { scale: 1 }));
    const closed = await withBrowser(chromium.path!, async (b) => {
      const open = b.contexts().flatMap((c) => c.pages());
      await Promise.all(open.map((p) => p.close()));
      return open.length;
    });
    assert.ok(closed >= 1, 'the shared page was open');
    const again = decodePng(await renderPng(fig, chromium.path!, { scale: 1 }));
    assert.equal(Buffer.compare(Buffer.from(again.pixels), Buffer.from(first.pixels)), 0);
  });
