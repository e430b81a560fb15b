/**
 * Whole runs on a tiny config (quantum LeNet, 2 qubits, 64 MNIST training examples, 8
 * iterations): the files of a run, interruption and resume (bitwise the same result), resume
 * after a crash, the run-directory and config checks, the NaN guard, and flat memory.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { NonFiniteError } from '../../src/util/errors';
import { gridSize } from '../../src/image/grid';
import { loadCheckpoint, readCheckpointManifest } from '../../src/runs/checkpoint';
import { RunSetupError } from '../../src/runs/errors';
import { RunOptions, runDistillation } from '../../src/runs/distill_run';
import { readRunInfo, runPaths } from '../../src/runs/run_dir';
import { readDistilledSet, softplus } from '../../src/runs/final_set';
import { decodePng } from '../image/decode_png';
import { NUMERICS_VERSION } from '../../src/numerics';
import { TEST_LIMIT, TRAIN_LIMIT, bytesOf, freshDir, metricsOf, tiny, tinyRaw } from './helpers';

before(async () => assert.ok(await tf.setBackend('wasm')));

const cfg = tiny({ init: 'random' });
const opts = (extra: RunOptions = {}): RunOptions =>
  ({ trainLimit: TRAIN_LIMIT, testLimit: TEST_LIMIT, input: tinyRaw({ init: 'random' }), ...extra });

/** softplus in plain float64: log(1 + eˣ), with log(1 + eˣ) = x + log(1 + e⁻ˣ) ≈ x + e⁻ˣ past 30 (no overflow). */
const refSoftplus = (x: number) => (x > 30 ? x + Math.exp(-x) : Math.log1p(Math.exp(x)));

test('softplus of final_set (lrs.json) against float64 log(1 + eˣ): small, negative and large arguments', () => {
  for (const x of [0, 1, -3, -20, 2.5, -0.01, 30, 45, 1000, -800]) {
    const got = softplus(x), want = refSoftplus(x);
    assert.ok(Math.abs(got - want) <= 1e-12 * Math.max(1, Math.abs(want)), `softplus(${x}) = ${got}, expected ${want}`);
  }
  // By hand: ln 2; ln(1 + e⁻³) = 0.0485873515737420…; 30 + e⁻³⁰ ≈ 30 + 9.4e-14; e⁻⁸⁰⁰ underflows to 0.
  assert.ok(Math.abs(softplus(0) - Math.LN2) < 1e-15);
  assert.ok(Math.abs(softplus(-3) - 0.048587351573742) < 1e-14);
  assert.ok(Math.abs(softplus(30) - 30) < 1e-12 && softplus(30) >= 30);
  assert.equal(softplus(1000), 1000, 'no overflow for large x');
  assert.ok(softplus(-40) > 0 && Math.abs(softplus(-40) / Math.exp(-40) - 1) < 1e-12, 'log(1 + eˣ) ≈ eˣ for x ≪ 0');
});

/** The uninterrupted reference run, shared by the tests below. */
let reference: Promise<string> | null = null;
function referenceRun(): Promise<string> {
  reference ??= (async () => {
    const dir = freshDir('reference');
    const r = await runDistillation(cfg, dir, opts());
    assert.equal(r.status, 'completed');
    return dir;
  })();
  return reference;
}

