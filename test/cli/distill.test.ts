/**
 * `qdistill distill`, `eval` and `train` end to end through the subprocess (tsx, wasm) on tiny
 * configs ($QDISTILL_TRAIN_LIMIT / $QDISTILL_TEST_LIMIT cut the data): a complete run and its
 * files, eval of that run, Ctrl-C and --resume (the same final set as the uninterrupted run),
 * the run-directory and config errors (exit 2), the NaN guard (exit 1), train.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { MAIN, REPO_ROOT, assertInputError, runCli, tempDir, writeTempJson } from './helpers';

const ENV = { QDISTILL_TRAIN_LIMIT: '64', QDISTILL_TEST_LIMIT: '200' };
const run = (args: string[]) => runCli(args, { backend: 'wasm', env: ENV });

const tinyConfig = (extra: Record<string, unknown> = {}) => ({
  dataset: 'mnist', model: { kind: 'quantum_lenet', qubits: 2, layers: 1 }, distillSteps: 1, distillEpochs: 2,
  batchSize: 16,
  epochs: 2, seed: 9, init: 'random', evalInits: 2, evalEvery: 4, evalTestLimit: 50, checkpointEvery: 3, ...extra,
});
const CONFIG = writeTempJson(tinyConfig(), 'tiny.json');
let counter = 0;

/**
 * The printed mean and sample std of two draws a, b, by hand: (a + b) / 2 and |a − b| / √2 (the divisor
 * n − 1 = 1; the population std would print |a − b| / 2).
 */
function assertTwoDraws(line: string, [a, b]: number[]) {
  const m = /test accuracy (\d+\.\d\d) % \(mean of 2 \w+, sample std (\d+\.\d\d)\)/.exec(line);
  assert.ok(m, `expected a mean of 2 with its sample std in ${JSON.stringify(line)}`);
  assert.equal(m[1], ((a + b) / 2).toFixed(2), `mean of ${a}, ${b}`);
  assert.equal(m[2], (Math.abs(a - b) / Math.SQRT2).toFixed(2), `sample std of ${a}, ${b}`);
}
const runDirArg = () => path.join(tempDir(), `run-${counter++}`);

/** The uninterrupted run of CONFIG, shared by the tests. */
let reference: Promise<{ dir: string; stdout: string }> | null = null;
function referenceRun() {
  reference ??= (async () => {
    const dir = runDirArg();
    const r = await run(['distill', CONFIG, '--run-dir', dir]);
    assert.equal(r.code, 0, r.stderr);
    return { dir, stdout: r.stdout };
  })();
  return reference;
}

test('distill CONFIG: a complete run; stdout is one accuracy line; the run directory is complete', async () => {
  const { dir, stdout } = await referenceRun();
  assert.match(stdout, /^.*run-\d+: test accuracy \d+\.\d\d % \(mean of 2 initialisations, sample std \d+\.\d\d\); 200 test examples, 8 iterations\n$/);
  const final = JSON.parse(fs.readFileSync(path.join(dir, 'final', 'result.json'), 'utf8'));
  assertTwoDraws(stdout, final.eval.accuracies);
  for (const f of ['config.json', 'metrics.jsonl', 'final/images.bin', 'final/images.json',
    'final/lrs.json', 'final/grid.png', 'final/result.json']) {
    assert.ok(fs.existsSync(path.join(dir, f)), f);
  }
  assert.equal(fs.existsSync(path.join(dir, 'checkpoint')), false, 'a finished run drops its checkpoint');
  const lines = fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.equal(lines.filter((l) => 'loss' in l).length, 8);
  assert.deepEqual(JSON.parse(fs.readFileSync(path.join(dir, 'config.json'), 'utf8')).input, tinyConfig());
});

