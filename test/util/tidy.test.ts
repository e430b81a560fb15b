/**
 * `tidy` keeps exactly the tensors reachable from its result, as `tf.tidy` does, without walking
 * typed arrays: counted with `tf.memory().numTensors`, values read back by hand.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { tensorsIn, tidy } from '../../src/util/tidy';

test('tidy keeps the tensors reachable from the result (arrays, objects, shared ones once), frees the rest', () => {
  const before = tf.memory().numTensors;
  const out = tidy(() => {
    const a = tf.tensor1d([1, 2]);
    const b = tf.mul(a, 3); // kept (twice reachable)
    tf.add(a, 1); // intermediate: freed
    const c = tf.square(b);
    return { b, nested: { list: [c, b], n: 7, s: 'x' }, values: new Float32Array([4, 5]) };
  });
  assert.equal(tf.memory().numTensors, before + 2, 'b and c stay; a and a + 1 are freed');
  assert.deepEqual(Array.from(out.b.dataSync()), [3, 6]);
  assert.deepEqual(Array.from(out.nested.list[0].dataSync()), [9, 36]);
  assert.equal(out.nested.list[1], out.b);
  assert.deepEqual(Array.from(out.values), [4, 5]);
  assert.equal(out.nested.n, 7);
  tf.dispose([out.b, out.nested.list[0]]);
  assert.equal(tf.memory().numTensors, before);
});

test('tidy returns a bare tensor or a typed array read inside it; nothing leaks', () => {
  const before = tf.memory().numTensors;
  const t = tidy(() => tf.add(tf.scalar(1), tf.scalar(2)));
  assert.equal(t.dataSync()[0], 3);
  t.dispose();
  const v = tidy(() => tf.mul(tf.tensor1d([1, 2, 3]), 2).dataSync() as Float32Array);
  assert.deepEqual(Array.from(v), [2, 4, 6]);
  assert.equal(tf.memory().numTensors, before);
});

test('tensorsIn: through arrays and fields, once each, never into typed arrays, cycles allowed', () => {
  const a = tf.scalar(1), b = tf.scalar(2);
  const cyclic: Record<string, unknown> = { a, more: [b, a, new Float32Array(3)] };
  cyclic.self = cyclic;
  assert.deepEqual(tensorsIn(cyclic), [a, b]);
  assert.deepEqual(tensorsIn([1, 'x', null, undefined, new Uint8Array(2)]), []);
  tf.dispose([a, b]);
});
