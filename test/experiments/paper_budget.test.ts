/**
 * The paper-budget headline rows read from a run store: an unfinished run reports its latest
 * evaluation and checkpoint (hand-written metrics and a real checkpoint of the paper config), a
 * missing run no row; the figure has the curve and the paper's line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { disposeState, initState } from '../../src/distill/loop';
import { paperBudgetFigure, paperBudgetQueue, paperBudgetRuns, storeRuns } from '../../src/experiments/paper_budget';
import { runSpecDir } from '../../src/experiments/run_spec';
import { TABLE1_VARIANTS, table1Runs } from '../../src/experiments/table1';
import { profileNamed } from '../../src/results/profile';
import { saveCheckpoint } from '../../src/runs/checkpoint';
import { appendMetrics } from '../../src/runs/metrics';
import { createRunDir, runPaths } from '../../src/runs/run_dir';

test('paper-budget rows from the run store: an unfinished run at its latest ' +
  'evaluation; absent runs left out', async () => {
  assert.ok(await tf.setBackend('wasm'));
  const store = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-paper-budget-'));
  const saved = process.env.QDISTILL_RUNS_DIR;
  process.env.QDISTILL_RUNS_DIR = store;
  try {
    const paper = profileNamed('paper');
    const spec = table1Runs('mnist', paper, TABLE1_VARIANTS).distill.find((r) => r.seed === 0 &&
      r.variant.key === 'q-res-hermitian')!.run;
    const dir = runSpecDir(spec, 'paper');
    createRunDir(dir, spec.cfg, spec.cfg, null, 60000);
    const m = runPaths(dir).metrics;
    appendMetrics(m, { iteration: 2900, eval: { accuracies: [59.5], mean: 59.5, std: 0 }, test_examples: 1000 });
    appendMetrics(m, { iteration: 5800, eval: { accuracies: [66.1], mean: 66.1, std: 0 }, test_examples: 1000 });
    const state = { ...initState(spec.cfg), iteration: 6000 };
    saveCheckpoint(runPaths(dir).checkpoint, state, { configHash: 'h', seed: 0, seconds: 7200 });
    disposeState(state);
    const runs = paperBudgetRuns('mnist');
    assert.equal(runs.length, 1);
    assert.deepEqual(runs[0].row, {
      dataset: 'mnist', variant: 'q-res-hermitian', model: 'quantum_lenet', observable: 'hermitian', residual: true,
      seed: 0, status: 'unfinished', iteration: 6000, total_iterations: 400 * 58,
      accuracy: 66.1, accuracy_at: 5800, test_examples: 1000, paper_accuracy: 91.9, delta_vs_paper: -25.8,
      late_gain: null, hours: 2, run: path.basename(dir),
    });
    assert.deepEqual(runs[0].curve, [{ iteration: 2900, accuracy: 59.5 }, { iteration: 5800, accuracy: 66.1 }]);
    assert.deepEqual(paperBudgetRuns('cifar10'), []);
    const fig = paperBudgetFigure('t', runs);
    const data = fig.data as Array<{ x: number[]; y: number[] }>;
    assert.deepEqual([data[0].y, data[1].y, data[1].x], [[59.5, 66.1], [91.9, 91.9], [0, 23200]]);
  } finally {
    if (saved === undefined) delete process.env.QDISTILL_RUNS_DIR;
    else process.env.QDISTILL_RUNS_DIR = saved;
    fs.rmSync(store, { recursive: true, force: true });
  }
});

test('storeRuns: the standard profile\'s runs of every seed, ' +
  'a finished one at its final accuracy, labelled by seed', () => {
  const store = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-store-runs-'));
  const saved = process.env.QDISTILL_RUNS_DIR;
  process.env.QDISTILL_RUNS_DIR = store;
  try {
    const standard = profileNamed('standard');
    const runs = table1Runs('mnist', standard, TABLE1_VARIANTS).distill.filter((r) => r.variant.key === 'classical');
    assert.deepEqual(runs.map((r) => r.seed), [1, 2, 3]);
    for (const { run } of runs.slice(0, 2)) createRunDir(runSpecDir(run, 'standard'), run.cfg, run.cfg, null, 60000);
    const first = runSpecDir(runs[0].run, 'standard');
    fs.mkdirSync(path.join(first, 'final'));
    fs.writeFileSync(path.join(first, 'final', 'result.json'), JSON.stringify({
      iteration: 8190, eval: { accuracies: [90.2], mean: 90.2, std: 0 }, test_examples: 10000, seconds: 3600,
    }));
    const rows = storeRuns('mnist', 'standard');
    assert.deepEqual(rows.map((r) => [r.row.seed, r.row.status, r.row.accuracy, r.row.test_examples, r.row.hours]),
      [[1, 'finished', 90.2, 10000, 1], [2, 'unfinished', null, null, 0]]);
    assert.deepEqual(rows.map((r) => r.label), ['classical LeNet, seed 1', 'classical LeNet, seed 2']);
    assert.deepEqual(storeRuns('mnist', 'standard', [2]).map((r) => r.row.seed), [2]);
    const names = (paperBudgetFigure('t', rows).data as Array<{ name: string }>).map((d) => d.name);
    assert.deepEqual(names, [
      'classical LeNet, seed 1 (finished)', 'paper: classical LeNet 94 %', 'classical LeNet, seed 2 (unfinished)',
    ], 'the paper\'s line once per variant');
  } finally {
    if (saved === undefined) delete process.env.QDISTILL_RUNS_DIR;
    else process.env.QDISTILL_RUNS_DIR = saved;
    fs.rmSync(store, { recursive: true, force: true });
  }
});

test("paperBudgetQueue: the headline runs at seed 0 in the queue's order; the first three are the run store's " +
  'folders (made by store-distill.js from the Table I variants)', () => {
  const q = paperBudgetQueue();
  assert.deepEqual(q.map((r) => r.id.replace(/-[0-9a-f]{12}$/, '')), [
    'mnist-classical-fixed-s0', 'mnist-quantum-hermitian-res-fixed-s0',
    'mnist-quantum-hermitian-res-frozen-real-beta0.5-fixed-s0',
    'cifar10-quantum-hermitian-res-frozen-real-beta0.5-fixed-s0',
    'cifar10-classical-fixed-s0', 'cifar10-quantum-hermitian-res-fixed-s0', 'mnist-quantum-hermitian-fixed-s0',
    'mnist-quantum-hermitian_fixed-res-fixed-s0',
  ]);
  // as `node scripts/store-distill.js mnist VARIANT 0 paper --check` names them (numerics v3)
  assert.deepEqual(q.slice(0, 3).map((r) => r.id), ['mnist-classical-fixed-s0-8f6bea6c4163',
    'mnist-quantum-hermitian-res-fixed-s0-49a38ee0807e',
    'mnist-quantum-hermitian-res-frozen-real-beta0.5-fixed-s0-4e6c884c2af6']);
  for (const r of q) {
    assert.equal(r.spec.kind, 'distill');
    assert.ok(r.spec.kind === 'distill' && r.spec.cfg.seed === 0 && r.spec.cfg.epochs === 400, r.id);
  }
});
