/**
 * The interrupt check of browser.test.ts (not a test file itself): a two-cell notebook distils a
 * tiny run through the run cache (`distillCached`, as every experiment notebook does) in a real
 * tslab kernel; the test presses Kernel > Interrupt in the page (Jupyter sends SIGINT to the
 * kernel) once a few iterations are logged, then checks the files of the run against what a
 * clean stop leaves, and runs the cell again.
 */
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { parseDistillConfig } from '../../src/distill/config';
import { distillRunDir } from '../../src/experiments/run_cache';
import { lockFile } from '../../src/runs/lock';
import { runPaths } from '../../src/runs/run_dir';
import { metricsOf } from '../runs/helpers';

export interface BrowserKit {
  runsDir: string;
  scratchNotebook(name: string, content: string): string;
  openNotebook(rel: string): Promise<Page>;
  waitIdle(page: Page, timeoutMs: number): Promise<string[]>;
  menu(page: Page, menuId: string, entryId: string): Promise<void>;
}

/** 8 epochs × 4 batches of 16 = 32 iterations; checkpoints only at 0, on the stop and at the end. */
const RAW = {
  dataset: 'mnist', model: { kind: 'quantum_lenet', qubits: 2, layers: 1 }, distillSteps: 2, distillEpochs: 1,
  batchSize: 16, epochs: 8, seed: 11, evalEvery: 0, checkpointEvery: 1000,
};
const LIMITS = { profile: 'quick', trainLimit: 64, testLimit: 100 };

const cell = (source: string) => ({ cell_type: 'code', metadata: {}, execution_count: null, outputs: [], source });
const NOTEBOOK = JSON.stringify({
  nbformat: 4, nbformat_minor: 5,
  metadata: { kernelspec: { name: 'tslab', display_name: 'TypeScript', language: 'typescript' } },
  cells: [
    cell([
      "import { initBackend } from '../dist/backend';",
      "import { parseDistillConfig } from '../dist/distill/config';",
      "import { distillCached } from '../dist/experiments/run_cache';",
      `const cfg = parseDistillConfig(${JSON.stringify(RAW)});`,
      "console.log('backend', await initBackend());",
    ].join('\n')),
    cell([
      // default workers, as the notebooks run (one worker thread per extra core on wasm)
      `const run = await distillCached(cfg, { ...${JSON.stringify(LIMITS)}, log: (m: string) => console.log(m) });`,
      'console.log(`finished: iteration ${run.final.iteration}`);',
    ].join('\n')),
  ],
});

const outputOf = (page: Page, index: number) =>
  page.locator('.code_cell').nth(index).locator('.output_area pre').allTextContents().then((xs) => xs.join('\n'));

async function until(what: string, ok: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ok()) {
    if (Date.now() > deadline) assert.fail(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const checkpointIteration = (dir: string): number =>
  JSON.parse(fs.readFileSync(path.join(runPaths(dir).checkpoint, 'state.json'), 'utf8')).iteration;

export async function checkInterruptAndResume(kit: BrowserKit, t: TestContext): Promise<void> {
  process.env.QDISTILL_RUNS_DIR = kit.runsDir; // as the server's kernels see it
  const dir = distillRunDir(parseDistillConfig(RAW), LIMITS);
  const total = 32;
  const losses = () => (fs.existsSync(runPaths(dir).metrics) ? metricsOf(dir).iterations : []);
  const page = await kit.openNotebook(kit.scratchNotebook('interrupt.ipynb', NOTEBOOK));
  await kit.menu(page, 'celllink', 'run_all_cells');
  await until('3 iterations in metrics.jsonl', () => losses().length >= 3, 180_000);
  assert.ok(fs.existsSync(lockFile(dir)), 'the kernel holds the run\'s lock while it computes');
  await kit.menu(page, 'kernellink', 'int_kernel');
  await kit.waitIdle(page, 120_000);

  const stopped = await outputOf(page, 1);
  const m = /stopped at iteration (\d+)\/(\d+)/.exec(stopped);
  assert.ok(m, `the interrupted cell does not say where it stopped:\n${stopped}`);
  assert.match(stopped, /stop requested/);
  assert.match(stopped, /run the cell \(or the call\) again to resume/);
  const n = Number(m[1]);
  assert.equal(Number(m[2]), total);
  assert.ok(n >= 3 && n < total, `stopped at ${n}, expected between 3 and ${total - 1}`);
  assert.equal(fs.existsSync(lockFile(dir)), false, 'the lock is released when the cell ends');
  assert.equal(checkpointIteration(dir), n, 'the checkpoint is the stop iteration');
  const upTo = (k: number) => Array.from({ length: k }, (_, i) => i + 1);
  assert.deepEqual(losses(), upTo(n), 'one metrics line per iteration up to the stop');
  assert.equal(fs.existsSync(runPaths(dir).final), false);
  // The kernel is idle and nothing keeps computing in its background: wait several iterations' time.
  const metricsBefore = fs.readFileSync(runPaths(dir).metrics, 'utf8');
  const perIteration = metricsOf(dir).losses.length > 0 ? lastSeconds(dir) / n : 1;
  await new Promise((r) => setTimeout(r, Math.max(3000, 5000 * perIteration)));
  assert.equal(fs.readFileSync(runPaths(dir).metrics, 'utf8'), metricsBefore, 'no metrics written after the stop');
  assert.equal(checkpointIteration(dir), n, 'no checkpoint written after the stop');

  await page.locator('.code_cell').nth(1).locator('.input_prompt').click();
  await kit.menu(page, 'celllink', 'run_cell');
  await kit.waitIdle(page, 300_000);
  const resumed = await outputOf(page, 1);
  assert.match(resumed, new RegExp(`resuming at iteration ${n}/${total}`),
    `no resume from the checkpoint:\n${resumed}`);
  assert.match(resumed, new RegExp(`finished: iteration ${total}`), `the re-run did not finish:\n${resumed}`);
  assert.deepEqual(losses(), upTo(total), 'every iteration logged once');
  assert.ok(fs.existsSync(runPaths(dir).final));
  assert.equal(fs.existsSync(lockFile(dir)), false);
  t.diagnostic(`interrupted at iteration ${n}/${total}, resumed and finished`);
  await page.close();
}

/** Seconds of the run's last metrics line (its elapsed time). */
function lastSeconds(dir: string): number {
  const text = fs.readFileSync(runPaths(dir).metrics, 'utf8').trim();
  const lines = text.split('\n').map((l) => JSON.parse(l) as { seconds?: number });
  return lines.reverse().find((l) => typeof l.seconds === 'number')?.seconds ?? 1;
}
