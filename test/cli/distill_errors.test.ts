/**
 * `qdistill distill`, `train` and `eval` on bad input, through the subprocess: every mistake is
 * one stderr line with exit 2 before any work, and leaves no run directory behind; a run whose
 * state cannot be allocated creates none; train warns about a batch larger than the training
 * set; eval of a checkpoint starts the chosen backend before reading it (no TF.js banner); eval of a
 * set whose images the run store left out says how to recompute them.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { parseDistillConfig } from '../../src/distill/config';
import { runDistillation } from '../../src/runs/distill_run';
import { trimFinalImages } from '../../src/runs/final_trim';
import { assertInputError, runCli, tempDir, writeTempJson } from './helpers';

before(async () => assert.ok(await tf.setBackend('wasm')));

const ENV = { QDISTILL_TRAIN_LIMIT: '64', QDISTILL_TEST_LIMIT: '200' };
const run = (args: string[]) => runCli(args, { backend: 'wasm', env: ENV });
const tinyConfig = (extra: Record<string, unknown> = {}) => ({
  dataset: 'mnist', model: { kind: 'quantum_lenet', qubits: 2, layers: 1 }, distillSteps: 1, distillEpochs: 2,
  batchSize: 16, epochs: 1, seed: 9, evalTestLimit: 50, ...extra,
});
let counter = 0;
const runDirArg = () => path.join(tempDir(), `errors-run-${counter++}`);

test('distill and train: bad input exits 2 before any work and leaves no run directory', async () => {
  const config = writeTempJson(tinyConfig(), 'ok.json');
  const dirs = Array.from({ length: 5 }, runDirArg);
  const cases: Array<[string[], RegExp]> = [
    [['distill', config, '--run-dir', dirs[0], '--workers', '64'],
      /option --workers: expected an integer from 0 to 7 \(the config's shards − 1; .*\), received 64$/],
    [['distill', writeTempJson(tinyConfig({ shards: 2 }), 'two.json'), '--run-dir', dirs[1], '--workers', '2'],
      /option --workers: expected an integer from 0 to 1 .*received 2$/],
    [['distill', config, '--run-dir='], /--run-dir: expected a directory path, received ''$/],
    [['distill', writeTempJson(tinyConfig({ seed: 4294967296 }), 'seed.json'), '--run-dir', dirs[2]],
      /seed\.json: seed: expected an integer from 0 to 4294967295, received 4294967296$/],
    [['distill', writeTempJson(tinyConfig({ seed: null }), 'null.json'), '--run-dir', dirs[3]],
      /null\.json: seed: expected an integer from 0 to 4294967295, received null$/],
    [['distill', writeTempJson(tinyConfig({ imagesPerClass: 10000000 }), 'huge.json'), '--run-dir', dirs[4]],
      /huge\.json: imagesPerClass: expected at most 68478 with distillSteps 1 on mnist \(.*\), received 10000000$/],
    [['train', writeTempJson({ dataset: 'mnist', seed: 4294967296 }, 'train-seed.json')],
      /train-seed\.json: seed: expected an integer from 0 to 4294967295, received 4294967296$/],
  ];
  const results = await Promise.all(cases.map(([args]) => run(args)));
  results.forEach((r, i) => assertInputError(r, cases[i][1], `qdistill ${cases[i][0][0]}: `));
  for (const d of dirs) assert.equal(fs.existsSync(d), false, `${d} must not be created`);
});

test('a run whose state cannot be allocated creates no run directory (a rerun is not "a run already")', async () => {
  const cfg = { ...parseDistillConfig(tinyConfig()), imagesPerClass: 10000000 }; // past the parser's bound
  const dir = runDirArg();
  await assert.rejects(runDistillation(cfg, dir, { trainLimit: 64, workers: 0 }), RangeError);
  assert.equal(fs.existsSync(dir), false);
});

test('train: a batchSize larger than the training set is a warning on stderr', async () => {
  const cfg = writeTempJson({ dataset: 'mnist', model: { kind: 'classical_lenet' }, epochs: 1, batchSize: 100 },
    'big-batch.json');
  const r = await run(['train', cfg]);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /qdistill train: warning: batchSize 100 exceeds the 64 training examples; every batch is all/);
});

test('eval of a checkpoint: the chosen backend starts first, so no TF.js banner', async () => {
  const dir = runDirArg();
  const out = await runDistillation(parseDistillConfig(tinyConfig()), dir,
    { trainLimit: 64, workers: 0, signal: { aborted: true } });
  assert.equal(out.status, 'interrupted');
  const r = await run(['eval', dir, '--test-limit', '50']);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /\(checkpoint, iteration 0\): test accuracy/);
  assert.doesNotMatch(r.stderr, /Hi, looks like you are running TensorFlow\.js/);
  assert.match(r.stderr, /^qdistill: TF\.js backend 'wasm'\n/);
});

test('eval of a finished set whose images the store left out: exit 2, one line saying how to get them back',
  async () => {
    const dir = path.join(tempDir(), 'standard', 'mnist-tiny-s9-0123456789ab'); // as in a run store
    const out = await runDistillation(parseDistillConfig(tinyConfig()), dir, { trainLimit: 64, workers: 0 });
    assert.equal(out.status, 'completed');
    trimFinalImages(path.join(dir, 'final'));
    const r = await run(['eval', dir, '--test-limit', '50']);
    assert.equal(r.code, 2, r.stderr);
    assert.equal(r.stdout, '');
    const lines = r.stderr.split('\n');
    assert.deepEqual([lines[0], lines.length, lines[2]], ["qdistill: TF.js backend 'wasm'", 3, ''], r.stderr);
    assert.match(lines[1], new RegExp(`^qdistill eval: ${dir}: the run store keeps this finished set's images ` +
      'only as ' +
      'their sha256 \\([0-9a-f]{12}…, final/images\\.bin\\.sha256\\)\\. To get them back, .*QDISTILL_RUNS_DIR=DIR ' +
      'node scripts/run-queue\\.js standard --only=mnist-tiny-s9-0123456789ab; then DIR/standard/'));
  });
