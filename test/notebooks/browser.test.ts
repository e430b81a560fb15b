/**
 * The notebooks stepped through in a browser, for real: a Jupyter Notebook server as `make
 * notebook` starts it (./jupyter_server.ts) and Debian's Chromium driven by playwright-core.
 *  1. The tour notebook (a temporary copy; the committed one never gets outputs) runs through the
 *     UI's Run All; a text output and a Plotly figure appear; a screenshot is kept in
 *     test-artifacts/browser/tour.png (git-ignored).
 *  2. Jupyter's interrupt stops a distillation: the cell ends with "stopped at iteration N",
 *     the checkpoint is at N, nothing more is written, the run's lock is released; running the
 *     cell again resumes from N and finishes (./interrupt_notebook.ts).
 *  3. A long cell's progress (PlanProgress) is one line per job, updated in place, with an ETA.
 * Skips, saying why, without Chromium or Jupyter Notebook (`make chromium`, `make notebook`).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { findChromium } from '../../src/results/png';
import { REPO_ROOT } from '../../src/tools/jupyter-env';
import { JupyterServer, serverProblem, startJupyter } from './jupyter_server';
import { checkInterruptAndResume } from './interrupt_notebook';

const ARTIFACTS = path.join(REPO_ROOT, 'test-artifacts');
const SCREENSHOT = path.join(ARTIFACTS, 'browser', 'tour.png');
const chromium = findChromium();
const skip = chromium.path === null ? `${chromium.reason} (make chromium)` : serverProblem() ?? false;

let server: JupyterServer | null = null;
let browser: Browser | null = null;
const runsDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-browser-runs-'));
const copies: string[] = [];
/** The browser's console messages, page errors and failed requests (for failure messages). */
const pageLog: string[] = [];

before(async () => {
  if (skip) return;
  server = await startJupyter({ QDISTILL_PROFILE: 'quick', QDISTILL_RUNS_DIR: runsDir });
  const { chromium: launcher } = require('playwright-core') as typeof import('playwright-core');
  browser = await launcher.launch({
    executablePath: chromium.path as string, headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
  });
});

after(async () => {
  await browser?.close();
  await server?.stop();
  for (const f of copies) fs.rmSync(f, { force: true });
  // Jupyter's checkpoints of the copies (<name>-checkpoint.ipynb), and their folder once empty
  // (another run's checkpoints may be in it).
  const checkpoints = path.join(ARTIFACTS, '.ipynb_checkpoints');
  for (const f of copies) {
    const { name, ext } = path.parse(f);
    fs.rmSync(path.join(checkpoints, `${name}-checkpoint${ext}`), { force: true });
  }
  if (fs.existsSync(checkpoints) && fs.readdirSync(checkpoints).length === 0) fs.rmdirSync(checkpoints);
  fs.rmSync(runsDir, { recursive: true, force: true });
});

