/**
 * The notebooks' run cache on tiny runs: a finished run is reused without work, an interrupted
 * one is resumed to the same result as an uninterrupted one, a half-created folder is started
 * again; the full-data baseline is cached too. Also the run's snapshots.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { cacheName, distillCached, distillRunDir, trainCached, trainRunDir } from '../../src/experiments/run_cache';
import { NUMERICS_VERSION } from '../../src/numerics';
import { runDistillation } from '../../src/runs/distill_run';
import { acquireRunLock, lockFile } from '../../src/runs/lock';
import { readDistilledSet, FinalResult } from '../../src/runs/final_set';
import { readRunInfo, runPaths } from '../../src/runs/run_dir';
import { listSnapshots, readSnapshot } from '../../src/runs/snapshots';
import { parseTrainConfig } from '../../src/train/config';
import { TEST_LIMIT, TRAIN_LIMIT, freshDir, tiny } from '../runs/helpers';

before(async () => {
  assert.ok(await tf.setBackend('wasm'));
  process.env.QDISTILL_RUNS_DIR = freshDir('cache');
});

const cfg = tiny();
const o = { profile: 'quick', trainLimit: TRAIN_LIMIT, testLimit: TEST_LIMIT, workers: 0 };
const strip = (f: FinalResult) => ({ ...f, seconds: 0 });

test('distillCached runs once, then reuses the finished run without work', async () => {
  const first = await distillCached(cfg, o);
  assert.equal(first.reused, false);
  assert.equal(first.runDir, distillRunDir(cfg, o));
  assert.ok(first.runDir.startsWith(path.join(process.env.QDISTILL_RUNS_DIR!, 'quick')));
  assert.match(path.basename(first.runDir), /^mnist-quantum-hermitian-res-2q1l-fixed-s5-[0-9a-f]{12}$/);
  const mtime = fs.statSync(path.join(first.runDir, 'metrics.jsonl')).mtimeMs;
  const second = await distillCached(cfg, o);
  assert.equal(second.reused, true);
  assert.deepEqual(second.final, first.final);
  assert.equal(fs.statSync(path.join(first.runDir, 'metrics.jsonl')).mtimeMs, mtime, 'nothing rewritten');
  const other = await distillCached(tiny({ seed: 6 }), o);
  assert.notEqual(other.runDir, first.runDir, 'another config, another folder');
});

test('an interrupted cached run is resumed and ends as the uninterrupted one', async () => {
  const c = tiny({ seed: 8 });
  const reference =
    await runDistillation(c, freshDir('ref'), { trainLimit: TRAIN_LIMIT, testLimit: TEST_LIMIT, workers: 0 });
  const dir = distillRunDir(c, o);
  let n = 0;
  const signal = { get aborted() { return n >= 3; } };
  const partial = await runDistillation(c, dir, { trainLimit: TRAIN_LIMIT, testLimit: TEST_LIMIT, workers: 0, signal,
    onProgress: (p) => { if (p.phase === 'distill') n = p.iteration; } });
  assert.equal(partial.status, 'interrupted');
  const resumed = await distillCached(c, o);
  assert.equal(resumed.reused, false);
  assert.deepEqual(strip(resumed.final), strip(reference.final!));
  const a = readDistilledSet(runPaths(dir), c, readRunInfo(dir).configHash);
  const b = readDistilledSet(runPaths(reference.runDir), c, readRunInfo(reference.runDir).configHash);
  assert.deepEqual(a.images, b.images);
});

test('a cache folder without config.json (died while being created) is started again', async () => {
  const c = tiny({ seed: 9 });
  const dir = distillRunDir(c, o);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'stray.tmp'), 'x');
  const r = await distillCached(c, o);
  assert.equal(r.reused, false);
  assert.ok(!fs.existsSync(path.join(dir, 'stray.tmp')));
});

test('runs keep a snapshot of the synthetic set at every intermediate evaluation', async () => {
  const r = await distillCached(cfg, o);
  const paths = runPaths(r.runDir);
  assert.deepEqual(listSnapshots(paths.snapshots), [4], 'evalEvery 4 of 8 iterations');
  const set = readDistilledSet(paths, cfg, readRunInfo(r.runDir).configHash);
  const snap = readSnapshot(paths.snapshots, 4, set.shape);
  assert.equal(snap.images.length, set.images.length);
  assert.equal(snap.rawLrs.length, set.rawLrs.length);
  assert.notDeepEqual(snap.images, set.images, 'iteration 4 differs from the final set');
  assert.throws(() => readSnapshot(paths.snapshots, 5, set.shape), /expected a snapshot of iteration 5, found none/);
  assert.throws(() => readSnapshot(paths.snapshots, 4, [1, 2]), /expected 8 bytes/);
});

test('trainCached caches the full-data baseline result', { timeout: 120_000 }, async () => {
  const t = parseTrainConfig(
    { dataset: 'mnist', model: { kind: 'quantum_lenet', qubits: 2, layers: 1 }, epochs: 1, batchSize: 32 });
  const a = await trainCached(t, { profile: 'quick', trainLimit: 64, testLimit: 100 });
  const b = await trainCached(t, { profile: 'quick', trainLimit: 64, testLimit: 100 });
  assert.deepEqual([a.reused, b.reused], [false, true]);
  assert.equal(b.accuracy, a.accuracy);
  assert.equal(b.test_examples, 100);
  const dirs = fs.readdirSync(path.join(process.env.QDISTILL_RUNS_DIR!, 'quick')).filter((d) => d.startsWith('train-'));
  const stored =
    JSON.parse(fs.readFileSync(path.join(process.env.QDISTILL_RUNS_DIR!, 'quick', dirs[0], 'result.json'), 'utf8'));
  assert.deepEqual([stored.provenance.numericsVersion, stored.provenance.backend, stored.provenance.threads],
    [NUMERICS_VERSION, 'wasm', 1]);
  assert.ok(!fs.existsSync(lockFile(path.join(process.env.QDISTILL_RUNS_DIR!, 'quick', dirs[0]))), 'lock released');
  // a run another writer holds (here: this process's own lock) is refused at once, not trained twice
  const other = { ...t, seed: 1 }, where = { profile: 'quick', trainLimit: 64, testLimit: 100 };
  const held = acquireRunLock(trainRunDir(other, where));
  try {
    await assert.rejects(trainCached(other, where), /train-mnist-.*-s1-[0-9a-f]{12} is in use by process \d+/);
    assert.ok(!fs.existsSync(trainRunDir(other, where)), 'nothing written');
  } finally {
    held.release();
  }
});

test('the cache identity: result-neutral fields left out, the numerics version in', async () => {
  assert.equal(distillRunDir(tiny({ checkpointEvery: 7, profile: 'other' }), o), distillRunDir(cfg, o),
    'checkpointEvery and profile change no number');
  for (const changed of [{ shards: 2 }, { batchSize: 8 }, { seed: 6 }, { lrJitter: 0.1 }]) {
    assert.notEqual(distillRunDir(tiny(changed), o), distillRunDir(cfg, o),
      `${JSON.stringify(changed)} changes the numbers`);
  }
  // The folder name hashes {numericsVersion, key}, written out here by hand as the canonical JSON text (keys
  // sorted at every level, no spaces, fields that are off left out): key = { cfg, trainLimit 64, testLimit 200 }
  // with cfg the tiny config (test/runs/helpers.ts) and parseDistillConfig's defaults, without the
  // result-neutral checkpointEvery and profile: batchSize 16, betas [0.5, 0.999] (default), decayEpochs 40
  // (default), distillEpochs 1, distillLr 0.02 (default), distillSteps 2, epochs 2, evalEvery 4, evalInits 2,
  // evalTestLimit 50, imagesPerClass 1 (default), init 'fixed' (default), lr 0.01 (default), the model with
  // parseModelSpec's defaults (MNIST's 28 × 28 × 1 input, Hermitian observable, residual, circuit trained),
  // seed 5, shards 8 (default); selectOnTrain, lrJitter, updateClip, learnLabels, truncate off: absent.
  const keyJson = '{"cfg":{"batchSize":16,"betas":[0.5,0.999],"dataset":"mnist","decayEpochs":40,' +
    '"distillEpochs":1,"distillLr":0.02,"distillSteps":2,"epochs":2,"evalEvery":4,"evalInits":2,' +
    '"evalTestLimit":50,"imagesPerClass":1,"init":"fixed","lr":0.01,' +
    '"model":{"freezeCircuit":false,"input":{"channels":1,"height":28,"width":28},"kind":"quantum_lenet",' +
    '"layers":1,"observable":"hermitian","qubits":2,"residual":true},"seed":5,"shards":8},' +
    '"testLimit":200,"trainLimit":64}';
  const hash = (version: number) =>
    createHash('sha256').update(`{"key":${keyJson},"numericsVersion":${version}}`).digest('hex').slice(0, 12);
  const expected = hash(3); // numerics version 3 (src/numerics.ts): 3eb553f36d37
  assert.ok(distillRunDir(cfg, o).endsWith(`-${expected}`), `${distillRunDir(cfg, o)} ends with -${expected}`);
  assert.notEqual(hash(2), expected, 'a run of numerics version 2 is not found');
  assert.equal(cacheName('x', JSON.parse(keyJson)), `x-${expected}`);
});
