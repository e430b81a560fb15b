#!/usr/bin/env node
/**
 * Seconds per PNG figure (900 × 520 CSS pixels, scale 2, a line plot) for two ways of rendering
 * with one shared Chromium: a fresh page that loads the figure's standalone HTML page (plotly.js
 * inlined; how every render worked before `png_page.ts`), and the shared page of `renderPng`.
 * Alternates the two, `ROUNDS` rounds of 8 figures each, and prints the mean per round.
 *
 *   node scripts/bench-png.js [ROUNDS=2]      (after `make build`; needs Chromium)
 */
const { findChromium, renderPng } = require('../dist/results/png');
const { withBrowser } = require('../dist/results/png_browser');
const { plotlyStandaloneHtml } = require('../dist/plot/plotly');

const FIG = { data: [{ type: 'scatter', x: [1, 2, 3], y: [1, 3, 2] }], layout: { width: 900, height: 520 } };

function freshPage(chromium) {
  return withBrowser(chromium, async (browser) => {
    const page = await browser.newPage();
    await page.setContent(plotlyStandaloneHtml(FIG, 'figure'), { waitUntil: 'load' });
    await page.evaluate(() => window.Plotly.toImage(document.getElementById('plot'),
      { format: 'png', width: 900, height: 520, scale: 2 }));
    await page.close();
  });
}

async function perFigure(render) {
  const t = process.hrtime.bigint();
  for (let i = 0; i < 8; i++) await render();
  return Number(process.hrtime.bigint() - t) / 8e9;
}

async function main() {
  const rounds = Number(process.argv[2] ?? 2);
  const found = findChromium();
  if (found.path === null) throw new Error(found.reason);
  const chromium = found.path;
  await freshPage(chromium); // start the browser and warm both paths
  await renderPng(FIG, chromium);
  for (let r = 1; r <= rounds; r++) {
    const fresh = await perFigure(() => freshPage(chromium));
    const shared = await perFigure(() => renderPng(FIG, chromium));
    console.log(`round ${r}: fresh page ${fresh.toFixed(3)} s/figure, shared page ${shared.toFixed(3)} s/figure`);
  }
}

main().catch((e) => {
  console.error(`bench-png: ${e.message}`);
  process.exit(1);
});
