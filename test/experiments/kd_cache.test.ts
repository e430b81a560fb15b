/**
 * The knowledge-distillation experiments' plumbing: cached runs (result reused, parameters
 * stored exactly), summary rows (mean ± std over seeds and the difference to no teacher), and the
 * convergence measure of the self-distillation study on its figure's input.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { loadMnist, subsetDataset } from '../../src/data';
import { trainKd } from '../../src/train/kd_train';
import { classifierSpec, kdSummary } from '../../src/experiments/kd';
import { kdRunCached, kdRunDir } from '../../src/experiments/kd_cache';
import { firstReaching } from '../../src/experiments/self_distill';
import { zeroCounts } from '../../src/sim/executions';
import { disposeParams } from '../../src/models';
import { Row } from '../../src/results/csv';
import { acquireRunLock, lockFile } from '../../src/runs/lock';

before(async () => assert.ok(await tf.setBackend('wasm')));

test('kdRunCached: a finished run is read back (history, accuracy, exact parameters), not recomputed', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-kd-'));
  const env = process.env.QDISTILL_RUNS_DIR;
  process.env.QDISTILL_RUNS_DIR = root;
  try {
    const train = subsetDataset(loadMnist('train'), Array.from({ length: 64 }, (_, i) => i)), test_ = loadMnist('test');
    const spec = classifierSpec({ qubits: 4, layers: 1 });
    let calls = 0;
    const run = () => {
      calls++;
      return trainKd(spec, train, test_, { epochs: 1, batchSize: 32, lr: 0.05, seed: 0, testLimit: 50 });
    };
    const key = { what: 'test', seed: 0 };
    const a = await kdRunCached('quick', 'kd-test', key, run, true);
    const tensors = tf.memory().numTensors;
    const b = await kdRunCached('quick', 'kd-test', key, run, true);
    assert.equal(calls, 1);
    assert.deepEqual([a.reused, b.reused], [false, true]);
    assert.equal(b.dir, kdRunDir('quick', 'kd-test', key));
    assert.ok(b.dir.startsWith(path.join(root, 'quick', 'kd-test-')));
    assert.deepEqual([b.history, b.accuracy, b.train_examples], [a.history, a.accuracy, a.train_examples]);
    for (const k of Object.keys(a.params!))
      assert.deepEqual(Array.from(b.params![k].dataSync()), Array.from(a.params![k].dataSync()), k);
    disposeParams(b.params!);
    assert.equal(tf.memory().numTensors, tensors);
    disposeParams(a.params!);
    const c = await kdRunCached('quick', 'kd-test', { ...key, seed: 1 }, run);
    assert.equal(calls, 2, 'another key: computed');
    assert.equal(c.params, null);
    // a run another writer holds (here: this process's own lock) is refused at once, not trained twice
    const held = acquireRunLock(kdRunDir('quick', 'kd-test', { ...key, seed: 2 }));
    try {
      await assert.rejects(kdRunCached('quick', 'kd-test', { ...key, seed: 2 }, run),
        /kd-test-[0-9a-f]{12} is in use by process \d+ on .*two writers must not share a run/);
      assert.equal(calls, 2, 'a locked run: not computed');
    } finally {
      held.release();
    }
    assert.ok(!fs.existsSync(lockFile(c.dir)), 'the lock of a finished run is released');
  } finally {
    if (env === undefined) delete process.env.QDISTILL_RUNS_DIR;
    else process.env.QDISTILL_RUNS_DIR = env;
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('kdSummary: mean ± sample std over seeds per group, difference to the same group without a teacher', () => {
  const row = (teacher: string, seed: number, accuracy: number): Row => ({ experiment: 'students', model: '4q×1L',
    train_set: 'mnist first 100', teacher, seed, accuracy, hardware_circuits: 100 });
  const rows = kdSummary([row('none', 0, 40), row('none', 1, 44), row('8q×4L', 0, 45), row('8q×4L', 1, 47)], 60);
  assert.deepEqual(rows.map((r) => [r.teacher, r.n_seeds, r.accuracy_mean, r.accuracy_std, r.delta_vs_no_teacher,
    r.teacher_accuracy, r.hardware_circuits_per_run]), [
    ['none', 2, 42, 2.83, null, 60, 100],
    ['8q×4L', 2, 46, 1.41, 4, 60, 100],
  ]);
});

test('firstReaching: the first trained epoch at or above the target; the initialisation does not count', () => {
  const h = [30, 20, 35, 50, 45].map((accuracy, epoch) => ({ epoch, accuracy, loss: epoch ? 1 : null,
    executions: zeroCounts(), teacherExecutions: zeroCounts(), taught: false, seconds: 0 }));
  assert.equal(firstReaching(h, 25)?.epoch, 2);
  assert.equal(firstReaching(h, 50)?.epoch, 3);
  assert.equal(firstReaching(h, 50.01), null);
});
