/** dense, flatten, relu, xavierNormal: values, gradients, second order, errors, leaks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { dense, flatten, relu, xavierNormal } from '../../src/nn';
import { Rng } from '../../src/util/rng';
import { TEST_BACKENDS, assertClose, assertHvp, assertNoLeak, randn, useBackend } from './helpers';

for (const backend of TEST_BACKENDS) {
  test(`dense equals x·w + b (values, gradients); flatten is the NHWC reshape [${backend}]`, async () => {
    await useBackend(backend);
    tf.tidy(() => {
      const rng = new Rng(200);
      const x = randn(rng, [6, 5]) as tf.Tensor2D, w = randn(rng, [5, 3]) as tf.Tensor2D,
        b = randn(rng, [3]) as tf.Tensor1D, ct = randn(rng, [6, 3]);
      assertClose(dense(x, w, b), tf.add(tf.matMul(x, w), b), 1e-5, 'value with bias');
      assertClose(dense(x, w), tf.matMul(x, w), 1e-5, 'value without bias');
      const ours = tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) =>
        tf.sum(tf.mul(dense(a as tf.Tensor2D, c as tf.Tensor2D, d as tf.Tensor1D), ct)))([x, w, b]);
      const ref = tf.grads((a: tf.Tensor, c: tf.Tensor, d: tf.Tensor) =>
        tf.sum(tf.mul(tf.add(tf.matMul(a as tf.Tensor2D, c as tf.Tensor2D), d), ct)))([x, w, b]);
      ours.forEach((g, i) => assertClose(g, ref[i], 1e-5, `gradient ${i}`));
      const t = tf.reshape(tf.range(0, 2 * 3 * 2 * 4), [2, 3, 2, 4]) as tf.Tensor4D;
      assert.deepEqual(flatten(t).shape, [2, 24]);
      assert.deepEqual(Array.from(flatten(t).dataSync()), Array.from(t.dataSync()));
    });
  });

  test(`relu (tf.relu) has a correct second derivative in a composite: ` +
    `dense → relu → dense → square [${backend}]`, async () => {
    await useBackend(backend);
    tf.tidy(() => {
      const rng = new Rng(201);
      const x = randn(rng, [4, 3]) as tf.Tensor2D;
      const sizes = [3 * 5, 5, 5 * 2];
      const theta = randn(rng, [20 + 10]), v = randn(rng, [30]);
      const f = (t: tf.Tensor) => {
        const w1 = tf.reshape(tf.slice(t, 0, sizes[0]), [3, 5]) as tf.Tensor2D;
        const b1 = tf.slice(t, sizes[0], sizes[1]) as tf.Tensor1D;
        const w2 = tf.reshape(tf.slice(t, sizes[0] + sizes[1], sizes[2]), [5, 2]) as tf.Tensor2D;
        return tf.sum(tf.square(dense(relu(dense(x, w1, b1)), w2))) as tf.Scalar;
      };
      assertHvp(f, theta, v, 1e-2, 1e-3, 'dense-relu-dense');
    });
  });
}

test('xavierNormal: seeded, shape, std = gain·√(2/(fanIn+fanOut)) (PyTorch conv fans)', async () => {
  await useBackend('cpu');
  tf.tidy(() => {
    const shape = [5, 5, 6, 16];
    const a = xavierNormal(shape, 6 * 25, 16 * 25, new Rng(7)), b = xavierNormal(shape, 6 * 25, 16 * 25, new Rng(7));
    assert.deepEqual(a.shape, shape);
    assert.deepEqual(Array.from(a.dataSync()), Array.from(b.dataSync()));
    const big = Array.from(xavierNormal([400, 120], 400, 120, new Rng(8), 2).dataSync());
    const mean = big.reduce((p, q) => p + q, 0) / big.length;
    const std = Math.sqrt(big.reduce((p, q) => p + (q - mean) ** 2, 0) / big.length);
    const expected = 2 * Math.sqrt(2 / 520);
    assert.ok(Math.abs(std / expected - 1) < 0.02, `std ${std} vs ${expected}`);
    assert.ok(Math.abs(mean) < 0.01, `mean ${mean}`);
    assert.throws(() => xavierNormal([2, 2], 0, 2, new Rng(1)),
      /xavierNormal: expected fanIn to be a positive integer, received 0/);
    assert.throws(() => xavierNormal([2, 2], 2, 2, new Rng(1), -1), /expected gain > 0, received -1/);
  });
});

test('errors name expected and received shapes', async () => {
  await useBackend('cpu');
  tf.tidy(() => {
    const x = tf.zeros([4, 3]) as tf.Tensor2D;
    assert.throws(() => dense(x, tf.zeros([4, 2]) as tf.Tensor2D),
      /dense: expected w \[3, out\] for x \[4,3\], received w \[4,2\]/);
    assert.throws(() => dense(x, tf.zeros([3, 2]) as tf.Tensor2D, tf.zeros([3]) as tf.Tensor1D),
      /dense: expected bias \[2\], received \[3\]/);
    assert.throws(() => dense(tf.zeros([4]) as unknown as tf.Tensor2D, tf.zeros([3, 2]) as tf.Tensor2D),
      /dense: expected x of rank 2 \[N, in\], received shape \[4\]/);
    assert.throws(() => flatten(x as unknown as tf.Tensor4D),
      /flatten: expected x of rank 4 \[N, H, W, C\], received shape \[4,3\]/);
  });
});

test('no leaked tensors [cpu, wasm]', async () => {
  for (const backend of TEST_BACKENDS) {
    await useBackend(backend);
    const rng = new Rng(202);
    const x = randn(rng, [4, 3]) as tf.Tensor2D, w = randn(rng, [3, 2]) as tf.Tensor2D,
      b = randn(rng, [2]) as tf.Tensor1D;
    assertNoLeak(() => dense(x, w, b), 'dense');
    assertNoLeak(() => tf.grads((a: tf.Tensor, c: tf.Tensor) =>
      tf.sum(relu(dense(a as tf.Tensor2D, c as tf.Tensor2D, b))))([x, w]), 'dense gradients');
    assertNoLeak(() => xavierNormal([3, 3], 3, 3, rng), 'xavierNormal');
    tf.dispose([x, w, b]);
  }
});
