import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  ImageDataset, countPerClass, subsetDataset, toTensors, validateDataset, CIFAR10_MEAN, CIFAR10_STD,
} from '../../src/data/dataset';
import { loadMnist } from '../../src/data/mnist';

before(async () => {
  await tf.setBackend('cpu');
});

/** A 2-image, 2×2, 3-channel dataset with CIFAR-10 constants and known bytes. */
function tinyRgb(): ImageDataset {
  const images = new Uint8Array(2 * 2 * 2 * 3);
  for (let i = 0; i < images.length; i++) images[i] = (i * 11) % 256;
  images[0] = 0;
  images[1] = 255;
  images[2] = 128;
  return {
    name: 'cifar10', split: 'test', images, labels: Uint8Array.from([7, 2]), n: 2,
    height: 2, width: 2, channels: 3, numClasses: 10, mean: [...CIFAR10_MEAN], std: [...CIFAR10_STD],
  };
}

test('toTensors normalises RGB pixels per channel: (p/255 − mean[c]) / std[c]', () => {
  const ds = tinyRgb();
  const before = tf.memory().numTensors;
  const { x, y } = toTensors(ds, [1, 0]);
  assert.equal(tf.memory().numTensors, before + 2);
  assert.deepEqual(x.shape, [2, 2, 2, 3]);
  assert.equal(x.dtype, 'float32');
  assert.equal(y.dtype, 'int32');
  assert.deepEqual(Array.from(y.dataSync()), [2, 7]);
  const v = x.arraySync();
  // Image 0 is batch row 1. Pixel (0,0): R = 0, G = 255, B = 128, computed by hand:
  assert.ok(Math.abs(v[1][0][0][0] - (0 / 255 - 0.4914) / 0.247) < 1e-6); // −1.98947…
  assert.ok(Math.abs(v[1][0][0][0] - -1.9894737) < 1e-6);
  assert.ok(Math.abs(v[1][0][0][1] - (1 - 0.4822) / 0.243) < 1e-6); // 2.13086…
  assert.ok(Math.abs(v[1][0][0][1] - 2.1308642) < 1e-6);
  assert.ok(Math.abs(v[1][0][0][2] - (128 / 255 - 0.4465) / 0.261) < 1e-6);
  // Image 1 (batch row 0), pixel (y=1, x=0), channel 2: byte index 12 + (2·1 + 0)·3 + 2 = 20.
  assert.equal(ds.images[20], (20 * 11) % 256);
  assert.ok(Math.abs(v[0][1][0][2] - (220 / 255 - 0.4465) / 0.261) < 1e-6);
  x.dispose();
  y.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('toTensors on MNIST matches hand-computed values and leaks nothing', () => {
  const ds = loadMnist('test');
  const idx = [0, 5, 9999];
  const before = tf.memory().numTensors;
  const { x, y } = toTensors(ds, idx);
  assert.deepEqual(x.shape, [3, 28, 28, 1]);
  assert.deepEqual(Array.from(y.dataSync()), [7, 1, 6]);
  const xs = x.dataSync();
  for (const [j, pix] of [[0, 0], [0, 7 * 28 + 10], [1, 400], [2, 783]] as const) {
    const p = ds.images[idx[j] * 784 + pix];
    const want = (p / 255 - 0.1307) / 0.3081;
    assert.ok(Math.abs(xs[j * 784 + pix] - want) < 1e-6,
      `image ${idx[j]} pixel ${pix}: ${xs[j * 784 + pix]} vs ${want}`);
  }
  // Background pixel 0 → −0.1307/0.3081; saturated 255 → (1−0.1307)/0.3081.
  assert.ok(Math.abs(xs[0] - -0.42421292) < 1e-6);
  assert.ok(Math.abs(Math.max(...xs.subarray(0, 784)) - 2.8214867) < 1e-6);
  tf.dispose([x, y]);
  assert.equal(tf.memory().numTensors, before);
});

test('toTensors rejects out-of-range indices and leaks nothing on error', () => {
  const ds = tinyRgb();
  const before = tf.memory().numTensors;
  assert.throws(() => toTensors(ds, [0, 2]), /expected indices to be integers in \[0, 2\), received 2 at position 1/);
  assert.throws(() => toTensors(ds, [0.5]), /received 0\.5/);
  assert.equal(tf.memory().numTensors, before);
});

test('countPerClass counts labels and rejects labels out of range', () => {
  assert.deepEqual(countPerClass([0, 1, 1, 9, 9, 9]), [1, 2, 0, 0, 0, 0, 0, 0, 0, 3]);
  assert.deepEqual(countPerClass(Uint8Array.from([2, 2, 0]), 3), [1, 0, 2]);
  assert.throws(() => countPerClass([0, 10]), /expected labels in \[0, 10\), received 10 at index 1/);
});

test('subsetDataset copies the chosen examples; validateDataset checks consistency', () => {
  const ds = tinyRgb();
  const s = subsetDataset(ds, [1, 1]);
  assert.equal(s.n, 2);
  assert.deepEqual(Array.from(s.labels), [2, 2]);
  assert.deepEqual(Array.from(s.images.subarray(0, 12)), Array.from(ds.images.subarray(12, 24)));
  assert.deepEqual(Array.from(s.images.subarray(12, 24)), Array.from(ds.images.subarray(12, 24)));
  validateDataset(s);
  assert.throws(() => validateDataset({ ...ds, labels: Uint8Array.from([1]) }), /expected 2 labels, received 1/);
  assert.throws(() => validateDataset({ ...ds, labels: Uint8Array.from([1, 12]) }), /received 12 at index 1/);
});
