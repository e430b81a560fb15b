/**
 * Notebook 06's runs read from a run store: finished runs at their final accuracy with the mean ±
 * sample std over the finished seeds of their setting (computed by hand below), an unfinished run at
 * its latest evaluation, absent runs left out; the fixed-init paper method finds Table I's runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { beyondRuns, beyondStoreRows, runSpecDir, table1Runs, TABLE1_VARIANTS } from '../../src/experiments';
import { authorsSoftRuns } from '../../src/experiments/beyond_store';
import { profileNamed } from '../../src/results/profile';
import { appendMetrics } from '../../src/runs/metrics';
import { createRunDir } from '../../src/runs/run_dir';

test('beyondStoreRows: finished and unfinished runs of the standard study, per-setting statistics of finished seeds',
  () => {
    const store = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-beyond-store-'));
    const saved = process.env.QDISTILL_RUNS_DIR;
    process.env.QDISTILL_RUNS_DIR = store;
    try {
      const standard = profileNamed('standard');
      const runs = beyondRuns(standard);
      const pick = (method: string, seed: number, model = 'q-res-hermitian') => runs.find((r) => r.dataset === 'mnist' &&
        r.variant.key === model && r.init === 'fixed' && r.method === method && r.seed === seed)!;
      const finish = (dir: string, acc: number, seconds: number) => {
        fs.mkdirSync(path.join(dir, 'final'));
        fs.writeFileSync(path.join(dir, 'final', 'result.json'), JSON.stringify({
          iteration: 8307, eval: { accuracies: [acc], mean: acc, std: 0 }, test_examples: 10000, seconds,
        }));
      };
      const made = [pick('soft', 1), pick('soft', 2), pick('soft', 3), pick('paper', 1)];
      for (const r of made) createRunDir(runSpecDir(r.run, 'standard'), r.run.cfg, r.run.cfg, null, 60000);
      finish(runSpecDir(made[0].run, 'standard'), 84, 3600);
      finish(runSpecDir(made[1].run, 'standard'), 86, 7200);
      appendMetrics(path.join(runSpecDir(made[2].run, 'standard'), 'metrics.jsonl'),
        { iteration: 117, eval: { accuracies: [30.5], mean: 30.5, std: 0 }, test_examples: 1000 });
      // The fixed-init paper method's run is Table I's.
      const table1 = table1Runs('mnist', standard, TABLE1_VARIANTS).distill.find((r) =>
        r.variant.key === 'q-res-hermitian' && r.seed === 1)!;
      assert.equal(runSpecDir(table1.run, 'standard'), runSpecDir(made[3].run, 'standard'));

      const rows = beyondStoreRows(standard);
      const key = (r: Record<string, unknown>) => [r.method, r.seed, r.status, r.accuracy, r.test_examples,
        r.finished_seeds_mean, r.finished_seeds_std, r.finished_seeds_n, r.soft_labels, r.hours];
      // Seeds 1, 2 finished at 84 and 86: mean 85, sample std sqrt(((84-85)^2 + (86-85)^2) / 1) = 1.41.
      assert.deepEqual(rows.map(key), [
        ['paper', 1, 'unfinished', null, null, null, null, 0, false, 0],
        ['soft', 1, 'finished', 84, 10000, 85, 1.41, 2, true, 1],
        ['soft', 2, 'finished', 86, 10000, 85, 1.41, 2, true, 2],
        ['soft', 3, 'unfinished', 30.5, 1000, 85, 1.41, 2, true, 0],
      ]);
      assert.ok(rows.every((r) => r.dataset === 'mnist' && r.model === 'q-res-hermitian' && r.init === 'fixed'));
      assert.equal(rows[1].total_iterations, made[0].epochs * 117);
    } finally {
      if (saved === undefined) delete process.env.QDISTILL_RUNS_DIR;
      else process.env.QDISTILL_RUNS_DIR = saved;
      fs.rmSync(store, { recursive: true, force: true });
    }
  });

test("beyondStoreRows: the authors' model's soft-label runs (store-distill.js) are rows of their own", () => {
  const store = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-beyond-authors-'));
  const saved = process.env.QDISTILL_RUNS_DIR;
  process.env.QDISTILL_RUNS_DIR = store;
  try {
    const standard = profileNamed('standard');
    const authors = authorsSoftRuns(standard).filter((r) => r.dataset === 'mnist');
    // The folders `store-distill.js mnist q-authors SEED standard --learn-labels --epochs=71 --check` names
    // (numerics v3).
    assert.deepEqual(authors.map((r) => [r.seed, r.epochs, path.basename(runSpecDir(r.run, 'standard'))]), [
      [1, 71, 'mnist-quantum-hermitian-res-frozen-real-beta0.5-fixed-s1-b401f059d816'],
      [2, 71, 'mnist-quantum-hermitian-res-frozen-real-beta0.5-fixed-s2-a1522facaefa'],
      [3, 71, 'mnist-quantum-hermitian-res-frozen-real-beta0.5-fixed-s3-bd57bd21fea3'],
    ]);
    const rhSoft = beyondRuns(standard).find((r) => r.dataset === 'mnist' && r.variant.key === 'q-res-hermitian' &&
      r.init === 'fixed' && r.method === 'soft' && r.seed === 1)!;
    for (const [r, acc] of [[authors[0], 91.5], [authors[1], 80.5], [rhSoft, 84]] as const) {
      const dir = runSpecDir(r.run, 'standard');
      createRunDir(dir, r.run.cfg, r.run.cfg, null, 60000);
      fs.mkdirSync(path.join(dir, 'final'));
      fs.writeFileSync(path.join(dir, 'final', 'result.json'), JSON.stringify({
        iteration: 8307, eval: { accuracies: [acc], mean: acc, std: 0 }, test_examples: 10000, seconds: 3600,
      }));
    }
    const rows = beyondStoreRows(standard).map((r) => [r.model, r.method, r.seed, r.soft_labels, r.accuracy,
      r.finished_seeds_mean, r.finished_seeds_std, r.finished_seeds_n]);
    // The authors' seeds 1, 2: mean 86, sample std sqrt((5.5^2 + 5.5^2) / 1) = 7.78; R+H's seed 1 alone.
    assert.deepEqual(rows, [
      ['q-res-hermitian', 'soft', 1, true, 84, 84, null, 1],
      ['q-authors', 'soft', 1, true, 91.5, 86, 7.78, 2],
      ['q-authors', 'soft', 2, true, 80.5, 86, 7.78, 2],
    ]);
  } finally {
    if (saved === undefined) delete process.env.QDISTILL_RUNS_DIR;
    else process.env.QDISTILL_RUNS_DIR = saved;
    fs.rmSync(store, { recursive: true, force: true });
  }
});
