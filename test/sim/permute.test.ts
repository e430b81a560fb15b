/** `permuteAxes`: the same bits as TF.js's own rank-k transpose, values and gradients, at a lower rank. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { mergedRuns, permuteAxes } from '../../src/sim/permute';
import { Rng } from '../../src/util/rng';
import { TEST_BACKENDS, useBackend } from './helpers';

test('mergedRuns groups source axes that stay neighbours', () => {
  assert.deepEqual(mergedRuns([0, 2, 3, 1]), [[0], [2, 3], [1]]);
  assert.deepEqual(mergedRuns([0, 1, 2, 3]), [[0, 1, 2, 3]]);
  // moving qubit 3 of 11 to the end: batch + 3 qubits, the 7 after it, then it
  assert.deepEqual(mergedRuns([0, 1, 2, 3, 5, 6, 7, 8, 9, 10, 11, 4]), [[0, 1, 2, 3], [5, 6, 7, 8, 9, 10, 11], [4]]);
});

for (const backend of TEST_BACKENDS) {
  test(`permuteAxes equals tf.transpose(tf.reshape(x, dims), perm) bitwise, ` +
    `values and gradients [${backend}]`, async () => {
    await useBackend(backend);
    const rng = new Rng(3);
    const dims = [3, 2, 2, 2, 2, 2];
    const perms = [[0, 1, 2, 3, 4, 5], [0, 2, 3, 4, 5, 1], [0, 1, 3, 5, 2, 4], [5, 4, 3, 2, 1, 0], [0, 3, 4, 1, 2, 5]];
    const size = dims.reduce((a, b) => a * b, 1);
    const x = tf.tensor2d(rng.normals(size), [3, size / 3]);
    const ct = tf.tensor(rng.normals(size));
    for (const perm of perms) {
      const out = perm.map((a) => dims[a]);
      const ours = permuteAxes(x, dims, perm);
      const ref = tf.transpose(tf.reshape(x, dims), perm);
      assert.deepEqual(ours.shape, out);
      assert.deepEqual(Array.from(ours.dataSync()), Array.from(ref.dataSync()), `perm [${perm}]`);
      const loss = (f: (t: tf.Tensor) => tf.Tensor) => (t: tf.Tensor) => tf.sum(tf.mul(tf.reshape(f(t), [size]), ct));
      const g1 = tf.grad(loss((t) => permuteAxes(t, dims, perm)))(x);
      const g2 = tf.grad(loss((t) => tf.transpose(tf.reshape(t, dims), perm)))(x);
      assert.deepEqual(Array.from(g1.dataSync()), Array.from(g2.dataSync()), `gradient, perm [${perm}]`);
      tf.dispose([ours, ref, g1, g2]);
    }
    // the transpose it launches has the merged rank: 3 here, not 6
    const info = await tf.profile(() => tf.tidy(() => permuteAxes(x, dims, [0, 2, 3, 4, 5, 1])));
    const ranks = info.kernels.filter((k) => k.name === 'Transpose').map((k) => k.inputShapes[0].length);
    assert.deepEqual(ranks, [3]);
    tf.dispose([x, ct]);
  });
}

test('permuteAxes rejects what is not a permutation', async () => {
  await useBackend('cpu');
  const x = tf.zeros([2, 4]);
  assert.throws(() => permuteAxes(x, [2, 2, 2], [0, 1]), /expected a permutation of 0…2, received \[0,1\]/);
  assert.throws(() => permuteAxes(x, [2, 2, 2], [0, 1, 1]), /expected a permutation of 0…2, received \[0,1,1\]/);
  x.dispose();
});
