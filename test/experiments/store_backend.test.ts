/**
 * Runs of the tracked store are computed on wasm only (`src/experiments/store_backend.ts`): on another
 * backend computing one stops before anything is written, while a finished one is still read, and the
 * git-ignored quick cache takes any backend.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { checkStoreBackend } from '../../src/experiments/store_backend';
import { distillCached, distillRunDir, trainCached } from '../../src/experiments/run_cache';
import { TEST_LIMIT, TRAIN_LIMIT, freshDir, tiny } from '../runs/helpers';

const MESSAGE = new RegExp("runs of the tracked run store \\(profile standard\\) are computed on the 'wasm' " +
  "backend, .*this process uses 'cpu'.*QDISTILL_BACKEND=wasm");

test('checkStoreBackend: wasm for standard and paper, any backend elsewhere', () => {
  assert.throws(() => checkStoreBackend('standard', 'run-x', 'cpu'), /^Error: run-x: .*'cpu'/);
  assert.throws(() => checkStoreBackend('paper', 'run-x', 'tensorflow'), /profile paper.*'tensorflow'/);
  assert.doesNotThrow(() => checkStoreBackend('standard', 'run-x', 'wasm'));
  assert.doesNotThrow(() => checkStoreBackend('quick', 'run-x', 'cpu'));
});

test('on cpu: a standard run is not computed (nothing written), a finished one is read; quick computes', async () => {
  const saved = process.env.QDISTILL_RUNS_DIR;
  process.env.QDISTILL_RUNS_DIR = freshDir('store-backend');
  try {
    assert.ok(await tf.setBackend('cpu'));
    const cfg = tiny({ epochs: 1 });
    const quick = { profile: 'quick', trainLimit: TRAIN_LIMIT, testLimit: TEST_LIMIT, workers: 0 };
    const standard = { ...quick, profile: 'standard' };
    await assert.rejects(distillCached(cfg, standard), MESSAGE);
    assert.equal(fs.existsSync(distillRunDir(cfg, standard)), false, 'no run folder');
    await assert.rejects(trainCached({ dataset: 'mnist', model: { kind: 'classical_lenet' }, epochs: 1, batchSize: 32,
      lr: 0.01, seed: 1 } as never, standard), MESSAGE);
    const done = await distillCached(cfg, quick);
    assert.equal(done.reused, false);
    // The same finished run in the standard cache (same folder name): read, not computed.
    fs.mkdirSync(path.dirname(distillRunDir(cfg, standard)), { recursive: true });
    fs.cpSync(done.runDir, distillRunDir(cfg, standard), { recursive: true });
    const read = await distillCached(cfg, standard);
    assert.equal(read.reused, true);
    assert.deepEqual(read.final.eval, done.final.eval);
  } finally {
    if (saved === undefined) delete process.env.QDISTILL_RUNS_DIR;
    else process.env.QDISTILL_RUNS_DIR = saved;
    assert.ok(await tf.setBackend('wasm'));
  }
});
