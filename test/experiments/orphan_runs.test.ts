/**
 * Partial runs of no plan (started by hand): found in the profile's run cache unless planned,
 * resumed from their own config.json to the same result as an uninterrupted run; a folder that is
 * not its config's cache folder, or a run of other numerics, is reported and left alone.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { distillRunDir } from '../../src/experiments/run_cache';
import { NUMERICS_VERSION } from '../../src/numerics';
import { orphanFinished, orphanPartialRuns, resumeOrphan } from '../../src/experiments/orphan_runs';
import { profileNamed } from '../../src/results/profile';
import { runDistillation } from '../../src/runs/distill_run';
import { FinalResult } from '../../src/runs/final_set';
import { TRAIN_LIMIT, freshDir, tiny } from '../runs/helpers';

before(async () => {
  assert.ok(await tf.setBackend('wasm'));
  process.env.QDISTILL_RUNS_DIR = freshDir('store');
});

const quick = profileNamed('quick');
const strip = (f: FinalResult) => ({ ...f, seconds: 0 });

test('a partial run of no plan is found and resumed to the uninterrupted result; misnamed or stale ones are ' +
  'reported, not touched; a planned one or a full-data training is not an orphan', async () => {
  const c = tiny({ seed: 11 });
  const testLimit = quick.distill.mnist.testLimit;
  assert.equal(typeof testLimit, 'number', 'the quick profile limits its test set');
  const limits = { trainLimit: TRAIN_LIMIT, testLimit: testLimit!, workers: 0 };
  const reference = await runDistillation(c, freshDir('ref'), limits);
  const dir = distillRunDir(c, { profile: 'quick', trainLimit: TRAIN_LIMIT, testLimit });
  let n = 0;
  const signal = { get aborted() { return n >= 3; } };
  const partial = await runDistillation(c, dir, { ...limits, signal,
    onProgress: (p) => { if (p.phase === 'distill') n = p.iteration; } });
  assert.equal(partial.status, 'interrupted');
  const store = path.dirname(dir);
  const misnamed = path.join(store, 'mnist-renamed-fixed-s11-000000000000');
  fs.cpSync(dir, misnamed, { recursive: true });
  const stale = path.join(store, 'mnist-stale-fixed-s11-111111111111');
  fs.cpSync(dir, stale, { recursive: true });
  const cfgFile = path.join(stale, 'config.json');
  fs.writeFileSync(cfgFile, JSON.stringify({ ...JSON.parse(fs.readFileSync(cfgFile, 'utf8')), numericsVersion: 1 }));
  fs.mkdirSync(path.join(store, '.hidden'));
  const training = path.join(store, 'train-mnist-classical-s0-222222222222'); // a full-data training: no format
  fs.mkdirSync(training);
  fs.writeFileSync(path.join(training, 'config.json'), JSON.stringify({ cfg: { dataset: 'mnist' } }));

  const found = orphanPartialRuns(new Set(), quick);
  assert.deepEqual(found.runs.map((r) => [r.id, r.iteration, r.testLimit]), [[path.basename(dir), 3, testLimit]]);
  assert.equal(found.skipped.length, 2);
  assert.match(found.skipped[0], new RegExp('mnist-renamed-fixed-s11-000000000000: not resumed: expected its ' +
    `config's cache folder to be ${path.basename(dir)} \\(profile quick, test limit ${testLimit}\\)`));
  assert.match(found.skipped[1],
    new RegExp(`mnist-stale-fixed-s11-111111111111: not resumed: .*numericsVersion: expected ${NUMERICS_VERSION} `));
  assert.deepEqual(orphanPartialRuns(new Set([path.basename(dir), path.basename(misnamed), path.basename(stale)]),
    quick), { runs: [], skipped: [] }, 'planned runs are the queue\'s own');

  const orphan = found.runs[0];
  assert.equal(orphanFinished(orphan), false);
  const out = await resumeOrphan(orphan, { workers: 0 });
  assert.equal(out.status, 'completed');
  assert.deepEqual(strip(out.final!), strip(reference.final!), 'resumed as its creator would have finished it');
  assert.equal(orphanFinished(orphan), true);
  assert.deepEqual(orphanPartialRuns(new Set(), quick).runs, [], 'a finished run is no orphan');
});
