/** Data-parallel outer iterations equal single-thread ones (up to summation order). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { parseDistillConfig } from '../../src/distill/config';
import { loadSplit } from '../../src/distill/datasets';
import { InitCache, disposeState, distillStep, initState } from '../../src/distill/loop';
import { WorkerPool, distillStepParallel, shards } from '../../src/distill/parallel';
import { countExecutions, executionCounts } from '../../src/sim/executions';

test('shards split a batch into contiguous, near-equal, complete parts', () => {
  const idx = Int32Array.from({ length: 10 }, (_, i) => i);
  assert.deepEqual(shards(idx, 3).map((s) => Array.from(s)), [[0, 1, 2], [3, 4, 5], [6, 7, 8, 9]]);
  assert.deepEqual(shards(idx.subarray(0, 1), 2).map((s) => s.length), [1]);
});

test('main thread + 1 worker reproduce the single-thread iterations', { timeout: 120_000 }, async () => {
  assert.ok(await tf.setBackend('wasm'));
  const cfg = parseDistillConfig({ dataset: 'mnist', model: { kind: 'quantum_lenet', qubits: 2, layers: 1 }, distillSteps: 1, distillEpochs: 2, batchSize: 32, epochs: 1, seed: 4 });
  const data = { limit: 64 };
  const train = loadSplit('mnist', 'train', data);
  const pool = await WorkerPool.start(cfg, 1, 'wasm', data);
  try {
    const inits = new InitCache(cfg);
    let a = initState(cfg), b = initState(cfg);
    for (let i = 0; i < 2; i++) {
      const { result: ra, executions: ea } = countExecutions(() => distillStep(cfg, train, inits, a));
      const t0 = executionCounts();
      const rb = await distillStepParallel(cfg, train, inits, b, pool);
      const t1 = executionCounts();
      a = ra.state;
      b = rb.state;
      assert.ok(Math.abs(ra.loss - rb.loss) < 1e-5, `iteration ${i}: loss ${ra.loss} vs ${rb.loss}`);
      // Single thread: 2 inner steps on 10 synthetic images + the 32 real images, all under a tape.
      assert.deepEqual({ forward: ea.forward, gradient: ea.gradient }, { forward: 2 * 10 + 32, gradient: 2 * 10 + 32 });
      // Parallel: the worker's counts are added to this thread's; each thread unrolls the inner loop.
      assert.equal(t1.forward - t0.forward, 2 * (2 * 10) + 32, `iteration ${i}: parallel executions`);
      assert.equal(t1.gradient - t0.gradient, 2 * (2 * 10) + 32);
    }
    const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a.images, b.images))).dataSync()[0]);
    assert.ok(d < 1e-4, `images differ by ${d}`);
    disposeState(a);
    disposeState(b);
    inits.dispose();
  } finally {
    await pool.close();
  }
});
