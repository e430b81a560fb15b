/**
 * Notebook 06's methods: the equal-budget arithmetic (worked by hand), the config patches of
 * each method against the Table I protocol config, the cost-table lookup, and distinct runs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BEYOND_METHODS, BEYOND_VARIANTS, BeyondCost, beyondConfig, beyondRuns, budgetEpochs, distillConfig, methodCosts,
  methodScale, NOTEBOOK_RUNS, readNotebookVariantSpecs, runSpecDir,
} from '../../src/experiments';
import { profileNamed } from '../../src/results/profile';
import { DistillScale } from '../../src/results/profile';
import * as path from 'node:path';
import { REPO_ROOT } from '../../src/tools/jupyter-env';

const paper: DistillScale =
  { epochs: 10, decayEpochs: 5, batchSize: 512, seeds: [0, 1, 2], trainLimit: null, testLimit: null, evalEvery: 117 };

test('budget: epochs = max(1, round(E / r)), the decay keeps its share of the run', () => {
  assert.equal(budgetEpochs(10, 1), 10);
  assert.equal(budgetEpochs(10, 1.3), 8); // 7.69 → 8
  assert.equal(budgetEpochs(10, 2.5), 4);
  assert.equal(budgetEpochs(10, 0.8), 13); // 12.5 → 13 (a cheaper method gets more epochs)
  assert.equal(budgetEpochs(2, 5), 1); // never below one epoch
  assert.throws(() => budgetEpochs(10, 0), /positive cost ratio, received 0/);
  const s = methodScale(paper, 2.5);
  assert.equal(s.epochs, 4);
  assert.equal(s.decayEpochs, 2); // 5 × 4 / 10
  assert.deepEqual({ ...s, epochs: 10, decayEpochs: 5 }, paper, 'only the schedule changes');
});

test('method configs: the paper method is the Table I protocol config; ' +
  'soft/truncate fields exactly where expected', () => {
  const p = profileNamed('standard');
  const model = BEYOND_VARIANTS[1].model;
  const scale = p.beyond.mnist.paper;
  const cfgs = Object.fromEntries(
    BEYOND_METHODS.map((m) => [m, beyondConfig('mnist', model, 1, 'fixed', m, p.beyond, scale, 'standard')]));
  // At standard, the paper method at fixed initialisation is Table I's run itself.
  const table1 = distillConfig('mnist', model, 1, p.distill.mnist, 'standard');
  assert.deepEqual(cfgs.paper, table1);
  assert.deepEqual([table1.selectOnTrain, table1.updateClip, table1.batchSize], [10000, 1, 512]);
  assert.equal(cfgs.paper.distillEpochs, 3);
  assert.equal(cfgs.paper.learnLabels, undefined);
  assert.equal(cfgs.paper.truncate, undefined);
  assert.deepEqual(cfgs.soft, { ...table1, learnLabels: true });
  assert.deepEqual(cfgs.truncated, { ...table1, distillEpochs: 12, truncate: { window: 4, clip: 2 } });
  assert.deepEqual(cfgs.both, { ...table1, distillEpochs: 12, truncate: { window: 4, clip: 2 }, learnLabels: true });
  const random = beyondConfig('mnist', model, 1, 'random', 'paper', p.beyond, scale, 'standard');
  assert.deepEqual(random, { ...table1, init: 'random', evalInits: 10 });
  // Wang et al.'s layout: 10 steps of 1 image per class; the truncated methods train 6 passes (T = 60), window 10.
  const wang = { imagesPerClass: 1, distillSteps: 10, unroll: { distillEpochs: 6, window: 10, clip: 2 } };
  assert.deepEqual(p.beyond.mnist.randomLayout, wang);
  const wangCfg = (m: (typeof BEYOND_METHODS)[number]) =>
    beyondConfig('mnist', model, 1, 'random', m, p.beyond, scale, 'standard', wang);
  assert.deepEqual(wangCfg('paper'), { ...table1, init: 'random', evalInits: 10, distillSteps: 10 });
  assert.deepEqual(wangCfg('both'), { ...table1, init: 'random', evalInits: 10, distillSteps: 10, distillEpochs: 6,
    truncate: { window: 10, clip: 2 }, learnLabels: true });
  const quick = beyondConfig('mnist', model, 0, 'fixed', 'paper', profileNamed('quick').beyond, paper, 'quick');
  assert.equal(quick.selectOnTrain, undefined, 'no model selection at quick');
  assert.throws(() => beyondConfig('cifar10', model, 0, 'fixed', 'paper', profileNamed('quick').beyond, paper, 'quick'),
    /beyond\.cifar10 is null/);
});

test('cost table: ratios to the paper method; a missing shape names the script', () => {
  const shape = { dataset: 'mnist', model: 'classical', batch: 512, steps: 12, window: 4 } as const;
  const table: BeyondCost[] = [{ ...shape, imagesPerClass: 1, distillSteps: 1,
    seconds: { paper: 0.25, soft: 0.3125, truncated: 0.625, both: 0.75 }, repeats: 3 }];
  const ds = { paper, unroll: { distillEpochs: 12, window: 4, clip: 2 } };
  const classical = { kind: 'classical_lenet' };
  const c = methodCosts('mnist', classical, ds, undefined, table);
  assert.deepEqual(c.ratio, { paper: 1, soft: 1.25, truncated: 2.5, both: 3 });
  assert.throws(() => methodCosts('mnist', classical, { ...ds, paper: { ...paper, batchSize: 128 } }, undefined, table),
    /batch":128.*node scripts\/beyond-costs\.js/);
  // Another layout: 10 steps of 1 image per class, its own unroll (T = 6 passes, window 10).
  const wang = { imagesPerClass: 1, distillSteps: 10, unroll: { distillEpochs: 6, window: 10, clip: 2 } };
  assert.throws(() => methodCosts('mnist', classical, ds, wang, table),
    /"steps":6,"window":10,"imagesPerClass":1,"distillSteps":10}.*node scripts\/beyond-costs\.js/);
  // Ratios to the anchor (the paper method in the protocol's layout, same rounds), seconds
  // rescaled to the protocol entry's measurement: 0.25 × ratio.
  const ten: BeyondCost = { ...shape, steps: 6, window: 10, imagesPerClass: 1, distillSteps: 10, anchor: 0.2,
    seconds: { paper: 0.5, soft: 0.5, truncated: 0.8, both: 0.9 }, repeats: 3 };
  const r = methodCosts('mnist', classical, ds, wang, [...table, ten]);
  assert.deepEqual(r.ratio, { paper: 2.5, soft: 2.5, truncated: 4, both: 4.5 });
  assert.deepEqual(r.seconds, { paper: 0.625, soft: 0.625, truncated: 1, both: 1.125 });
  assert.throws(() => methodCosts('mnist', classical, ds, wang, [...table, { ...ten, anchor: undefined }]),
    /at 10 steps of 1 image per class has no anchor \(the paper method's seconds in the protocol's layout, measured/);
});

test("random initialisation on MNIST: also in Wang et al.'s layout, " +
  'at the fixed-init paper budget (epochs by hand)', () => {
  const p = profileNamed('standard');
  const runs = beyondRuns(p).filter((r) => r.dataset === 'mnist' && r.seed === 1);
  const epochs = (key: string, init: string, steps = 10) => Object.fromEntries(runs
    .filter((r) => r.variant.key === key && r.init === init && r.distillSteps === steps)
    .map((r) => [r.method, [r.run.cfg.distillSteps, r.run.cfg.epochs]]));
  // The protocol's 1 step: Table I's 70 epochs for the paper method, at either initialisation.
  assert.deepEqual(epochs('q-res-hermitian', 'fixed', 1).paper, [1, 70]);
  assert.deepEqual(epochs('q-res-hermitian', 'random', 1).paper, [1, 70]);
  // Random init in 10 steps, from src/experiments/beyond_costs.ts's standard entries of that layout:
  // QLeNet R+H anchor 0.3948 s: paper 2.7144 → 70 / 6.875 = 10.2 → 10; truncated 1.3147 → 21.0 → 21;
  // classical anchor 0.2121 s: soft 0.9566 → 70 / 4.510 = 15.5 → 16; truncated 0.5035 → 29.5 → 29;
  // both 0.4862 → 30.5 → 31.
  assert.deepEqual(epochs('q-res-hermitian', 'random'),
    { paper: [10, 10], soft: [10, 10], truncated: [10, 21], both: [10, 21] });
  assert.deepEqual(epochs('classical', 'random'),
    { paper: [10, 15], soft: [10, 16], truncated: [10, 29], both: [10, 31] });
  // CIFAR-10 keeps the protocol's layout, 10 per class in 1 step, at either initialisation.
  const cifar = beyondRuns(p).filter((r) => r.dataset === 'cifar10' && r.method === 'paper');
  const cfgs = cifar.map((r) => `${r.init} ${r.run.cfg.imagesPerClass} ${r.run.cfg.distillSteps} ${r.ratio}`);
  assert.deepEqual([...new Set(cfgs)],
    ['fixed 10 1 1', 'random 10 1 1']);
});

// Epochs of each method [paper, soft, truncated, both] under the paper method's budget of E epochs, by hand:
// max(1, round(E × s_paper / s_m)) with the seconds s of src/experiments/beyond_costs.ts at the profile's shape
// (in Wang et al.'s layout, ' wang', s_paper is the entry's anchor: the paper method in the protocol's layout,
// measured in the same rounds). Fixed and random initialisation in the protocol's layout share one entry.
const METHOD_ORDER = ['paper', 'soft', 'truncated', 'both'];
const EXPECTED_EPOCHS: Record<'quick' | 'standard' | 'paper', Record<string, number[]>> = {
  // quick, MNIST only, E = 1: in the protocol's layout s_paper / s_m is 0.94-1.22 (classical 0.5886 / 0.6279
  // = 0.94, / 0.4819 = 1.22, / 0.4829 = 1.22; QLeNet 0.8255 / 0.8396 = 0.98, / 0.7425 = 1.11, / 0.7029 = 1.17)
  // → 1; in Wang's layout (4 steps) 0.27-0.66 (classical anchor 0.1049 / 0.3638 = 0.29, / 0.3374 = 0.31,
  // / 0.1601 = 0.66, / 0.1650 = 0.64; QLeNet anchor 0.2472 / 0.8757 = 0.28, / 0.9173 = 0.27, / 0.4066 = 0.61,
  // / 0.3833 = 0.64) → 0 or 1, at least 1: 1.
  quick: {
    'mnist classical': [1, 1, 1, 1], 'mnist q-res-hermitian': [1, 1, 1, 1],
    'mnist classical wang': [1, 1, 1, 1], 'mnist q-res-hermitian wang': [1, 1, 1, 1],
  },
  standard: {
    // MNIST, E = 70. Classical: 70 × 0.2668 = 18.676; / 0.2666 = 70.05 → 70, / 0.3123 = 59.80 → 60,
    // / 0.3053 = 61.17 → 61.
    'mnist classical': [70, 70, 60, 61],
    // QLeNet R+H: 70 × 0.4290 = 30.03; / 0.4245 = 70.74 → 71, / 0.5288 = 56.79 → 57, / 0.5389 = 55.72 → 56.
    'mnist q-res-hermitian': [70, 71, 57, 56],
    // Wang's layout (10 steps), classical anchor: 70 × 0.2121 = 14.847; / 0.9816 = 15.13 → 15,
    // / 0.9566 = 15.52 → 16, / 0.5035 = 29.49 → 29, / 0.4862 = 30.54 → 31.
    'mnist classical wang': [15, 16, 29, 31],
    // QLeNet anchor: 70 × 0.3948 = 27.636; / 2.7144 = 10.18 → 10, / 2.7399 = 10.09 → 10,
    // / 1.3147 = 21.02 → 21, / 1.2964 = 21.32 → 21.
    'mnist q-res-hermitian wang': [10, 10, 21, 21],
    // CIFAR-10, E = 50. Classical: 50 × 0.6775 = 33.875; / 0.6744 = 50.23 → 50, / 0.9648 = 35.11 → 35,
    // / 0.9666 = 35.05 → 35.
    'cifar10 classical': [50, 50, 35, 35],
    // QLeNet: 50 × 0.8600 = 43.0; / 0.8672 = 49.58 → 50, / 1.2502 = 34.39 → 34, / 1.2452 = 34.53 → 35.
    'cifar10 q-res-hermitian': [50, 50, 34, 35],
  },
  paper: {
    // MNIST, E = 400. Classical: 400 × 1.1539 = 461.56; / 1.2744 = 362.18 → 362, / 0.9633 = 479.15 → 479,
    // / 1.2666 = 364.41 → 364.
    'mnist classical': [400, 362, 479, 364],
    // QLeNet: 400 × 0.8497 = 339.88; / 1.1717 = 290.07 → 290, / 1.0403 = 326.71 → 327, / 1.1337 = 299.80 → 300.
    'mnist q-res-hermitian': [400, 290, 327, 300],
    // Wang's layout, classical anchor: 400 × 0.4114 = 164.56; / 1.2168 = 135.24 → 135, / 1.3544 = 121.5003 → 122
    // (1.3544 × 121.5 = 164.5596 < 164.56), / 0.7642 = 215.34 → 215, / 0.7629 = 215.70 → 216.
    'mnist classical wang': [135, 122, 215, 216],
    // QLeNet anchor: 400 × 0.5335 = 213.4; / 2.6888 = 79.37 → 79, / 2.6877 = 79.40 → 79,
    // / 1.3315 = 160.27 → 160, / 1.3773 = 154.94 → 155.
    'mnist q-res-hermitian wang': [79, 79, 160, 155],
    // CIFAR-10, E = 400. Classical: 400 × 1.9376 = 775.04; / 1.5153 = 511.48 → 511, / 1.9618 = 395.07 → 395,
    // / 1.4507 = 534.25 → 534.
    'cifar10 classical': [400, 511, 395, 534],
    // QLeNet: 400 × 1.4213 = 568.52; / 1.2060 = 471.41 → 471, / 2.1467 = 264.83 → 265, / 1.8061 = 314.78 → 315.
    'cifar10 q-res-hermitian': [400, 471, 265, 315],
  },
};

for (const name of ['quick', 'standard', 'paper'] as const) {
  test(`${name}: every run of notebook 06 is distinct, seeds ≥ 3 beyond quick, ` +
    `equal budgets from the committed table`, () => {
    const p = profileNamed(name);
    const runs = beyondRuns(p);
    const dirs = new Set(runs.map((r) => runSpecDir(r.run, name)));
    // Settings: MNIST fixed, random, random in Wang et al.'s layout; CIFAR-10 fixed, random (none at quick).
    // × 2 models × 4 methods × the seeds (1 at quick, 3 beyond).
    assert.equal(runs.length, name === 'quick' ? 3 * 2 * 4 * 1 : (3 + 2) * 2 * 4 * 3);
    assert.equal(dirs.size, runs.length);
    if (name !== 'quick') assert.ok(p.beyond.mnist.paper.seeds.length >= 3 && p.beyond.evalInits >= 10);
    const seen = new Set<string>();
    for (const r of runs) {
      const key = `${r.dataset} ${r.variant.key}${r.run.cfg.distillSteps === 1 ? '' : ' wang'}`;
      seen.add(key);
      assert.equal(r.run.cfg.epochs, EXPECTED_EPOCHS[name][key][METHOD_ORDER.indexOf(r.method)],
        `${key}, ${r.init} init, ${r.method}`);
      const protocolLayout = r.run.cfg.imagesPerClass === (r.dataset === 'mnist' ? 1 : 10)
        && r.run.cfg.distillSteps === 1;
      if (r.method === 'paper' && protocolLayout) assert.equal(r.ratio, 1);
      // Wang et al.'s layout: 10 steps (quick: 4, a smoke run's shortcut).
      const layoutSteps = name === 'quick' ? 4 : 10;
      if (!protocolLayout) assert.ok(r.dataset === 'mnist' && r.init === 'random' && r.run.cfg.distillSteps === layoutSteps);
    }
    assert.deepEqual([...seen].sort(), Object.keys(EXPECTED_EPOCHS[name]).sort(), 'every shape of the table is run');
  });
}

test("the notebook's VARIANT_SPECS are the library's defaults", () => {
  const specs = readNotebookVariantSpecs(path.join(REPO_ROOT, 'notebooks', '06-beyond-the-paper.ipynb'));
  assert.deepEqual(specs, BEYOND_VARIANTS);
});

test("the plan lists notebook 06's runs from its configuration cell", () => {
  const p = profileNamed('standard');
  const fromPlan = NOTEBOOK_RUNS['06-beyond-the-paper.ipynb'](p).map((s) => runSpecDir(s, p.name));
  assert.deepEqual(fromPlan, beyondRuns(p).map((r) => runSpecDir(r.run, p.name)));
});
