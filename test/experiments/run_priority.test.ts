/** The run queue's order on the real standard plan, checked against the rules written out by hand. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planRuns } from '../../src/experiments/notebook_runs';
import { prioritizedRuns } from '../../src/experiments/run_priority';
import { profileNamed } from '../../src/results/profile';

const MNIST_OTHERS = ['quantum-hermitian', 'quantum-pauliz', 'quantum-pauliz-res', 'quantum-hermitian_fixed-res'];

test('standard: the full-data trainings; for seeds 1-2: the headline Table I rows (classical, R+H, ' +
  "R+H as the authors run it) on MNIST then CIFAR-10, the soft-label MNIST R+H run, R+H with the circuit frozen " +
  "and the soft-label truncated-unroll MNIST R+H run, seed by seed; seed 3's MNIST headline rows; the random-init " +
  "MNIST R+H pilot in Wang et al.'s layout with soft labels and the truncated unroll (seed 1), then the classical " +
  "LeNet in that layout (paper method, then the pilot's method; seed 1); " +
  "seed 3's CIFAR-10 headline rows; Table I's other rows " +
  "seed by seed; seed 3's extra runs and other rows; the rest", () => {
  const plan = planRuns(profileNamed('standard'));
  const order = prioritizedRuns(plan);
  assert.equal(order.length, plan.length);
  assert.deepEqual(new Set(order.map((r) => r.id)), new Set(plan.map((r) => r.id)));
  const name = (r: (typeof order)[number]) => r.id.replace(/-[0-9a-f]{12}$/, '');
  const trainings = order.slice(0, 14);
  assert.ok(trainings.every((r) => r.spec.kind === 'train'), trainings.map(name).join(' '));
  const rows = (s: number) => [
    `mnist-classical-fixed-s${s}`, `mnist-quantum-hermitian-res-fixed-s${s}`,
    `mnist-quantum-hermitian-res-frozen-real-beta0.5-fixed-s${s}`,
    `cifar10-classical-fixed-s${s}`, `cifar10-quantum-hermitian-res-fixed-s${s}`,
    `cifar10-quantum-hermitian-res-frozen-real-beta0.5-fixed-s${s}`,
  ];
  const extras = (s: number) => [
    `mnist-quantum-hermitian-res-fixed-s${s}`, `mnist-quantum-hermitian-res-frozen-fixed-s${s}`,
    `mnist-quantum-hermitian-res-fixed-s${s}`,
  ];
  const headline = (s: number) => [...rows(s), ...extras(s)];
  const others = (s: number) => [
    ...MNIST_OTHERS.map((m) => `mnist-${m}-fixed-s${s}`), ...MNIST_OTHERS.map((m) => `cifar10-${m}-fixed-s${s}`),
  ];
  const pilot = ['mnist-quantum-hermitian-res-random-s1', 'mnist-classical-random-s1', 'mnist-classical-random-s1'];
  const expected = [...headline(1), ...headline(2), ...rows(3).slice(0, 3), ...pilot, ...rows(3).slice(3), ...others(1),
    ...others(2), ...extras(3), ...others(3)];
  assert.deepEqual(order.slice(14, 14 + expected.length).map(name), expected);
  const at = (k: number) => order[14 + k];
  // Positions: headline(1) 0-8, headline(2) 9-17, MNIST rows(3) 18-20, pilot 21, Wang's check 22-23,
  // CIFAR-10 rows(3) 24-26, others(1, 2) 27-42, extras(3) 43-45.
  const p = at(21).spec;
  assert.ok(p.kind === 'distill' && p.cfg.learnLabels && p.cfg.truncate?.window === 10 && p.cfg.imagesPerClass === 1
    && p.cfg.distillSteps === 10 && p.cfg.evalInits === 10,
  `${at(21).id}: soft labels, window 10, 10 steps of 1 image per class, 10 unseen initialisations`);
  assert.deepEqual(at(21).notebooks, ['06-beyond-the-paper.ipynb']);
  for (const [k, soft] of [[22, false], [23, true]] as const) {
    const c = at(k).spec;
    assert.ok(c.kind === 'distill' && c.cfg.model.kind === 'classical_lenet' && c.cfg.init === 'random'
      && c.cfg.distillSteps === 10 && c.cfg.imagesPerClass === 1 && c.cfg.distillEpochs === (soft ? 6 : 3)
      && !!c.cfg.learnLabels === soft && (c.cfg.truncate?.window ?? null) === (soft ? 10 : null),
    `${at(k).id}: classical LeNet, 10 steps of 1 image per class, ${soft ? 'soft labels, window 10' : 'paper method'}`);
  }
  for (const k of [2, 11, 20]) assert.ok(at(k).notebooks.includes('08-authors-model.ipynb') === (k < 20), name(at(k)));
  for (const k of [6, 15, 43]) {
    const r = at(k);
    assert.equal(r.spec.kind === 'distill' && r.spec.cfg.learnLabels && !r.spec.cfg.truncate, true,
      `${r.id}: soft labels`);
    assert.deepEqual(r.notebooks, ['06-beyond-the-paper.ipynb']);
  }
  for (const k of [8, 17, 45]) {
    const r = at(k);
    assert.equal(r.spec.kind === 'distill' && r.spec.cfg.learnLabels && r.spec.cfg.truncate?.window === 4, true,
      `${r.id}: soft labels and a truncated unroll`);
    assert.deepEqual(r.notebooks, ['06-beyond-the-paper.ipynb']);
  }
  for (const k of [7, 16, 44]) {
    const spec = at(k).spec, m = spec.kind === 'distill' ? spec.cfg.model : null;
    assert.ok(m?.kind === 'quantum_lenet' && m.freezeCircuit && m.residualBeta === undefined && !m.hermitianForm,
      `${name(at(k))}: only the circuit frozen`);
    assert.deepEqual(at(k).notebooks, ['03-stability-hermitian.ipynb']);
  }
  // Nothing after that reads Table I.
  const table1 = (r: (typeof order)[number]) => r.notebooks.some((n) => /^0[12]-/.test(n));
  assert.equal(order.slice(14 + expected.length).filter(table1).length, 0);
});
