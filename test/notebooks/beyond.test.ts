/**
 * Notebook 06 (beyond the paper) executed headlessly in the quick profile, into temporary results
 * and run-cache folders: it must print each method's budget, write its tables (one row per run,
 * the summary with references, the transfer rows and matrix) and figures with manifests.
 */
import { test } from 'node:test';
import { profileNamed } from '../../src/results/profile';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { executeNotebook, outputsWith } from './execute';
import {
  BEYOND_COLUMNS, BEYOND_STORE_COLUMNS, BEYOND_SUMMARY_COLUMNS, METHOD_LABELS, TRANSFER_COLUMNS, TRANSFER_TARGETS,
} from '../../src/experiments';

const lines = (file: string) => fs.readFileSync(file, 'utf8').trim().split('\n');

test('06-beyond-the-paper runs in the quick profile and writes its ' +
  'results through the writer', { timeout: 600_000 }, (t) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-beyond-'));
  const results = path.join(root, 'results'), runs = path.join(root, 'runs');
  try {
    const env = { QDISTILL_PROFILE: 'quick', QDISTILL_RESULTS_DIR: results, QDISTILL_RUNS_DIR: runs };
    const { nb, text, seconds } = executeNotebook('06-beyond-the-paper.ipynb', env, 500);
    assert.match(text, /profile quick/);
    assert.match(text, /24 runs; estimated duration/);
    const paperEpochs = profileNamed('quick').beyond.mnist.paper.epochs;
    for (const label of Object.values(METHOD_LABELS)) {
      const m = label.replace(/[()+]/g, '\\$&');
      assert.match(text, new RegExp('mnist, QLeNet residual, trainable Hermitian, fixed init, 1 image per class, ' +
        `${m}: ` +
        `\\d+\\.\\d+ s/iter \\(ratio \\d+\\.\\d\\d to the fixed-init paper method\\), ` +
        `\\d+ epoch\\(s\\) against the paper method's ${paperEpochs}: \\d+ iterations, budget \\d+ s`));
    }
    // The run store was empty when the store cell ran: a header only.
    assert.deepEqual(lines(path.join(results, 'beyond-quick-runs.csv')), [BEYOND_STORE_COLUMNS.join(',')]);
    assert.match(text, /0 of 24 runs in the run store, 0 finished/);
    const rows = lines(path.join(results, 'beyond-paper.csv'));
    assert.equal(rows[0], BEYOND_COLUMNS.join(','));
    assert.equal(rows.length, 1 + 24,
      "2 models × 3 settings (fixed; random; random in Wang et al.'s layout) × 4 methods");
    const col = (name: string) => BEYOND_COLUMNS.indexOf(name as (typeof BEYOND_COLUMNS)[number]);
    for (const r of rows.slice(1).map((l) => l.split(','))) {
      assert.equal(r[col('soft_labels')], String(r[col('method')] === 'soft' || r[col('method')] === 'both'));
      assert.equal(r[col('train_circuits')] === '', r[col('model')] === 'classical', 'circuits only for the QNN');
      assert.equal(r[col('eval_inits')], r[col('init')] === 'random' ? '2' : '1');
      // Every run has 1 image per class per step; the random-init runs in 1 step or in Wang et al.'s layout (quick:
      // 4 steps, see profile_quick.ts), the fixed-init ones 1.
      assert.equal(r[col('images_per_class')], '1');
      assert.ok((r[col('init')] === 'random' ? ['1', '4'] : ['1']).includes(r[col('distill_steps')]));
    }
    const summary = lines(path.join(results, 'beyond-summary.csv'));
    assert.equal(summary[0], BEYOND_SUMMARY_COLUMNS.join(','));
    assert.equal(summary.length, 1 + 24);
    assert.match(summary.join('\n'), /mnist,q-res-hermitian,fixed,1,1,paper,false,[\d.]+,,1,\d+(\.\d+)?,[\d.]+,paper Table I \(hard labels; 400 epochs\): 91\.9 %,91\.9,>= 95 %/);
    const transfer = lines(path.join(results, 'beyond-transfer.csv'));
    assert.equal(transfer[0], TRANSFER_COLUMNS.join(','));
    assert.equal(transfer.length, 1 + 12 * TRANSFER_TARGETS.length,
      '12 QLeNet R+H sets (3 settings × 4 methods) × targets');
    const matrix = lines(path.join(results, 'beyond-transfer-matrix.csv'));
    assert.equal(matrix[0],
      ['dataset', 'init', 'images_per_class', 'distill_steps', 'method', 'soft_labels', 'seeds',
        ...TRANSFER_TARGETS.map((x) => x.key)]
        .join(','));
    assert.equal(matrix.length, 1 + 12);
    for (const f of ['beyond-paper.csv', 'beyond-summary.csv', 'beyond-transfer.csv', 'beyond-transfer-matrix.csv',
      'beyond-accuracy.html', 'beyond-transfer.html', 'beyond-soft-labels.html']) {
      assert.ok(fs.existsSync(path.join(results, f)), `${f} missing`);
      assert.ok(fs.existsSync(path.join(results, `${f}.manifest.json`)), `${f} has no manifest`);
    }
    const readme = fs.readFileSync(path.join(results, 'README.md'), 'utf8');
    assert.match(readme, /\[`beyond-paper\.csv`\]\(beyond-paper\.csv\) \| `notebooks\/06-beyond-the-paper\.ipynb`/);
    assert.equal(outputsWith(nb, 'application/vnd.plotly.v1+json').length, 3);
    t.diagnostic(`06-beyond-the-paper (quick) executed in ${seconds.toFixed(1)} s`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
