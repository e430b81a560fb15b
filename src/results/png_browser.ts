/**
 * One headless Chromium shared by the PNG renders of a process (`png.ts`): starting one takes
 * about 0.6 s of a render's 1.7 s on the reference machine, and a notebook writes its figures one
 * after another. The
 * browser closes `IDLE_MS` after the last render ends (so a process that rendered exits at most
 * that much later), and a browser that died is replaced at the next render.
 */
import type { Browser } from 'playwright-core';

export const IDLE_MS = 2000;

interface Shared {
  chromium: string;
  browser: Promise<Browser>;
  users: number;
  timer?: NodeJS.Timeout;
}

let shared: Shared | null = null;

function launch(chromium: string): Promise<Browser> {
  // Loaded lazily: only figure writing needs it.
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  const { chromium: launcher } = require('playwright-core') as typeof import('playwright-core');
  return launcher.launch({
    executablePath: chromium,
    headless: true,
    chromiumSandbox: false,
    args: ['--disable-gpu', '--disable-dev-shm-usage'],
  });
}

function close(s: Shared): void {
  if (shared === s) shared = null;
  clearTimeout(s.timer);
  s.browser.then((b) => b.close()).catch(() => undefined);
}

/** Runs `fn` with the shared browser of the Chromium at `chromium` (started when none is open). */
export async function withBrowser<T>(chromium: string, fn: (b: Browser) => Promise<T>): Promise<T> {
  if (shared && shared.chromium !== chromium) close(shared);
  if (shared === null) {
    const s: Shared = { chromium, browser: launch(chromium), users: 0 };
    s.browser.catch(() => close(s)); // a failed start is not kept
    shared = s;
  }
  const s = shared;
  clearTimeout(s.timer);
  s.users++;
  try {
    const browser = await s.browser;
    if (!browser.isConnected()) {
      close(s);
      return await withBrowser(chromium, fn);
    }
    return await fn(browser);
  } finally {
    s.users--;
    if (s.users === 0 && shared === s) s.timer = setTimeout(() => close(s), IDLE_MS);
  }
}

/** Whether a shared browser is open now (for tests). */
export const browserOpen = (): boolean => shared !== null;
