/**
 * The claims on the standard runs finished so far: summaries of finished runs only (hand-computed
 * mean and sample std), a claim's interval and verdict by hand (equal stds and sizes: Welch's
 * degrees of freedom 2(n − 1) = 2, t(0.975, 2) = 4.302653), and the README block's second table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  finishedRunSummaries, storeClaimsOf, STORE_CLAIMS_PROFILE, writeStoreClaimsOutputs,
} from '../../src/experiments/claims_store';
import { PAPER_BUDGET_COLUMNS } from '../../src/experiments/paper_budget';
import { csvText } from '../../src/results/csv';
import { TABLE1_BLOCK_START, table1Block } from '../../src/results/readme';
import { TABLE1_COLUMNS, table1Row } from '../../src/results/table1';
import { profileNamed } from '../../src/results/profile';
import { ResultsWriter } from '../../src/results/writer';
import { parseModelSpec } from '../../src/models/spec';
import { CLAIM_COLUMNS } from '../../src/experiments/claims';

const run = (dataset: string, variant: string, seed: number, status: string, accuracy: number | null) => {
  const row: Record<string, unknown> = Object.fromEntries(PAPER_BUDGET_COLUMNS.map((c) => [c, null]));
  return { ...row, dataset, variant, seed, status, accuracy, run: `${dataset}-${variant}-s${seed}` };
};

const STORE = [
  run('mnist', 'classical', 1, 'finished', 90),
  run('mnist', 'classical', 2, 'finished', 88),
  run('mnist', 'q-res-hermitian', 1, 'finished', 70),
  run('mnist', 'q-res-hermitian', 2, 'finished', 68),
  run('mnist', 'q-res-hermitian', 3, 'running', 99),
  run('mnist', 'q-hermitian', 1, 'running', 50),
];

test('finished runs only: mean and sample std per dataset and variant', () => {
  const s = finishedRunSummaries(STORE);
  assert.deepEqual(s.map((r) => [r.dataset, r.variant, r.accuracy_mean, r.n_seeds]),
    [['mnist', 'classical', 89, 2], ['mnist', 'q-res-hermitian', 69, 2]]);
  assert.ok(Math.abs(Number(s[0].accuracy_std) - Math.SQRT2) < 1e-12, 'sample std of 90, 88 is √2');
  assert.throws(() => finishedRunSummaries([run('mnist', 'classical', 1, 'finished', Number.NaN)]),
    /mnist-classical-s1: expected a finished run's accuracy as a number, received NaN/);
});

test('claim 1 on the finished runs: d = 20 with its Welch interval by hand, not reproduced; ' +
  'a variant with no finished run gives no claim; the README block shows them as a second table', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-store-claims-'));
  try {
    fs.writeFileSync(path.join(dir, 'table1-standard-runs-mnist.csv'), csvText('t', STORE, PAPER_BUDGET_COLUMNS));
    const claims = storeClaimsOf(dir);
    // classical − R+H: se = √(2/2 + 2/2) = √2, half-width 4.302653 · √2 = 6.084933
    assert.deepEqual(claims.map((c) => [c.claim.slice(0, 2), c.d, c.ci95_low, c.ci95_high, c.verdict, c.profile]),
      [['1.', 20, 13.92, 26.08, 'not reproduced', STORE_CLAIMS_PROFILE],
        ['Di', -4.8, -17.51, 7.91, 'inconclusive at this budget', STORE_CLAIMS_PROFILE]],
      'claim 2 needs a finished no-residual run; the distiller check: 89 − 93.8 ± 12.706205 · √2 / √2');
    const w = new ResultsWriter('07-claims.ipynb', { dir, profile: profileNamed('quick') });
    w.table('claims-standard-runs', claims, CLAIM_COLUMNS);
    const spec = parseModelSpec({ kind: 'classical_lenet' }, 'mnist');
    new ResultsWriter('01-table1-mnist.ipynb', { dir, profile: profileNamed('quick') })
      .sharedTable('table1', [table1Row('mnist', 'classical', spec, 'fixed', 1, [93], 'quick')], TABLE1_COLUMNS);
    const block = table1Block(dir);
    assert.ok(block.startsWith(TABLE1_BLOCK_START));
    assert.match(block, /The same claims on the `standard` profile's runs finished so far/);
    const row = '| 1. QLeNet R+H is close to the classical LeNet (within 5 points) | mnist | classical − R+H, ' +
      'claim: d ≤ 5 | 94 − 91.9 = 2.1 | 89.00 ± 1.41 (n = 2); 69.00 ± 1.41 (n = 2) ' +
      '| 20 [13.92, 26.08] | not reproduced |';
    assert.ok(block.includes(row), block);
    assert.ok(!block.includes('claims-standard-runs.png'), 'no figure line without the PNG');
    fs.writeFileSync(path.join(dir, 'claims-standard-runs.png'), 'png');
    assert.match(table1Block(dir),
      /at this budget \|\n\n!\[claims-standard-runs\]\(results\/claims-standard-runs\.png\)\n<!-- table1:end -->$/,
      'the figure below the last row, at the end of the block');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('writeStoreClaimsOutputs: the table and figure from the finished runs; with none, an older figure is ' +
  'withdrawn', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-store-claims-out-'));
  const saved = { path: process.env.PATH, c: process.env.QDISTILL_CHROMIUM };
  process.env.PATH = '/nonexistent'; // HTML figures only
  delete process.env.QDISTILL_CHROMIUM;
  try {
    fs.writeFileSync(path.join(dir, 'table1-standard-runs-mnist.csv'), csvText('t', STORE, PAPER_BUDGET_COLUMNS));
    const w = new ResultsWriter('07-claims.ipynb', { dir, profile: profileNamed('quick') });
    const lines: string[] = [];
    const rows = await writeStoreClaimsOutputs(w, dir, profileNamed('quick'), (l) => lines.push(l));
    assert.deepEqual(rows.map((r) => r.d), [20, -4.8], 'the rows of the test above');
    assert.ok(fs.existsSync(path.join(dir, 'claims-standard-runs.html')));
    assert.match(lines[0], /^wrote .*claims-standard-runs\.csv$/);
    // the store emptied (a new numerics version): no claim, and the older figure goes
    const unfinished = STORE.map((r) => ({ ...r, status: 'running' }));
    fs.writeFileSync(path.join(dir, 'table1-standard-runs-mnist.csv'), csvText('t', unfinished, PAPER_BUDGET_COLUMNS));
    assert.deepEqual(await writeStoreClaimsOutputs(w, dir, profileNamed('quick'), () => {}), []);
    assert.ok(!fs.existsSync(path.join(dir, 'claims-standard-runs.html')));
    assert.equal(fs.readFileSync(path.join(dir, 'claims-standard-runs.csv'), 'utf8').trim(), CLAIM_COLUMNS.join(','));
  } finally {
    process.env.PATH = saved.path;
    if (saved.c !== undefined) process.env.QDISTILL_CHROMIUM = saved.c;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