test('eval RUN_DIR re-evaluates the final set and prints mean ± std over the initialisations', async () => {
  const { dir } = await referenceRun();
  const [human, json] =
    await Promise.all([run(['eval', dir, '--test-limit', '100']), run(['eval', dir, '--test-limit', '200', '--json'])]);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /\(final, iteration 8\): test accuracy \d+\.\d\d % \(mean of 2 initialisations, sample std \d+\.\d\d\) \[\d+\.\d\d, \d+\.\d\d\]; 100 test examples\n$/);
  assert.equal(json.code, 0, json.stderr);
  const out = JSON.parse(json.stdout);
  const result = JSON.parse(fs.readFileSync(path.join(dir, 'final', 'result.json'), 'utf8'));
  assert.deepEqual(out.eval, result.eval, 'the same accuracies as the run\'s final evaluation');
  const listed = /\[(\d+\.\d\d), (\d+\.\d\d)\]/.exec(human.stdout)!.slice(1).map(Number);
  assertTwoDraws(human.stdout, listed);
  const [base, baseJson] = await Promise.all([run(['eval', dir, '--test-limit', '100', '--random-real', '1']),
    run(['eval', dir, '--test-limit', '100', '--random-real', '1', '--json'])]);
  assert.equal(base.code, 0, base.stderr);
  assert.equal(baseJson.code, 0, baseJson.stderr);
  assert.match(base.stdout,
    /\nrandom real images, same count: test accuracy \d+\.\d\d % \(mean of 2 networks, sample std \d+\.\d\d\)\n$/);
  assertTwoDraws(base.stdout.split('\n').at(-2)!, JSON.parse(baseJson.stdout).random_real.accuracies);
});

