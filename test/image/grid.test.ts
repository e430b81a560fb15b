/** `firstOfEachClass` against a set whose every value names its step, class, image and pixel. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstOfEachClass } from '../../src/image/grid';

test('firstOfEachClass keeps image 0 of each class of each step, in class order', () => {
  // 2 steps, 3 classes × 2 images, 1 × 2 pixels, 1 channel; value = 1000·step + 100·class + 10·image + pixel.
  const steps = 2, classes = 3, perClass = 2, px = 2;
  const values = new Float32Array(steps * classes * perClass * px);
  for (let s = 0; s < steps; s++) for (let k = 0; k < classes; k++) for (let i = 0; i < perClass; i++) {
    for (let p = 0; p < px; p++) values[((s * classes + k) * perClass + i) * px + p] = 1000 * s + 100 * k + 10 * i + p;
  }
  const got = firstOfEachClass(values, [steps, classes * perClass, 1, px, 1], classes);
  assert.deepEqual(got.shape, [2, 3, 1, 2, 1]);
  assert.deepEqual(Array.from(got.values), [0, 1, 100, 101, 200, 201, 1000, 1001, 1100, 1101, 1200, 1201]);
});

test('firstOfEachClass with one image per class returns the same values; bad input is named', () => {
  const values = Float32Array.from([1, 2, 3, 4, 5, 6]);
  assert.deepEqual(Array.from(firstOfEachClass(values, [1, 3, 1, 1, 2], 3).values), [1, 2, 3, 4, 5, 6]);
  assert.throws(() => firstOfEachClass(values, [1, 6, 1, 1, 1], 4), /expected 6 images to split into 4 classes/);
  assert.throws(() => firstOfEachClass(values, [6, 1, 1, 1], 1), /expected shape \[steps, images, H, W, C\]/);
});
