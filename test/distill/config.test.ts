/**
 * Config parsing (`parseDistillConfig`, `parseTrainConfig`) of bad input: seeds bounded to
 * 0 … 2^32 − 1 (larger ones would wrap onto smaller ones' draws), null rejected in every field
 * (model fields included), and synthetic sets too large to allocate rejected with their size.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseDistillConfig } from '../../src/distill/config';
import { parseTrainConfig } from '../../src/train/config';

const raw = { dataset: 'mnist', model: { kind: 'quantum_lenet', qubits: 2, layers: 1 } };
const SEED = /^Error: seed: expected an integer from 0 to 4294967295, received 4294967296$/;

test('seed: 0 to 4294967295 in distill and train configs', () => {
  assert.equal(parseDistillConfig({ ...raw, seed: 4294967295 }).seed, 4294967295);
  assert.equal(parseTrainConfig({ ...raw, seed: 4294967295 }).seed, 4294967295);
  assert.throws(() => parseDistillConfig({ ...raw, seed: 4294967296 }), SEED);
  assert.throws(() => parseTrainConfig({ ...raw, seed: 4294967296 }), SEED);
  assert.throws(() => parseDistillConfig({ ...raw, seed: -1 }), /seed: expected an integer from 0 to 4294967295, rec/);
});

test('null is an error in every field, not the default', () => {
  const cases: Array<[Record<string, unknown>, RegExp]> = [
    [{ seed: null }, /^Error: seed: expected an integer from 0 to 4294967295, received null$/],
    [{ imagesPerClass: null }, /^Error: imagesPerClass: expected an integer ≥ 1, received null$/],
    [{ lr: null }, /^Error: lr: expected a positive finite number, received null$/],
    [{ init: null }, /^Error: init: expected 'fixed' or 'random', received null$/],
    [{ betas: null }, /^Error: betas: expected two numbers in \[0, 1\), received null$/],
    [{ profile: null }, /^Error: profile: expected a string, received null$/],
    [{ learnLabels: null }, /^Error: learnLabels: expected true or false, received null$/],
    [{ model: null }, /^Error: model: expected an object, received null$/],
    [{ model: { kind: 'quantum_lenet', qubits: null } },
      /^Error: model\.qubits: expected an integer from 1 to 10, received null$/],
    [{ model: { kind: 'quantum_lenet', residual: null } }, /^Error: model\.residual: expected true or false, .* null$/],
    [{ model: { kind: 'quantum_lenet', observable: null } }, /^Error: model\.observable: expected .*, received null$/],
    [{ model: { kind: 'quantum_lenet', embedding: null } }, /^Error: model\.embedding: expected .*, received null$/],
  ];
  for (const [extra, pattern] of cases) assert.throws(() => parseDistillConfig({ ...raw, ...extra }), pattern);
  assert.throws(() => parseTrainConfig({ ...raw, epochs: null }), /^Error: epochs: expected an integer ≥ 1, .* null/);
  assert.throws(() => parseTrainConfig({ ...raw, model: null }), /^Error: model: expected an object, received null$/);
});

test('the synthetic set must fit in 2 GiB: imagesPerClass, else distillSteps, named with the size', () => {
  assert.throws(() => parseDistillConfig({ ...raw, imagesPerClass: 10000000 }),
    new RegExp('^Error: imagesPerClass: expected at most 6847 with distillSteps 10 on mnist \\(the synthetic images, ' +
      'distillSteps × 10 classes × imagesPerClass × 784 values × 4 bytes, must fit in 2 GiB; received 2920 GiB\\), ' +
      'received 10000000$'));
  assert.throws(() => parseDistillConfig({ ...raw, dataset: 'cifar10', distillSteps: 20000 }),
    /^Error: distillSteps: expected at most 17476 on cifar10 .*received 20000$/);
  // The largest set that fits is accepted (6847 · 10 · 10 · 784 · 4 bytes ≤ 2 GiB).
  assert.equal(parseDistillConfig({ ...raw, imagesPerClass: 6847 }).imagesPerClass, 6847);
  assert.throws(() => parseDistillConfig({ ...raw, imagesPerClass: 6848 }), /imagesPerClass: expected at most 6847/);
});
