/**
 * benchDistill on a tiny real batch (wasm): finite positive figures for both models, the
 * split, the loss bookkeeping, no leaked tensors, and option errors. Timing values are not
 * asserted beyond their signs (the machines are noisy).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { benchDistill, distillBenchFigures } from '../../src/bench/distill_bench';

test('benchDistill, batch 16, both models: finite positive figures and no leaked tensors [wasm]', async () => {
  assert.ok(await tf.setBackend('wasm'));
  const before = tf.memory().numTensors;
  const progress: string[] = [];
  const r =
    await benchDistill({ batch: 16, repeats: 2, warmup: 1, onProgress: (d, t, p) => progress.push(`${p} ${d}/${t}`) });
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  assert.deepEqual(progress, ['warmup 1/1', 'timing 1/2', 'timing 2/2']);
  assert.equal(r.backend, 'wasm');
  assert.deepEqual([r.batch, r.repeats, r.warmup, r.synthetic_images, r.distill_steps, r.distill_epochs],
    [16, 2, 1, 10, 1, 3]);
  for (const m of ['classical_lenet', 'quantum_lenet'] as const) {
    for (const k of ['s_per_iter', 'min_s', 'p90_s', 'iters_per_min', 'real_fwd_bwd_s', 'real_fwd_s'] as const) {
      const v = r[`${m}_${k}`];
      assert.ok(typeof v === 'number' && Number.isFinite(v) && v > 0, `${m}_${k} = ${v}`);
    }
    assert.equal(typeof r[`${m}_rest_s`], 'number');
    assert.equal(r.samples_ms[`${m}.step`].length, 2);
    // One outer loss per step, warm-up included; the synthetic set changes, so do the losses.
    const losses = r.losses[m] ?? [];
    assert.equal(losses.length, 3);
    assert.ok(losses.every(Number.isFinite) && new Set(losses).size === 3, `${m} losses ${losses}`);
  }
  const fig = distillBenchFigures(r);
  assert.ok(!('stats' in fig) && !('samples_ms' in fig) && !('losses' in fig));
});

test('benchDistill, one model without the split: the other figures are null; option errors [wasm]', async () => {
  assert.ok(await tf.setBackend('wasm'));
  const before = tf.memory().numTensors;
  const r = await benchDistill({ batch: 8, repeats: 1, warmup: 0, models: ['classical'], split: false, workers: 1 });
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  assert.ok(r.classical_lenet_s_per_iter !== null && r.classical_lenet_s_per_iter > 0);
  assert.deepEqual([r.quantum_lenet_s_per_iter, r.classical_lenet_real_fwd_bwd_s, r.classical_lenet_rest_s],
    [null, null, null]);
  assert.deepEqual(Object.keys(r.stats), ['classical_lenet.step']);
  await assert.rejects(benchDistill({ batch: 60001 }),
    /benchDistill: expected batch to be an integer from 1 to 60000, received 60001/);
  await assert.rejects(benchDistill({ repeats: 0 }), /expected repeats to be an integer ≥ 1, received 0/);
  await assert.rejects(benchDistill({ models: [] }), /expected models among 'classical', 'quantum', received \[\]/);
  assert.equal(tf.memory().numTensors, before, 'tensors leaked by failed calls');
});
