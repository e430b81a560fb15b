/**
 * Plotly PNG renders on a page that loads plotly.js once per browser and bundle (`png.ts`). A
 * fresh page per figure, loading the standalone HTML page, took 0.92-1.00 s per figure; the shared
 * page takes 0.06 s (`node scripts/bench-png.js`, reference machine, 2026-12-06, with two other
 * jobs running). Each render draws into a div of its own, purged and removed afterwards, so
 * renders on one page may overlap. A page that failed to load is not kept.
 */
import type { Browser, Page } from 'playwright-core';
import * as fs from 'fs';
import { PlotlyFigure, plotlyBundleFor } from '../plot/plotly';

const pages = new WeakMap<Browser, Map<string, Promise<Page>>>();
let nextId = 0;

function pageWith(browser: Browser, bundle: string): Promise<Page> {
  let byBundle = pages.get(browser);
  if (!byBundle) pages.set(browser, (byBundle = new Map()));
  let page = byBundle.get(bundle);
  if (!page) {
    const open = async () => {
      const p = await browser.newPage();
      const lib = fs.readFileSync(bundle, 'utf8');
      await p.setContent(`<!DOCTYPE html>\n<html><head><meta charset="utf-8"><script>${lib}</script></head>` +
        '<body></body></html>\n', { waitUntil: 'load' });
      return p;
    };
    page = open();
    byBundle.set(bundle, page);
    const kept = page;
    kept.catch(() => byBundle!.get(bundle) === kept && byBundle!.delete(bundle));
  }
  return page;
}

/** Pixel size and ratio of one render. */
export interface ImageSize {
  width: number;
  height: number;
  scale: number;
}

/**
 * The PNG data URL of `fig` drawn by `Plotly.toImage` at `size`, on `browser`'s shared page for
 * the figure's bundle (`plotlyBundleFor`). The figure goes to the page as the same JSON as the
 * standalone HTML page's (`plotlyStandaloneHtml`), so both draw the same data.
 */
export async function plotlyImageUrl(browser: Browser, fig: PlotlyFigure, size: ImageSize): Promise<string> {
  const page = await pageWith(browser, plotlyBundleFor(fig));
  const json = JSON.stringify({ data: fig.data, layout: fig.layout ?? {} });
  return page.evaluate(
    async ({ json, id, opts }) => {
      type P = {
        newPlot: (el: Element, data: unknown, layout: unknown) => Promise<unknown>;
        toImage: (el: Element, o: object) => Promise<string>;
        purge: (el: Element) => void;
      };
      const Plotly = (window as unknown as { Plotly: P }).Plotly;
      const f = JSON.parse(json) as { data: unknown; layout: unknown };
      const el = document.createElement('div');
      el.id = id;
      document.body.appendChild(el);
      try {
        await Plotly.newPlot(el, f.data, f.layout);
        return await Plotly.toImage(el, { format: 'png', ...opts });
      } finally {
        Plotly.purge(el);
        el.remove();
      }
    },
    { json, id: `plot-${nextId++}`, opts: size },
  );
}
