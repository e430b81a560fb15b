/**
 * One reproduction notebook (04-random-init, the shortest) executed headlessly in the quick
 * profile, into temporary results and run-cache folders: it must write its CSV rows, its figure
 * with manifests, and the generated results README, and print its numbers.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { executeNotebook, outputsWith } from './execute';
import { TABLE1_COLUMNS } from '../../src/results/table1';
import { RANDOM_INIT_COLUMNS } from '../../src/experiments/random_init';

test('04-random-init runs in the quick profile and writes its ' +
  'results through the writer', { timeout: 600_000 }, (t) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-repro-'));
  const results = path.join(root, 'results'), runs = path.join(root, 'runs');
  try {
    const env = { QDISTILL_PROFILE: 'quick', QDISTILL_RESULTS_DIR: results, QDISTILL_RUNS_DIR: runs };
    const { nb, text, seconds } = executeNotebook('04-random-init.ipynb', env, 500);
    assert.match(text, /profile quick/);
    assert.match(text, /\[2\/2\] QLeNet residual, trainable Hermitian, seed 0, random initialisations: \d+\.\d\d % \(mean of 2 unseen initialisations, sample std \d+\.\d\d\)/);
    assert.match(text, /not run in the paper/);
    const table1 = fs.readFileSync(path.join(results, 'table1.csv'), 'utf8').trim().split('\n');
    assert.equal(table1[0], TABLE1_COLUMNS.join(','));
    assert.equal(table1.length, 3);
    for (const row of table1.slice(1)) assert.match(row, new RegExp('^mnist,(classical,classical_lenet,none,false|' +
      'q-res-hermitian,quantum_lenet,hermitian,true),random,1,1,\\d+(\\.\\d+)?,\\d+(\\.\\d+)?,,,quick$'));
    const details = fs.readFileSync(path.join(results, 'random-init.csv'), 'utf8').trim().split('\n');
    assert.equal(details[0], RANDOM_INIT_COLUMNS.join(','));
    assert.equal(details.length, 1 + 2 * 2, 'two models × two unseen initialisations');
    for (const f of ['table1.csv', 'random-init.csv', 'random-init.html'])
      assert.ok(fs.existsSync(path.join(results, `${f}.manifest.json`)), `${f} has no manifest`);
    assert.ok(fs.existsSync(path.join(results, 'random-init.html')));
    const readme = fs.readFileSync(path.join(results, 'README.md'), 'utf8');
    assert.match(readme, /\[`random-init\.csv`\]\(random-init\.csv\) \| `notebooks\/04-random-init\.ipynb`/);
    assert.equal(outputsWith(nb, 'application/vnd.plotly.v1+json').length, 1);
    const cached = fs.readdirSync(path.join(runs, 'quick'));
    assert.equal(cached.length, 2, 'two cached runs');
    t.diagnostic(`04-random-init (quick) executed in ${seconds.toFixed(1)} s`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
