/**
 * PNG renders in a row share one Chromium, which closes when idle; each render is the figure at
 * its stated size (decoded by hand: width and height of the image, times the pixel ratio).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { findChromium, renderPng } from '../../src/results/png';
import { IDLE_MS, browserOpen, withBrowser } from '../../src/results/png_browser';
import { decodePng } from '../image/decode_png';

const chromium = findChromium();
const skip = chromium.path === null ? `no Chromium: ${(chromium as { reason: string }).reason}` : false;
const fig = (w: number) => ({ data: [{ type: 'scatter', x: [1, 2], y: [2, 1] }], layout: { width: w, height: 200 } });

test('renders in a row share one browser, closed IDLE_MS after the last; a later render starts another',
  { skip, timeout: 120_000 }, async () => {
    const seen: unknown[] = [];
    const spy = <T>(f: () => Promise<T>) => withBrowser(chromium.path!, async (b) => (seen.push(b), f()));
    await spy(async () => undefined);
    const [a, b] = await Promise.all([renderPng(fig(300), chromium.path!, { scale: 1 }),
      renderPng(fig(400), chromium.path!, { scale: 2 })]);
    await spy(async () => undefined);
    assert.equal(seen.length, 2);
    assert.equal(seen[0], seen[1], 'the same browser');
    assert.deepEqual([decodePng(a).width, decodePng(a).height, decodePng(b).width, decodePng(b).height],
      [300, 200, 800, 400]);
    assert.ok(browserOpen());
    await new Promise((r) => setTimeout(r, IDLE_MS + 1000));
    assert.equal(browserOpen(), false, 'closed when idle');
    await spy(async () => undefined);
    assert.notEqual(seen[2], seen[0], 'a new browser after the idle close');
    await assert.rejects(withBrowser(chromium.path!, async () => { throw new Error('in fn'); }), /in fn/);
    assert.ok(browserOpen(), 'an error in a render keeps the browser for the next');
  });

test('a Chromium that cannot start is an error of that render, and the next render tries again',
  { skip, timeout: 60_000 }, async () => {
    await assert.rejects(renderPng(fig(300), '/nonexistent/chromium'));
    assert.equal(browserOpen(), false);
    const png = decodePng(await renderPng(fig(300), chromium.path!, { scale: 1 }));
    assert.equal(png.width, 300);
  });
