/**
 * Plotly PNG renders on a page that loads plotly.js once per browser and bundle (`png.ts`). A
 * fresh page per figure, loading the standalone HTML page, took 0.92-1.00 s per figure; the shared
 * page takes 0.06 s (`node scripts/bench-png.js`, reference machine, 2026-12-06, with two other
 * jobs running). Each render draws into a div of its own, purged and removed afterwards, so
 * renders on one page may overlap. A page that failed to load, was closed or crashed is replaced at
 * the next render.
 */
import type { Browser, Page } from 'playwright-core';
import * as fs from 'fs';
import { PlotlyFigure, plotlyBundleFor } from '../plot/plotly';

const pages = new WeakMap<Browser, Map<string, Promise<Page>>>();
const crashed = new WeakSet<Page>();
const unusable = (p: Page) => p.isClosed() || crashed.has(p);
let nextId = 0;

function pagesOf(browser: Browser): Map<string, Promise<Page>> {
  let byBundle = pages.get(browser);
  if (!byBundle) pages.set(browser, (byBundle = new Map()));
  return byBundle;
}

/** Forgets `page` (if it is still the one kept for `bundle`) and closes it. */
function drop(browser: Browser, bundle: string, page: Promise<Page>): void {
  const byBundle = pagesOf(browser);
  if (byBundle.get(bundle) === page) byBundle.delete(bundle);
  page.then((p) => p.close()).catch(() => undefined);
}

async function pageWith(browser: Browser, bundle: string): Promise<{ page: Page; kept: Promise<Page> }> {
  const byBundle = pagesOf(browser);
  let kept = byBundle.get(bundle);
  if (kept && (await kept.then(unusable, () => true))) {
    drop(browser, bundle, kept); // closed from outside, or crashed: open another
    kept = undefined;
  }
  if (!kept) {
    const open = async () => {
      const p = await browser.newPage();
      p.on('crash', () => crashed.add(p));
      const lib = fs.readFileSync(bundle, 'utf8');
      await p.setContent(`<!DOCTYPE html>\n<html><head><meta charset="utf-8"><script>${lib}</script></head>` +
        '<body></body></html>\n', { waitUntil: 'load' });
      return p;
    };
    kept = open();
    byBundle.set(bundle, kept);
    const mine = kept;
    mine.catch(() => drop(browser, bundle, mine));
  }
  return { page: await kept, kept };
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
  const bundle = plotlyBundleFor(fig);
  const { page, kept } = await pageWith(browser, bundle);
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
  ).catch((e: unknown) => {
    if (unusable(page)) drop(browser, bundle, kept); // the next render opens another page
    throw e;
  });
}
