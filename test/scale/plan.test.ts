/**
 * The plan (`planRuns`, `qdistill plan`): every notebook's cached runs listed once with the
 * notebooks that read them, their states from the cache (absent, partial at the checkpoint's
 * iteration, done), errors for unknown names; and the contract with the notebooks: after
 * `run-plan` has computed a notebook's runs, its study finds every one in the cache and
 * computes none.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { NOTEBOOK_RUNS, estimateLeft, planRuns, resolveNotebooks } from '../../src/experiments/notebook_runs';
import { variantStudyRuns } from '../../src/experiments/variant_study';
import { runRandomInit } from '../../src/experiments/random_init';
import { profileNamed } from '../../src/results/profile';
import { runCacheDir } from '../../src/results/paths';
import { runDistillation } from '../../src/runs/distill_run';
import { assertInputError, runCli } from '../cli/helpers';
import { freshDir } from '../runs/helpers';

before(async () => {
  assert.ok(await tf.setBackend('wasm'));
  process.env.QDISTILL_RUNS_DIR = freshDir('cache');
});

test('every committed reproduction notebook that computes runs is in the plan', () => {
  const notebooks = fs.readdirSync(path.join(__dirname, '..', '..', 'notebooks'))
    .filter((f) => /^\d\d-.*\.ipynb$/.test(f));
  const withRuns = notebooks.filter((f) => /run(Table1|Stability|RandomInit|ExecutionCost|VariantStudy|KdStudy)\(/.test(
    fs.readFileSync(path.join(__dirname, '..', '..', 'notebooks', f), 'utf8')));
  assert.deepEqual(withRuns.filter((f) => !(f in NOTEBOOK_RUNS)), []);
  assert.deepEqual(resolveNotebooks(['01', '12-oq3-multiqubit-hermitian', 'notebooks/03-stability-hermitian.ipynb']),
    ['01-table1-mnist.ipynb', '12-oq3-multiqubit-hermitian.ipynb', '03-stability-hermitian.ipynb']);
  assert.throws(() => resolveNotebooks(['98']),
    /notebook '98': expected one of 01-table1-mnist\.ipynb, .* \(or its number\)/);
});

test('planRuns lists each run once, names every notebook that reads it, and counts seeds × variants', () => {
  for (const name of ['quick', 'standard', 'paper']) {
    const p = profileNamed(name);
    const runs = planRuns(p);
    assert.equal(new Set(runs.map((r) => r.dir)).size, runs.length, `${name}: a run listed twice`);
    const t1 = planRuns(p, ['01']);
    assert.equal(t1.length, 7 * p.distill.mnist.seeds.length + 7,
      `${name}: Table I MNIST = 7 variants × seeds + 7 trainings`);
    // Table I's best row, first seed, is read by 01, 03, 05 and the open questions whose scale equals Table I's
    const best = runs.find((r) => r.spec.kind === 'distill' &&
      r.id.startsWith(`mnist-quantum-hermitian-res-fixed-s${p.distill.mnist.seeds[0]}-`))!;
    assert.ok(['01-table1-mnist.ipynb', '03-stability-hermitian.ipynb', '05-quantum-execution-cost.ipynb']
      .every((n) => best.notebooks.includes(n)), best.notebooks.join());
    assert.ok(runs.every((r) => r.state.status === 'absent' && r.remaining > 0));
  }
});

test('notebook 20\'s trainings are one entry that needs the cross-over\'s distillations; 21\'s needs nothing', () => {
  const p = profileNamed('standard');
  const runs = planRuns(p, ['20', '21']);
  const studies = runs.filter((r) => r.spec.kind === 'study');
  assert.deepEqual(studies.map((r) => r.id.slice(0, 9)), ['study-20-', 'study-21-']);
  const distills = runs.filter((r) => r.spec.kind === 'distill').map((r) => r.id);
  assert.equal(distills.length, p.kd.crossover.distill.seeds.length);
  assert.deepEqual(studies[0].spec.dependsOn, distills);
  assert.deepEqual(studies[1].spec.dependsOn, []);
});

test('states come from the cache: partial at the checkpoint\'s iteration, then done', async () => {
  const p = profileNamed('quick');
  const [run] = planRuns(p, ['05']);
  assert.equal(run.state.status, 'absent');
  assert.ok(run.spec.kind === 'distill');
  let stop = false;
  await runDistillation(run.spec.cfg, run.dir,
    { trainLimit: run.spec.trainLimit, testLimit: run.spec.testLimit ?? undefined, workers: 0,
    signal: { get aborted() { return stop; } }, onProgress: (e) => void (stop = e.iteration >= 2) });
  const partial = planRuns(p, ['05'])[0];
  assert.deepEqual(partial.state, { status: 'partial', iteration: 2 });
  assert.ok(partial.remaining < run.remaining);
  const r = await runCli(['plan', '--profile', 'quick', '--notebooks', '05', '--json'],
    { env: { QDISTILL_RUNS_DIR: process.env.QDISTILL_RUNS_DIR! } });
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout);
  assert.deepEqual([json.profile, json.runs.length, json.partial, json.runs[0].state, json.runs[0].iteration],
    ['quick', 1, 1, 'partial', 2]);
  assert.equal(json.runs[0].dir, run.dir);
  assert.deepEqual(json.runs[0].notebooks, ['05-quantum-execution-cost.ipynb']);
});

test('plan as text: every run id stands apart from its notebooks, the longest included', async () => {
  const r = await runCli(['plan', '--profile', 'standard', '--notebooks', '02'], {
    env: { QDISTILL_RUNS_DIR: process.env.QDISTILL_RUNS_DIR! },
  });
  assert.equal(r.code, 0, r.stderr);
  const rows = r.stdout.split('\n').filter((l) => /^\s*\d+ {2}/.test(l));
  assert.ok(rows.some((l) => l.includes('train-cifar10-quantum-hermitian_fixed-res-s0-')), 'the longest id is listed');
  for (const l of rows) assert.match(l, /-[0-9a-f]{12} {2,}02$/, l);
});

test('plan and run-plan: wrong options are usage errors (exit 2, one line)', async () => {
  const runs = await Promise.all([
    runCli(['plan', '--profile', 'huge']),
    runCli(['plan', '--notebooks', '7']),
    runCli(['run-plan', '--executor', 'ssh']),
    runCli(['run-plan', '--partition', 'gpu']),
    runCli(['run-one', 'plan.json', 'x']),
  ]);
  assertInputError(runs[0], /--profile: expected one of quick, standard, paper, received "huge"/, 'qdistill plan: ');
  assertInputError(runs[1], /notebook '7': expected one of/, 'qdistill plan: ');
  assertInputError(runs[2], /option --executor: expected local or slurm, received 'ssh'/, 'qdistill run-plan: ');
  assertInputError(runs[3], /option --partition: only with --executor slurm/, 'qdistill run-plan: ');
  assertInputError(runs[4], /INDEX: expected a run index, a non-negative integer \(0, 1, …\), received 'x'/,
    'qdistill run-one: ');
});

test('after run-plan computed notebook 04\'s runs, its study computes none and rewrites nothing [wasm]', async () => {
  process.env.QDISTILL_RUNS_DIR = freshDir('cache-04');
  const r = await runCli(['run-plan', '--profile', 'quick', '--notebooks', '04', '--jobs', '2'],
    { backend: 'wasm', env: { QDISTILL_RUNS_DIR: process.env.QDISTILL_RUNS_DIR } });
  assert.equal(r.code, 0, r.stderr);
  const cache = runCacheDir('quick');
  const listing = () => fs.readdirSync(cache).filter((f) => !f.startsWith('.')).sort()
    .map((f) => `${f} ${fs.existsSync(path.join(cache, f, 'metrics.jsonl'))
      ? fs.statSync(path.join(cache, f, 'metrics.jsonl')).mtimeMs : ''}`);
  const before = listing();
  assert.equal(before.length, planRuns(profileNamed('quick'), ['04']).length);
  const lines: string[] = [];
  await runRandomInit(profileNamed('quick'), { print: (l) => lines.push(l), workers: 0 });
  assert.deepEqual(listing(), before, 'the study created or rewrote a run');
  assert.ok(planRuns(profileNamed('quick'), ['04']).every((x) => x.state.status === 'done'));
});

test('estimateLeft: each distinct run once, from the cache ' +
  '(a copy of a notebook with other variants gets an estimate too)', async () => {
  process.env.QDISTILL_RUNS_DIR = freshDir('cache-left');
  const p = profileNamed('quick');
  const runs = planRuns(p, ['05']);
  const spec = runs[0].spec;
  assert.equal(estimateLeft([spec, spec, { run: spec }], 'quick'), spec.estimate, 'listed three times, counted once');
  const custom = variantStudyRuns('mnist',
    [{ key: 'mine', label: 'my variant', model: { kind: 'quantum_lenet', qubits: 4, layers: 1 } }], p);
  assert.ok(estimateLeft(custom, 'quick') > 0);
  assert.ok(spec.kind === 'distill');
  await runDistillation(spec.cfg, runs[0].dir,
    { trainLimit: spec.trainLimit, testLimit: spec.testLimit ?? undefined, workers: 0 });
  assert.equal(estimateLeft([spec], 'quick'), 0, 'a finished run costs nothing');
});
