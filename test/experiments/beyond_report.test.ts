/**
 * Notebook 06's summary: mean and sample std over seeds worked by hand, references only where the
 * issue quotes one (hard or soft label value by method), and the transfer matrix's means over seeds.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BEYOND_VARIANTS, BeyondResult, TRANSFER_TARGETS, TransferCell, beyondReference, beyondSummary, transferMatrix,
} from '../../src/experiments';

const result =
  (variant: number, init: 'fixed' | 'random', method: BeyondResult['method'], seed: number, accuracy: number) =>
    ({ dataset: 'mnist', variant: BEYOND_VARIANTS[variant], init, method, seed, accuracy, iterations: 100,
      budgetSeconds: 50, imagesPerClass: 1, distillSteps: init === 'random' ? 10 : 1 }) as unknown as BeyondResult;

test('summary: mean ± sample std over seeds, n, and the quoted reference of the method’s label kind', () => {
  const rows = beyondSummary([
    result(1, 'fixed', 'soft', 0, 90), result(1, 'fixed', 'soft', 1, 92), result(1, 'fixed', 'soft', 2, 97),
    result(0, 'fixed', 'soft', 0, 80), result(0, 'random', 'paper', 0, 70),
  ]);
  assert.equal(rows.length, 3);
  // mean 93; deviations −3, −1, 4: sum of squares 26, / 2 = 13, sqrt = 3.61
  assert.deepEqual([rows[0].accuracy_mean, rows[0].accuracy_std, rows[0].n], [93, 3.61, 3]);
  assert.equal(rows[0].reference_accuracy, '', 'the paper quotes no soft-label QLeNet number');
  assert.equal(rows[0].target, '>= 95 %');
  assert.equal(rows[1].reference_accuracy, 96, 'soft labels: Sucholutsky & Schonlau');
  assert.equal(rows[1].accuracy_std, '', 'one seed: no spread');
  assert.equal(rows[2].reference_accuracy, 79.5, 'classical LeNet, random init, hard labels: Wang et al.');
  assert.equal(rows[2].target, '', 'the issue sets no target for the classical LeNet');
  assert.deepEqual(rows.map((r) => [r.images_per_class, r.distill_steps]), [[1, 1], [1, 1], [1, 10]],
    'each setting says its layout');
  assert.equal(beyondReference('cifar10', BEYOND_VARIANTS[1].model, 'random'), null);
  for (const r of rows) assert.ok(!String(r.reference).includes(','), 'CSV cells hold no commas');
});

test('transfer matrix: per dataset × init × method, the mean over seeds of the per-seed means', () => {
  const cell = (seed: number, target: number, accuracies: number[], init: 'fixed' | 'random' = 'fixed') =>
    ({ source: { ...result(1, init, 'both', seed, 0) }, target: TRANSFER_TARGETS[target], accuracies,
      testExamples: 10 }) as TransferCell;
  const m = transferMatrix([cell(0, 0, [10, 20]), cell(1, 0, [30, 30]), cell(0, 4, [50, 60]),
    cell(0, 0, [70, 80], 'random')]);
  assert.deepEqual(m.columns.slice(0, 7),
    ['dataset', 'init', 'images_per_class', 'distill_steps', 'method', 'soft_labels', 'seeds']);
  assert.equal(m.rows.length, 2);
  assert.deepEqual([m.rows[1].init, m.rows[1].distill_steps, m.rows[1][TRANSFER_TARGETS[0].key], m.rows[1].seeds],
    ['random', 10, 75, 1]);
  assert.equal(m.rows[0][TRANSFER_TARGETS[0].key], 22.5); // (15 + 30) / 2
  assert.equal(m.rows[0][TRANSFER_TARGETS[4].key], 55);
  assert.equal(m.rows[0][TRANSFER_TARGETS[2].key], '');
  assert.equal(m.rows[0].soft_labels, true);
  assert.equal(m.rows[0].seeds, 2);
});
