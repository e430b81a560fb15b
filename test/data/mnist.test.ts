import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { loadMnist, mnistDataDir } from '../../src/data/mnist';
import { countPerClass } from '../../src/data/dataset';

test('MNIST train: 60000 images of 28×28×1, standard class counts and first labels', () => {
  const ds = loadMnist('train');
  assert.equal(ds.name, 'mnist');
  assert.equal(ds.split, 'train');
  assert.equal(ds.n, 60000);
  assert.deepEqual([ds.height, ds.width, ds.channels, ds.numClasses], [28, 28, 1, 10]);
  assert.equal(ds.images.length, 60000 * 784);
  assert.equal(ds.labels.length, 60000);
  assert.deepEqual(countPerClass(ds.labels), [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
  assert.deepEqual(Array.from(ds.labels.subarray(0, 10)), [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
  assert.deepEqual(ds.mean, [0.1307]);
  assert.deepEqual(ds.std, [0.3081]);
});

test('MNIST test: 10000 images, standard class counts and first labels', () => {
  const ds = loadMnist('test');
  assert.equal(ds.n, 10000);
  assert.equal(ds.images.length, 10000 * 784);
  assert.deepEqual(countPerClass(ds.labels), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  assert.deepEqual(Array.from(ds.labels.subarray(0, 10)), [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
});

test('MNIST images match the raw file bytes after the 16-byte header', () => {
  const ds = loadMnist('test');
  const raw = fs.readFileSync(path.join(mnistDataDir(), 't10k-images-idx3-ubyte'));
  // Image 0, row 7 (a row through the "7"), and the very last pixel of the split.
  const row = 7 * 28;
  assert.deepEqual(Array.from(ds.images.subarray(row, row + 28)), Array.from(raw.subarray(16 + row, 16 + row + 28)));
  assert.equal(ds.images[ds.images.length - 1], raw[raw.length - 1]);
  let max = 0;
  for (let i = 0; i < 784; i++) max = Math.max(max, ds.images[i]);
  assert.equal(max, 255, 'the first test digit has saturated pixels');
});

test('loaded splits are cached in memory', () => {
  assert.equal(loadMnist('test'), loadMnist('test'));
  assert.throws(() => loadMnist('valid' as never), /expected split "train" or "test", received "valid"/);
});