test('a run writes config.json, metrics.jsonl and final/ (images, lrs, grid.png, result); drops checkpoint/ at the end', async () => {
  const tensors = tf.memory().numTensors;
  const dir = await referenceRun();
  assert.equal(tf.memory().numTensors, tensors, 'no tensors left after the run');
  const info = readRunInfo(dir);
  assert.deepEqual(info.config, cfg);
  assert.deepEqual(info.input, tinyRaw({ init: 'random' }));
  assert.equal(info.trainLimit, TRAIN_LIMIT);
  const m = metricsOf(dir);
  assert.deepEqual(m.iterations, [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.ok(m.losses.every((l) => Number.isFinite(l) && l > 0));
  const lines = fs.readFileSync(path.join(dir, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  assert.deepEqual(Object.keys(lines[0]), ['iteration', 'epoch', 'loss', 'lr', 'seconds']);
  assert.deepEqual(lines.filter((l) => 'epoch' in l).map((l) => l.epoch), [0, 0, 0, 0, 1, 1, 1, 1]);
  assert.equal(m.evals.length, 2, 'one intermediate (evalEvery 4) and the final evaluation');
  const [mid, fin] = m.evals as Array<{ iteration: number; eval: { accuracies: number[]; mean: number; std: number };
    test_examples: number; final?: boolean }>;
  assert.deepEqual([mid.iteration, mid.test_examples, mid.eval.accuracies.length], [4, 50, 2]);
  assert.deepEqual([fin.iteration, fin.test_examples, fin.final], [8, TEST_LIMIT, true]);
  assert.equal(fs.existsSync(path.join(dir, 'checkpoint')), false, 'final/ holds the set: no checkpoint is kept');
  const meta = JSON.parse(bytesOf(dir, 'final', 'images.json').toString());
  assert.deepEqual([meta.shape, meta.dtype, meta.byteOrder, meta.mean, meta.std],
    [[2, 10, 28, 28, 1], 'float32', 'little-endian', [0.1307], [0.3081]]);
  assert.equal(bytesOf(dir, 'final', 'images.bin').length, 2 * 10 * 28 * 28 * 4);
  const lrs = JSON.parse(bytesOf(dir, 'final', 'lrs.json').toString());
  assert.equal(lrs.raw.length, 2);
  assert.equal(lrs.softplus.length, 2);
  lrs.raw.forEach((r: number, i: number) => assert.ok(Math.abs(lrs.softplus[i] - refSoftplus(r)) <= 1e-12,
    `lrs.json softplus[${i}] = ${lrs.softplus[i]}, float64 log(1 + e^${r}) = ${refSoftplus(r)}`));
  const png = decodePng(bytesOf(dir, 'final', 'grid.png'));
  assert.deepEqual({ width: png.width, height: png.height }, gridSize(2, 10, 28, 28));
  assert.equal(png.colorType, 0);
  const result = JSON.parse(bytesOf(dir, 'final', 'result.json').toString());
  assert.deepEqual(result.eval, fin.eval);
  assert.equal(result.iteration, 8);
  assert.equal(result.seeds.length, 2);
  // Circuit executions of the outer iterations, by hand: per iteration, one unroll (2 inner steps
  // on 10 synthetic images) and the 16 real images, all under a tape, whatever the thread count.
  // On hardware each circuit runs once per setting (3 for a one-qubit Hermitian) and, for its
  // gradient, twice per gate angle (6 circuit weights + 3 AmplitudeEmbedding angles).
  assert.deepEqual(result.executions,
    { forward: 8 * 36, gradient: 8 * 36, hardwareCircuits: 8 * 36 * 3 * (1 + 2 * (6 + 3)) });
  assert.equal(result.provenance.numericsVersion, NUMERICS_VERSION);
  assert.equal(result.provenance.backend, 'wasm');
  assert.ok(Number.isInteger(result.provenance.threads) && result.provenance.threads >= 1);
  assert.match(String(result.provenance.git.commit), /^[0-9a-f]{40}$/);
});

test('interrupted after 2 iterations with no worker, resumed with 3: ' +
  'bitwise the same final set, losses and evaluation', async () => {
  const ref = await referenceRun(); // default worker count
  const dir = freshDir('interrupted');
  const signal = { aborted: false };
  const first = await runDistillation(cfg, dir,
    opts({ workers: 0, signal, onProgress: (p) => void (p.iteration === 2 && (signal.aborted = true)) }));
  assert.deepEqual([first.status, first.iteration], ['interrupted', 2]);
  assert.equal(readCheckpointManifest(path.join(dir, 'checkpoint'))!.manifest.iteration, 2,
    'a checkpoint at the interruption');
  assert.equal(fs.existsSync(path.join(dir, 'final')), false);
  const hash = readRunInfo(dir).configHash;
  const partial = readDistilledSet(runPaths(dir), cfg, hash);
  assert.deepEqual([partial.source, partial.iteration, partial.shape], ['checkpoint', 2, [2, 10, 28, 28, 1]],
    'eval reads the checkpoint of an unfinished run');
  const second = await runDistillation(cfg, dir, opts({ resume: true, workers: 3 }));
  assert.equal(second.status, 'completed');
  assert.equal(second.final!.provenance!.threads, 4);
  const done = readDistilledSet(runPaths(dir), cfg, hash);
  assert.deepEqual([done.source, done.iteration], ['final', 8]);
  assert.ok(Buffer.from(done.images.buffer).equals(bytesOf(ref, 'final', 'images.bin')));
  for (const f of ['images.bin', 'lrs.json'])
    assert.ok(bytesOf(dir, 'final', f).equals(bytesOf(ref, 'final', f)), `final/${f} identical`);
  assert.deepEqual(metricsOf(dir).losses, metricsOf(ref).losses);
  assert.deepEqual(metricsOf(dir).evals, metricsOf(ref).evals);
  assert.deepEqual(second.final!.executions, JSON.parse(bytesOf(ref, 'final', 'result.json').toString()).executions,
    'execution counts survive the interruption');
});

test('resumed after a crash past the last checkpoint (and a torn metrics line): the same run', async () => {
  const ref = await referenceRun();
  const dir = freshDir('crashed');
  const crash = await runDistillation(cfg, dir, opts({ onProgress: (p) => {
    if (p.iteration === 5) throw new Error('simulated crash');
  } })).catch((e: Error) => e);
  assert.match(String(crash), /simulated crash/);
  fs.appendFileSync(path.join(dir, 'metrics.jsonl'), '{"iteration": 6, "ep');
  assert.equal(readCheckpointManifest(path.join(dir, 'checkpoint'))!.manifest.iteration, 3, 'checkpointEvery 3');
  const log: string[] = [];
  await runDistillation(cfg, dir, opts({ resume: true, log: (m) => log.push(m) }));
  assert.match(log.join('\n'), /resuming at iteration 3\/8/);
  assert.ok(bytesOf(dir, 'final', 'images.bin').equals(bytesOf(ref, 'final', 'images.bin')));
  assert.deepEqual(metricsOf(dir).iterations, [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.deepEqual(metricsOf(dir).losses, metricsOf(ref).losses);
  assert.deepEqual(metricsOf(dir).evals, metricsOf(ref).evals);
});

test('run directory checks: an existing run needs --resume; a resume must use the same config', async () => {
  const ref = await referenceRun();
  const setup = (re: RegExp) => (e: unknown) => e instanceof RunSetupError && re.test(e.message);
  await assert.rejects(runDistillation(cfg, ref, opts()),
    setup(/holds a run already: continue it with --resume, or choose another directory/));
  await assert.rejects(runDistillation(tiny({ init: 'random', lr: 0.02 }), ref, opts({ resume: true })),
    setup(/^lr: expected 0\.01 as in the run's .*config\.json, received 0\.02/));
  await assert.rejects(runDistillation(tiny({ init: 'random', model: { kind: 'quantum_lenet', qubits: 3, layers: 1 } }),
    ref, opts({ resume: true })), setup(/^model\.qubits: expected 2 .*, received 3/));
  await assert.rejects(runDistillation(cfg, ref, opts({ resume: true, trainLimit: 32 })),
    setup(/^trainLimit: expected 64 .*, received 32/));
  await assert.rejects(runDistillation(cfg, freshDir('missing'), opts({ resume: true })),
    setup(/expected a run directory holding config\.json, found none/));
  const done = await runDistillation(cfg, ref, opts({ resume: true }));
  assert.equal(done.status, 'completed', 'resuming a finished run does nothing');
  const neutral = await runDistillation(tiny({ init: 'random', checkpointEvery: 5 }), ref, opts({ resume: true }));
  assert.equal(neutral.status, 'completed', 'checkpointEvery is not part of the run identity');
});

test('a run made under another numerics version is neither resumed nor read', async () => {
  const setup = (re: RegExp) => (e: unknown) => e instanceof RunSetupError && re.test(e.message);
  for (const [name, edit] of [
    ['v1', (c: Record<string, unknown>) => ({ ...c, format: 'qdistill-run/1', numericsVersion: undefined })],
    ['older', (c: Record<string, unknown>) => ({ ...c, numericsVersion: NUMERICS_VERSION - 1 })],
  ] as const) {
    const dir = freshDir(`numerics-${name}`);
    const r = await runDistillation(cfg, dir, opts({ signal: { aborted: true } }));
    assert.equal(r.status, 'interrupted');
    const file = path.join(dir, 'config.json');
    fs.writeFileSync(file, JSON.stringify(edit(JSON.parse(fs.readFileSync(file, 'utf8')))));
    const expected = `numericsVersion: expected ${NUMERICS_VERSION} \\(this qdistill\\), ` +
      `received ${name === 'v1' ? 1 : NUMERICS_VERSION - 1}; .*start a new run`;
    await assert.rejects(runDistillation(cfg, dir, opts({ resume: true })), setup(new RegExp(expected)));
    assert.throws(() => readRunInfo(dir), setup(new RegExp(expected)));
  }
});

test('NaN guard: an absurd lr stops with NonFiniteError naming the iteration; ' +
  'the checkpoint on disk is the last good one', async () => {
  const bad = tiny({ lr: 1e30, checkpointEvery: 1, evalEvery: 0 });
  const dir = freshDir('nan');
  // Not checked here: tensor counts. TF.js's engine.gradients does not free the tape's saved
  // tensors when the function under the tape throws (the non-finite check of AmplitudeEmbedding
  // runs inside the hypergradient's tape), so a diverged iteration leaks them once.
  const err = await runDistillation(bad, dir, opts({ input: undefined })).catch((e: unknown) => e);
  assert.ok(err instanceof NonFiniteError, `expected NonFiniteError, received ${err}`);
  const m =
    /iteration (\d+)\/8 diverged .*last good checkpoint \(iteration (\d+)\) is kept in .*checkpoint/.exec(err.message);
  assert.ok(m, err.message);
  assert.equal(Number(m[2]), Number(m[1]) - 1);
  const ck = loadCheckpoint(path.join(dir, 'checkpoint'), bad, readRunInfo(dir).configHash)!;
  assert.equal(ck.state.iteration, Number(m[2]));
  for (const t of [ck.state.images, ck.state.rawLrs]) assert.ok(Array.from(t.dataSync()).every(Number.isFinite));
  tf.dispose([ck.state.images, ck.state.rawLrs, ...ck.state.adam.m, ...ck.state.adam.v]);
  assert.equal(fs.existsSync(path.join(dir, 'final')), false);
});

test('memory is flat over 32 iterations with evaluations and checkpoints', async () => {
  const flat = tiny({ model: { kind: 'classical_lenet' }, distillSteps: 1, batchSize: 8, epochs: 4, evalEvery: 10,
    evalTestLimit: 20, checkpointEvery: 7 });
  const counts: number[] = [];
  const tensors = tf.memory().numTensors;
  const r = await runDistillation(flat, freshDir('memory'), opts({ input: undefined, testLimit: 20,
    onProgress: (p) => void (p.phase === 'distill' && counts.push(tf.memory().numTensors)) }));
  assert.equal(r.iteration, 32);
  assert.equal(counts.length, 32);
  assert.deepEqual(new Set(counts), new Set([counts[0]]), `tensor count changed over iterations: ${counts.join(' ')}`);
  assert.equal(tf.memory().numTensors, tensors);
});

test('a batchSize larger than the training set: a warning, and the effective batch size in config.json', async () => {
  const dir = freshDir('big-batch');
  const messages: string[] = [];
  const base = { trainLimit: TRAIN_LIMIT, testLimit: TEST_LIMIT, workers: 0 };
  await runDistillation(tiny({ batchSize: 100, epochs: 1 }), dir, { ...base, log: (m) => messages.push(m) });
  assert.ok(messages.some((m) => m === `warning: batchSize 100 exceeds the ${TRAIN_LIMIT} training examples; ` +
    `every outer batch is all ${TRAIN_LIMIT} of them`), messages.join('\n'));
  assert.equal(readRunInfo(dir).effectiveBatchSize, TRAIN_LIMIT);
  const normal = freshDir('normal-batch');
  await runDistillation(tiny({ epochs: 1 }), normal, base);
  assert.equal(readRunInfo(normal).effectiveBatchSize, 16);
});
