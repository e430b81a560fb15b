/** The run queue's order on the real standard plan, checked against the rules written out by hand. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planRuns } from '../../src/experiments/notebook_runs';
import { prioritizedRuns } from '../../src/experiments/run_priority';
import { profileNamed } from '../../src/results/profile';

test('standard: seed by seed, the headline Table I rows (classical, R+H, R+H as the authors run it) on MNIST ' +
  'then CIFAR-10, and the soft-label MNIST R+H run; the rest of Table I; the rest', () => {
  const plan = planRuns(profileNamed('standard'));
  const order = prioritizedRuns(plan);
  assert.equal(order.length, plan.length);
  assert.deepEqual(new Set(order.map((r) => r.id)), new Set(plan.map((r) => r.id)));
  const head = order.slice(0, 21).map((r) => r.id.replace(/-[0-9a-f]{12}$/, ''));
  const seed = (s: number) => [
    `mnist-classical-fixed-s${s}`, `mnist-quantum-hermitian-res-fixed-s${s}`,
    `mnist-quantum-hermitian-res-frozen-real-beta0.5-fixed-s${s}`,
    `cifar10-classical-fixed-s${s}`, `cifar10-quantum-hermitian-res-fixed-s${s}`,
    `cifar10-quantum-hermitian-res-frozen-real-beta0.5-fixed-s${s}`,
    `mnist-quantum-hermitian-res-fixed-s${s}`,
  ];
  assert.deepEqual(head, [...seed(1), ...seed(2), ...seed(3)]);
  for (const k of [2, 9]) assert.deepEqual(order[k].notebooks, ['01-table1-mnist.ipynb', '08-authors-model.ipynb']);
  assert.deepEqual(order[16].notebooks, ['01-table1-mnist.ipynb'], 'notebook 08 has seeds 1 and 2');
  for (const k of [6, 13, 20]) {
    const r = order[k];
    assert.equal(r.spec.kind === 'distill' && r.spec.cfg.learnLabels && !r.spec.cfg.truncate, true,
      `${r.id}: soft labels`);
    assert.deepEqual(r.notebooks, ['06-beyond-the-paper.ipynb']);
  }
  // Then every other run of notebooks 01 and 02 before any run that only other notebooks read.
  const table1 = (r: (typeof order)[number]) => r.notebooks.some((n) => /^0[12]-/.test(n));
  const lastTable1 = order.map(table1).lastIndexOf(true);
  const firstOther = order.findIndex((r, i) => i >= 21 && !table1(r));
  assert.ok(lastTable1 < firstOther, `Table I ends at ${lastTable1}, the rest starts at ${firstOther}`);
  assert.equal(order.slice(21, firstOther).length, plan.filter(table1).length - 18);
});
