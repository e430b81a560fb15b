import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng } from '../../src/util/rng';
import { batchIndices, classBalancedSubset, shuffledIndices } from '../../src/data/sampling';
import { countPerClass } from '../../src/data/dataset';
import { loadMnist } from '../../src/data/mnist';

test('shuffledIndices is a seeded permutation', () => {
  const a = shuffledIndices(1000, new Rng(1));
  const b = shuffledIndices(1000, new Rng(1));
  const c = shuffledIndices(1000, new Rng(2));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
  assert.deepEqual(Array.from(a).sort((x, y) => x - y), Array.from({ length: 1000 }, (_, i) => i));
  assert.equal(shuffledIndices(0, new Rng(1)).length, 0);
  assert.throws(() => shuffledIndices(-1, new Rng(1)), /expected n to be an integer ≥ 0, received -1/);
});

test('batchIndices cuts one epoch into batches covering every index once', () => {
  const batches = batchIndices(103, 10, new Rng(3));
  assert.deepEqual(batches.map((b) => b.length), [10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3]);
  const all = batches.flatMap((b) => Array.from(b)).sort((x, y) => x - y);
  assert.deepEqual(all, Array.from({ length: 103 }, (_, i) => i));
  const dropped = batchIndices(103, 10, new Rng(3), true);
  assert.equal(dropped.length, 10);
  assert.deepEqual(dropped.map((b) => Array.from(b)), batches.slice(0, 10).map((b) => Array.from(b)));
  assert.notDeepEqual(Array.from(batchIndices(103, 10, new Rng(4))[0]), Array.from(batches[0]));
  assert.deepEqual(batchIndices(100, 10, new Rng(3), true).length, 10);
  assert.throws(() => batchIndices(10, 0, new Rng(1)), /expected batchSize to be an integer ≥ 1, received 0/);
});

test('classBalancedSubset picks exactly perClass distinct examples per class, class by class', () => {
  const labels = loadMnist('test').labels;
  const sub = classBalancedSubset(labels, 10, new Rng(42));
  assert.equal(sub.length, 100);
  assert.equal(new Set(sub).size, 100);
  assert.deepEqual(countPerClass(Array.from(sub, (i) => labels[i])), new Array(10).fill(10));
  for (let c = 0; c < 10; c++) {
    const block = Array.from(sub.subarray(c * 10, (c + 1) * 10));
    assert.ok(block.every((i) => labels[i] === c), `block ${c} holds class ${c} only`);
    assert.deepEqual(block, [...block].sort((a, b) => a - b));
  }
});

test('classBalancedSubset is deterministic per seed and differs across seeds', () => {
  const labels = loadMnist('test').labels;
  const a = classBalancedSubset(labels, 5, new Rng(7));
  const b = classBalancedSubset(labels, 5, new Rng(7));
  const c = classBalancedSubset(labels, 5, new Rng(8));
  assert.deepEqual(a, b);
  assert.notDeepEqual(a, c);
});

test('classBalancedSubset takes a whole class when perClass equals its size', () => {
  const labels = [0, 1, 1, 0, 2, 2, 1];
  const sub = classBalancedSubset(labels, 2, new Rng(1), 3);
  assert.deepEqual(Array.from(sub.subarray(0, 2)), [0, 3]);
  assert.deepEqual(Array.from(sub.subarray(4, 6)), [4, 5]);
  assert.ok(sub.subarray(2, 4).every((i) => labels[i] === 1));
});

test('classBalancedSubset fails when a class is short', () => {
  const labels = [0, 0, 0, 1, 1, 2, 2, 2];
  assert.throws(() => classBalancedSubset(labels, 3, new Rng(1), 3),
    /expected at least 3 examples of class 1, received 2/);
  assert.throws(() => classBalancedSubset(labels, 1, new Rng(1), 4),
    /expected at least 1 examples of class 3, received 0/);
  assert.throws(() => classBalancedSubset([0, 5], 1, new Rng(1), 3),
    /expected labels in \[0, 3\), received 5 at index 1/);
});
