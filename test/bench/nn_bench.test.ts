/** benchNn: runs on a small batch on cpu and wasm, reports every operation, frees its tensors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { benchNn } from '../../src/bench/nn_bench';

for (const backend of ['cpu', 'wasm'] as const) {
  test(`benchNn on a batch of 2 reports all operations and leaks nothing [${backend}]`, async () => {
    assert.ok(await tf.setBackend(backend));
    const before = tf.memory().numTensors;
    const progress: string[] = [];
    const r =
      await benchNn({ batch: 2, repeats: 1, warmup: 1, onProgress: (d, t, p) => progress.push(`${p} ${d}/${t}`) });
    assert.equal(tf.memory().numTensors, before, 'tensors leaked');
    assert.deepEqual(progress, ['warmup 1/1', 'timing 1/1']);
    assert.equal(r.backend, backend);
    const expected = ['conv1_safe', 'conv2_safe', 'conv1_fast', 'conv2_fast', 'maxpool_safe', 'maxpool_builtin',
      'avgpool_safe', 'avgpool_builtin', 'lenet_safe', 'lenet_fast'];
    if (backend === 'cpu') expected.push('conv1_builtin', 'conv2_builtin');
    assert.deepEqual(Object.keys(r.median_ms).sort(), expected.sort());
    assert.ok(Object.values(r.median_ms).every((m) => Number.isFinite(m) && m >= 0));
    await assert.rejects(benchNn({ batch: 0 }), /benchNn: expected batch to be an integer ≥ 1, received 0/);
  });
}
