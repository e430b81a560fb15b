/**
 * Static PNG pictures of Plotly figures, rendered by a headless Chromium (Debian's `chromium`
 * package) driven by `playwright-core`: a page with plotly.js draws the figure with
 * `Plotly.toImage` at a fixed size. Renders in a row share one browser (`png_browser.ts`)
 * and, per plotly bundle, one page with plotly.js loaded (`png_page.ts`).
 *
 * Chromium is looked up at `$QDISTILL_CHROMIUM`, then `chromium`, `chromium-browser`,
 * `google-chrome` on PATH. Without one, `findChromium` says why and callers write the HTML only.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PlotlyFigure } from '../plot/plotly';
import { withBrowser } from './png_browser';
import { plotlyImageUrl } from './png_page';

export const CHROMIUM_ENV = 'QDISTILL_CHROMIUM';
const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** Where a Chromium was found, or why none was. */
export type ChromiumLookup = { path: string } | { path: null; reason: string };

function onPath(name: string, env: NodeJS.ProcessEnv): string | null {
  for (const dir of (env.PATH ?? '').split(path.delimiter)) {
    if (!dir) continue;
    const file = path.join(dir, name);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      return file;
    } catch {
      // not here
    }
  }
  return null;
}

/** Finds a Chromium executable (see module comment). */
export function findChromium(env: NodeJS.ProcessEnv = process.env): ChromiumLookup {
  const explicit = env[CHROMIUM_ENV];
  if (explicit) {
    try {
      fs.accessSync(explicit, fs.constants.X_OK);
      return { path: explicit };
    } catch {
      return { path: null, reason: `${CHROMIUM_ENV}=${explicit} is not an executable file` };
    }
  }
  for (const name of CANDIDATES) {
    const found = onPath(name, env);
    if (found) return { path: found };
  }
  return {
    path: null,
    reason:
      `no Chromium found (${CANDIDATES.join(', ')} on PATH, ` +
      `or ${CHROMIUM_ENV}); on Debian: apt-get install chromium`,
  };
}

export interface PngOptions {
  width?: number;
  height?: number;
  /** Pixel ratio (2 = twice the resolution). */
  scale?: number;
}

/**
 * Renders `fig` to PNG bytes with the Chromium at `chromium`; its size is `o`'s, else the
 * figure layout's `width`/`height`, else 900 × 520 (CSS pixels, times `scale`, default 2).
 */
export async function renderPng(fig: PlotlyFigure, chromium: string, o: PngOptions = {}): Promise<Buffer> {
  const layout = (fig.layout ?? {}) as { width?: unknown; height?: unknown };
  const size = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : undefined);
  const imageSize = {
    width: o.width ?? size(layout.width) ?? 900,
    height: o.height ?? size(layout.height) ?? 520,
    scale: o.scale ?? 2,
  };
  return withBrowser(chromium, async (browser) => {
    const url = await plotlyImageUrl(browser, fig, imageSize);
    const prefix = 'data:image/png;base64,';
    if (!url.startsWith(prefix)) {
      throw new Error(`renderPng: expected a PNG data URL from Plotly.toImage, received ${url.slice(0, 40)}…`);
    }
    return Buffer.from(url.slice(prefix.length), 'base64');
  });
}
