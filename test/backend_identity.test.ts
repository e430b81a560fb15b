/**
 * wasm `Identity` sharing buffers (`src/backend_identity.ts`): clones hold the same values and
 * outlive their source; gradients (first and second order) are bitwise those of the copying
 * kernel; no tensor or byte is leaked.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { initBackend } from '../src/backend';
import { restoreWasmIdentity, shareWasmIdentity } from '../src/backend_identity';
import { conv2d, maxPool2x2, softmaxCrossEntropy } from '../src/nn';
import { Rng } from '../src/util/rng';

test('initBackend on wasm installs the sharing Identity: ' +
  'a clone takes no new bytes and outlives its source', async () => {
  await initBackend({ backend: 'wasm', report: false });
  const x = tf.tensor1d([1, 2, 3, 4]);
  const m0 = tf.memory();
  const y = tf.clone(x);
  const m1 = tf.memory();
  assert.equal(m1.numTensors, m0.numTensors + 1);
  assert.equal(m1.numDataBuffers, m0.numDataBuffers, 'the clone shares the buffer');
  x.dispose();
  assert.deepEqual(Array.from(y.dataSync()), [1, 2, 3, 4], 'the clone keeps the data after its source is freed');
  y.dispose();
  assert.equal(tf.memory().numTensors, m0.numTensors - 1);
  assert.equal(tf.memory().numDataBuffers, m0.numDataBuffers - 1, 'the shared buffer is freed with its last tensor');
});

test('gradients and second-order gradients are identical with the copying and the sharing Identity', async () => {
  await initBackend({ backend: 'wasm', report: false });
  const rng = new Rng(2);
  const x = tf.tensor4d(rng.normals(3 * 8 * 8 * 2), [3, 8, 8, 2]);
  const w = tf.tensor4d(rng.normals(3 * 3 * 2 * 4), [3, 3, 2, 4]);
  const y = tf.tensor1d([0, 2, 1], 'int32');
  const v = tf.tensor4d(rng.normals(3 * 3 * 2 * 4), [3, 3, 2, 4]);
  // Hessian-vector product in w, and the gradient in x of the w-gradient's projection.
  const loss = (xx: tf.Tensor, ww: tf.Tensor) => softmaxCrossEntropy(tf.reshape(
    maxPool2x2(conv2d(xx as tf.Tensor4D, ww as tf.Tensor4D, 1)), [3, -1]).slice([0, 0], [3, 3]) as tf.Tensor2D, y);
  const compute = () => tf.tidy(() => {
    const g = tf.grads((xx: tf.Tensor, ww: tf.Tensor) => tf.sum(tf.mul(tf.grads(loss)([xx, ww])[1], v)))([x, w]);
    return [Array.from(g[0].dataSync()), Array.from(g[1].dataSync())];
  });
  restoreWasmIdentity();
  const copying = compute();
  shareWasmIdentity();
  shareWasmIdentity(); // idempotent
  const before = tf.memory();
  const sharing = compute();
  assert.deepEqual(sharing, copying);
  assert.ok(copying[0].some((a) => a !== 0) && copying[1].some((a) => a !== 0), 'non-trivial second-order gradients');
  assert.equal(tf.memory().numTensors, before.numTensors, 'no leaked tensors');
  assert.equal(tf.memory().numBytes, before.numBytes, 'no leaked bytes');
  tf.dispose([x, w, y, v]);
});