test('Ctrl-C stops with a checkpoint and exit 130; --resume finishes with the same final set', async (t) => {
  const { dir: ref } = await referenceRun();
  const dir = runDirArg();
  const env: NodeJS.ProcessEnv = { ...process.env, QDISTILL_BACKEND: 'wasm', ...ENV };
  delete env.NODE_TEST_CONTEXT;
  const child =
    spawn(process.execPath, ['--import', 'tsx', MAIN, 'distill', CONFIG, '--run-dir', dir], { cwd: REPO_ROOT, env });
  t.after(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdout.resume();
  let closed = false;
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => {
    closed = true;
    resolve(code);
  }));
  const metrics = path.join(dir, 'metrics.jsonl');
  const lossLines = () => (fs.existsSync(metrics)
    ? fs.readFileSync(metrics, 'utf8').split('\n').filter((l) => l.includes('"loss"')).length : 0);
  // Wait for the second iteration, but not past the child's exit or a deadline.
  const deadline = Date.now() + 180_000;
  while (lossLines() < 2) {
    if (closed) assert.fail(`the run exited with ${await exited} before its second iteration:\n${stderr}`);
    if (Date.now() > deadline) assert.fail(`no second iteration within 180 s:\n${stderr}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGINT');
  const code = await exited;
  assert.equal(code, 130, stderr);
  assert.match(stderr, /SIGINT received; stopping after the current iteration/);
  assert.match(stderr, /qdistill distill: interrupted at iteration \d\/8; checkpoint saved; continue with: qdistill distill .*tiny\.json --run-dir .* --resume\n$/);
  assert.equal(fs.existsSync(path.join(dir, 'final')), false);
  const resumed = await run(['distill', CONFIG, '--run-dir', dir, '--resume']);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.match(resumed.stderr, /resuming at iteration \d\/8/);
  for (const f of ['images.bin', 'lrs.json']) {
    assert.ok(fs.readFileSync(path.join(dir, 'final', f)).equals(fs.readFileSync(path.join(ref, 'final', f))),
      `final/${f} identical to the uninterrupted run`);
  }
});

test('input errors exit 2 with one stderr line: invalid config field, bad JSON, existing run, ' +
  'changed config on --resume', async () => {
  const { dir } = await referenceRun();
  const bad = writeTempJson(tinyConfig({ distillLr: -1 }), 'bad.json');
  const broken = writeTempJson('{"dataset": ', 'broken.json');
  const changed = writeTempJson(tinyConfig({ model: { kind: 'quantum_lenet', qubits: 3, layers: 1 } }), 'changed.json');
  const cases: Array<[string[], RegExp]> = [
    [['distill', bad], /bad\.json: distillLr: expected a positive finite number, received -1$/],
    [['distill', broken], /broken\.json: expected valid JSON/],
    [['distill', path.join(tempDir(), 'none.json')], /none\.json: expected a readable JSON file, received ENOENT/],
    [['distill', CONFIG, '--run-dir', dir],
      /holds a run already: continue it with --resume, or choose another directory with --run-dir$/],
    [['distill', changed, '--run-dir', dir, '--resume'],
      /^qdistill distill: model\.qubits: expected 2 as in the run's .*config\.json, received 3;/],
    [['distill', CONFIG, '--run-dir', runDirArg(), '--resume'],
      /expected a run directory holding config\.json, found none/],
    [['eval', runDirArg()], /expected a run directory holding config\.json, found none/],
    [['train', bad], /bad\.json: distillSteps: expected one of the fields dataset, model, epochs, batchSize, lr, seed/],
    [['distill'], /expected one CONFIG file, received none/],
  ];
  const results = await Promise.all(cases.map(([args]) => run(args)));
  results.forEach((r, i) => assertInputError(r, cases[i][1], `qdistill ${cases[i][0][0]}: `));
});

test('NaN guard: an absurd lr exits 1 naming the iteration and the kept checkpoint', async () => {
  const r = await run(['distill', writeTempJson(tinyConfig({ lr: 1e30 }), 'nan.json'), '--run-dir', runDirArg()]);
  assert.equal(r.code, 1, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /qdistill distill: .*iteration \d\/8 diverged .*The last good checkpoint \(iteration \d\) is kept in .*checkpoint; try a smaller lr/);
});

test('train CONFIG prints the test accuracy of the full-data baseline', async () => {
  const cfg = writeTempJson({ dataset: 'mnist', model: { kind: 'classical_lenet' }, epochs: 1, batchSize: 32, seed: 2 },
    'train.json');
  const [human, json] = await Promise.all([run(['train', cfg]), run(['train', cfg, '--json'])]);
  assert.equal(human.code, 0, human.stderr);
  assert.match(human.stdout, /train\.json: test accuracy \d+\.\d\d % \(classical_lenet on mnist, 1 epoch on 64 training examples, 200 test examples\)\n$/);
  assert.equal(json.code, 0, json.stderr);
  const out = JSON.parse(json.stdout);
  assert.deepEqual([out.train_examples, out.test_examples, out.epochs, out.epoch_losses.length], [64, 200, 1, 1]);
  assert.ok(out.accuracy >= 0 && out.accuracy <= 100);
});

test('distill --workers 0, 1 and 3: bitwise the same final set, learning rates and losses', async () => {
  const cfg = writeTempJson(tinyConfig({ init: 'fixed',
    model: { kind: 'quantum_lenet', qubits: 2, layers: 1, residual: true }, epochs: 1, evalEvery: 0 }), 'workers.json');
  const dirs = [0, 1, 3].map(() => runDirArg());
  const runs = await Promise.all(
    [0, 1, 3].map((w, k) => run(['distill', cfg, '--run-dir', dirs[k], '--workers', String(w), '--json'])));
  runs.forEach((r, k) => assert.equal(r.code, 0, `--workers ${[0, 1, 3][k]}: ${r.stderr}`));
  const read = (dir: string, f: string) => fs.readFileSync(path.join(dir, f));
  const losses = (dir: string) => read(dir, 'metrics.jsonl').toString().trim().split('\n').map((l) => JSON.parse(l))
    .filter((l) => 'loss' in l).map((l) => l.loss);
  assert.equal(losses(dirs[0]).length, 4);
  for (const k of [1, 2]) {
    assert.ok(read(dirs[k], 'final/images.bin').equals(read(dirs[0], 'final/images.bin')),
      `images.bin, --workers ${[0, 1, 3][k]}`);
    assert.ok(read(dirs[k], 'final/lrs.json').equals(read(dirs[0], 'final/lrs.json')),
      `lrs.json, --workers ${[0, 1, 3][k]}`);
    assert.deepEqual(losses(dirs[k]), losses(dirs[0]));
  }
  const threads = dirs.map((d) => JSON.parse(read(d, 'final/result.json').toString()).provenance.threads);
  assert.deepEqual(threads, [1, 2, 4], 'result.json records the threads of each run');
});