/** A copy of a notebook beside notebooks/ (same depth, so its `../dist` imports resolve), removed at the end. */
function scratchNotebook(name: string, content: string): string {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${process.pid}-${name}`);
  fs.writeFileSync(file, content);
  copies.push(file);
  return path.relative(REPO_ROOT, file);
}

/** Opens a notebook in the classic editor and waits for its tslab kernel. */
async function openNotebook(rel: string): Promise<Page> {
  const page = await (browser as Browser).newPage({ viewport: { width: 1280, height: 900 } });
  page.on('console', (m) => pageLog.push(`console.${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => pageLog.push(`page error: ${e.message}`));
  page.on('requestfailed', (r) => pageLog.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  await page.goto((server as JupyterServer).notebookUrl(rel));
  type Kernel = { is_connected?: () => boolean; info_reply?: { implementation?: string } };
  await page.waitForFunction(() => {
    const nb = (window as unknown as { Jupyter?: { notebook?: { kernel?: Kernel } } }).Jupyter?.notebook;
    return nb?.kernel?.is_connected?.() === true && nb.kernel.info_reply?.implementation === 'tslab';
  }, undefined, { timeout: 120_000 });
  return page;
}

/** Waits until no code cell is queued or running (prompt `In [*]`); returns the prompts. */
async function waitIdle(page: Page, timeoutMs: number): Promise<string[]> {
  const prompts = () =>
    page.$$eval('.code_cell .input_prompt', (els) => els.map((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim()));
  try {
    await page.waitForFunction(() => {
      const ps = Array.from(document.querySelectorAll('.code_cell .input_prompt')).map((e) => e.textContent ?? '');
      const idle = document.querySelector('#kernel_indicator_icon.kernel_idle_icon') !== null;
      return idle && ps.length > 0 && ps.every((p) => !p.includes('*'));
    }, undefined, { timeout: timeoutMs, polling: 250 });
  } catch (e) {
    const outputs = (await page.$$eval('.output_area pre', (els) => els.map((x) => x.textContent ?? ''))).join('\n');
    const kernel = await page.getAttribute('#kernel_indicator_icon', 'class');
    assert.fail(`${(e as Error).message}\nprompts: ${(await prompts()).join(' | ')}; kernel indicator: ${kernel}\n` +
      `outputs:\n${outputs}\nJupyter log (end):\n${(server as JupyterServer).log().slice(-3000)}`);
  }
  return prompts();
}

/** Clicks a menu entry of the classic notebook (menu id, entry id). */
async function menu(page: Page, menuId: string, entryId: string): Promise<void> {
  await page.click(`#${menuId}`);
  await page.click(`#${entryId} > a`);
}

test('the tour notebook runs in a browser: text output, a Plotly figure, a screenshot',
  { skip, timeout: 420_000 }, async (t) => {
  const source = fs.readFileSync(path.join(REPO_ROOT, 'notebooks', '00-simulator-tour.ipynb'), 'utf8');
  const page = await openNotebook(scratchNotebook('00-simulator-tour.ipynb', source));
  await menu(page, 'celllink', 'run_all_cells');
  const prompts = await waitIdle(page, 300_000);
  const cells = (JSON.parse(source) as { cells: { cell_type: string }[] }).cells;
  const expected = cells.filter((c) => c.cell_type === 'code').map((_, i) => `In [${i + 1}]:`);
  assert.deepEqual(prompts, expected, 'every cell ran once, in order');
  const text = (await page.$$eval('.output_area pre', (els) => els.map((e) => e.textContent ?? ''))).join('\n');
  assert.match(text, /expectation values <H_w>, shape 4 × 6/, `no expectation values in the page's outputs:\n${text}`);
  assert.match(text, /qubit 5: exact -?\d\.\d{4} {2}1000 shots -?\d\.\d{4}/, 'the last cell printed no shot estimates');
  assert.doesNotMatch(text, /Error|Interrupted/, 'no cell failed');
  await page.waitForSelector('.js-plotly-plot .main-svg', { timeout: 60_000 }).catch((e: Error) =>
    assert.fail(`${e.message}\nbrowser log:\n${pageLog.join('\n')}`));
  const bars = await page.$$eval('.js-plotly-plot .bars .point', (els) => els.length);
  assert.equal(bars, 64, 'the figure draws the 64 basis-state probabilities');
  const ticks = await page.$$eval('.js-plotly-plot .xtick text', (els) => els.map((e) => e.textContent ?? ''));
  assert.ok(ticks.includes('000000') && ticks.includes('111111'),
    `basis states as category labels, not numbers: ${ticks.slice(0, 4).join(', ')}…`);
  fs.mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
  // The classic notebook scrolls inside #site; let it grow so that the screenshot shows every cell.
  await page.addStyleTag({ content: '#site { height: auto !important; overflow: visible !important; }' });
  await page.screenshot({ path: SCREENSHOT, fullPage: true });
  assert.ok(fs.statSync(SCREENSHOT).size > 10_000, 'screenshot written');
  t.diagnostic(`screenshot: ${SCREENSHOT}`);
  console.log(`browser test screenshot: ${SCREENSHOT}`);
  await page.close();
});

test('Jupyter\'s interrupt stops a distillation with a checkpoint; running the cell again resumes it',
  { skip, timeout: 420_000 }, async (t) => {
  await checkInterruptAndResume({ runsDir, scratchNotebook, openNotebook, waitIdle, menu }, t);
});

const PROGRESS_CELL = [
  "import { PlanProgress } from '../dist/experiments/progress';",
  'const plan = new PlanProgress(2);',
  "for (const job of ['job A', 'job B']) {",
  '  plan.begin(job);',
  '  for (let i = 1; i <= 20; i++) {',
  '    await new Promise((r) => setTimeout(r, 150));',
  '    plan.update(i, 20, 0.15, (20 - i) * 0.15);',
  '  }',
  '  plan.end(`${job} done`);',
  '}',
].join('\n');

test('a long cell\'s progress is one line per job, ' +
  'updated in place, with an ETA', { skip, timeout: 300_000 }, async () => {
  const nb = {
    nbformat: 4, nbformat_minor: 5,
    metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
    cells: [{ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source: PROGRESS_CELL }],
  };
  const page = await openNotebook(scratchNotebook('progress.ipynb', JSON.stringify(nb)));
  await menu(page, 'celllink', 'run_all_cells');
  const shown = () => page.$$eval('.output_area pre', (els) => els.map((e) => e.textContent ?? ''));
  const runningLine = () =>
    /\[1\/2\] job A: \d+\/20, 0\.15 s\/step, ETA [\d.]+ s/.test(
      document.querySelector('.output_area pre')?.textContent ?? '');
  await page.waitForFunction(runningLine, undefined, { timeout: 120_000, polling: 100 });
  const running = await shown();
  assert.equal(running.length, 1, `one output while it runs: ${JSON.stringify(running)}`);
  await waitIdle(page, 120_000);
  const done = await shown();
  assert.equal(done.length, 1, `one output at the end: ${JSON.stringify(done)}`);
  const lines = done[0].trim().split('\n');
  assert.equal(lines.length, 2, `one line per job:\n${done[0]}`);
  assert.match(lines[0], /^\[1\/2\] job A: job A done \(\d+\.\d s\)$/);
  assert.match(lines[1], /^\[2\/2\] job B: job B done \(\d+\.\d s\)$/);
  await page.close();
});
