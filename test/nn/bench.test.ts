/** benchNn: runs on a small batch on cpu and wasm, reports every operation, frees its tensors; LeNet trunk gradients agree across layer sets. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { BUILTIN_LAYERS, FAST_LAYERS, SAFE_LAYERS, benchNn, lenetLoss, lenetParams } from '../../src/nn/bench';
import { Rng } from '../../src/util/rng';
import { TEST_BACKENDS, assertArraysClose, useBackend } from './helpers';

for (const backend of TEST_BACKENDS) {
  test(`benchNn on a batch of 2 reports all operations and leaks nothing [${backend}]`, async () => {
    await useBackend(backend);
    const before = tf.memory().numTensors;
    const r = benchNn({ batch: 2, synBatch: 2, repeats: 1, warmup: 0 });
    assert.equal(tf.memory().numTensors, before);
    assert.equal(r.backend, backend);
    const expected = ['conv1_safe', 'conv2_safe', 'conv1_fast', 'conv2_fast', 'maxpool_safe', 'maxpool_builtin', 'avgpool_safe', 'avgpool_builtin', 'lenet_safe', 'lenet_fast', 'lenet_unrolled'];
    if (backend === 'cpu') expected.push('conv1_builtin', 'conv2_builtin', 'lenet_builtin');
    assert.deepEqual(Object.keys(r.median_ms).sort(), expected.sort());
    assert.ok(Object.values(r.median_ms).every((m) => Number.isFinite(m) && m >= 0));
    assert.throws(() => benchNn({ batch: 0 }), /benchNn: expected batch to be an integer ≥ 1, received 0/);
  });
}

test('classical LeNet trunk (28×28, 400 → 120 → 84 → 10): safe, fast and built-in layers give the same loss and gradients [cpu]', async () => {
  await useBackend('cpu');
  tf.tidy(() => {
    const rng = new Rng(400);
    const params = lenetParams(rng);
    const x = tf.tensor4d(rng.normals(3 * 28 * 28), [3, 28, 28, 1]), labels = tf.tensor1d([1, 7, 3], 'int32');
    const run = (layers: typeof SAFE_LAYERS) => {
      const { value, grads } = tf.valueAndGrads((...p: tf.Tensor[]) => lenetLoss(layers, p, x, labels))(params);
      return [value.dataSync(), ...grads.map((g) => g.dataSync())];
    };
    const ref = run(BUILTIN_LAYERS);
    for (const [name, layers] of [['safe', SAFE_LAYERS], ['fast', FAST_LAYERS]] as const) {
      run(layers).forEach((a, i) => assertArraysClose(a, ref[i], 1e-5, `${name}: ${i === 0 ? 'loss' : `gradient ${i - 1}`}`));
    }
  });
});
