/**
 * `qdistill bench sim` / `bench distill` / `bench circuits` and the benchmark functions behind them (`src/bench`).
 * Timing values are not asserted (the machines are noisy), only shapes, types and bookkeeping.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { SIM_MEASUREMENTS, benchSim, quantile, simBenchFigures, summarize } from '../../src/bench';
import { assertInputError, runCli } from './helpers';

test('bench sim --json prints exactly one JSON object with the figures [cpu]', async () => {
  const r = await runCli(['bench', 'sim', '--json', '--repeats', '3', '--batch', '64', '--warmup', '1']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.equal(lines.length, 2, `one line on stdout, received:\n${r.stdout}`);
  const fig = JSON.parse(lines[0]);
  assert.equal(typeof fig.layer_fwd_bwd_ms, 'number');
  assert.ok(fig.layer_fwd_bwd_ms > 0);
  assert.equal(fig.backend, 'cpu');
  for (const k of ['layer_fwd_ms', 'pauliz_fwd_bwd_ms', 'samples_per_s', 'layer_fwd_bwd_min_ms',
    'layer_fwd_bwd_p90_ms']) {
    assert.equal(typeof fig[k], 'number', k);
  }
  assert.deepEqual([fig.batch, fig.qubits, fig.features, fig.layers, fig.repeats], [64, 6, 64, 3, 3]);
  assert.equal(fig.warmup, 1);
  assert.match(r.stderr, /TF\.js backend 'cpu'/);
});

test('bench distill --json prints exactly one JSON object with the figures [wasm]', async () => {
  const r = await runCli(['bench', 'distill', '--json', '--batch', '16', '--repeats', '1', '--warmup', '0'],
    { backend: 'wasm' });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.equal(lines.length, 2, `one line on stdout, received:\n${r.stdout}`);
  const fig = JSON.parse(lines[0]);
  assert.equal(fig.bench, 'distill');
  assert.equal(fig.backend, 'wasm');
  for (const k of ['classical_lenet_s_per_iter', 'quantum_lenet_s_per_iter', 'classical_lenet_real_fwd_bwd_s',
    'quantum_lenet_real_fwd_bwd_s', 'quantum_lenet_iters_per_min']) {
    assert.ok(typeof fig[k] === 'number' && fig[k] > 0, `${k} = ${fig[k]}`);
  }
  assert.deepEqual([fig.batch, fig.repeats, fig.warmup], [16, 1, 0]);
  for (const m of ['classical_lenet', 'quantum_lenet']) {
    for (const p of ['unroll_fwd_s', 'shards_s', 'pull_back_s', 'adam_s'])
      assert.ok(typeof fig[`${m}_${p}`] === 'number' && fig[`${m}_${p}`] > 0, `${m}_${p}`);
    assert.ok(Number.isInteger(fig[`${m}_kernels`]) && fig[`${m}_kernels`] > 100,
      `${m}_kernels = ${fig[`${m}_kernels`]}`);
  }
  assert.equal(fig.threads, fig.workers + 1);
  assert.equal(fig.shards, 8);
  assert.match(r.stderr, /qdistill bench distill: 0 warm-up and 1 timed rounds/);
});

test('bench distill --scaling prints one row per thread count [wasm]', async () => {
  const r = await runCli(['bench', 'distill', '--scaling', '--model', 'classical', '--batch', '16', '--repeats', '1',
    '--warmup', '0'], { backend: 'wasm' });
  assert.equal(r.code, 0, r.stderr);
  const json = JSON.parse(r.stdout.trim().split('\n').pop()!);
  const cores = Math.min(os.cpus().length, 8);
  assert.deepEqual(json.rows.map((row: { threads: number }) => row.threads),
    Array.from({ length: cores }, (_, i) => i + 1));
  for (const row of json.rows) assert.ok(row.classical_lenet_s_per_iter > 0 && row.quantum_lenet_s_per_iter === null);
});

test('bench circuits --json: one JSON object; --cases-out writes cases that qdistill circuit runs [cpu]', async (t) => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-bench-circuits-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  const cases = path.join(dir, 'cases.json');
  const args =
    ['--count', '3', '--min-wires', '2', '--max-wires', '3', '--layers', '2', '--repeats', '1', '--warmup', '0'];
  const r = await runCli(['bench', 'circuits', '--json', ...args, '--cases-out', cases]);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.split('\n');
  assert.equal(lines.length, 2, `one line on stdout, received:\n${r.stdout}`);
  const fig = JSON.parse(lines[0]);
  assert.equal(fig.bench, 'circuits');
  assert.deepEqual([fig.count, fig.min_wires, fig.max_wires, fig.layers, fig.repeats, fig.warmup], [3, 2, 3, 2, 1, 0]);
  assert.ok(fig.total_s > 0 && fig.total_min_s > 0);
  assert.deepEqual(Object.keys(fig.per_case_s).sort(), ['2', '3']);
  const written = JSON.parse(fs.readFileSync(cases, 'utf8')).cases;
  assert.deepEqual(written.map((c: { n_wires: number }) => c.n_wires), [2, 3, 2]);
  assert.deepEqual(written.map((c: { embedding: { type: string } }) => c.embedding.type),
    ['amplitude', 'angle', 'amplitude']);
  assert.equal(written[2].observables[0].kind, 'Hermitian');
  const c = await runCli(['circuit', cases]);
  assert.equal(c.code, 0, c.stderr);
  assert.equal(c.stdout.trim().split('\n').length, 3);
  const bad = await runCli(['bench', 'circuits', '--min-wires', '5', '--max-wires', '4']);
  assertInputError(bad, /option --max-wires: expected at least --min-wires \(5\), received 4/, 'qdistill bench: ');
});

test('bench distill: wrong options are usage errors (exit 2, one stderr line)', async () => {
  const runs = await Promise.all([
    runCli(['bench', 'distill', '--model', 'hybrid']),
    runCli(['bench', 'distill', '--qubits', '3']),
    runCli(['bench', 'sim', '--model', 'quantum']),
  ]);
  assertInputError(runs[0], /option --model: expected classical, quantum or both, received 'hybrid'/,
    'qdistill bench: ');
  assertInputError(runs[1], /unknown option '--qubits' \(expected one of .*--model/, 'qdistill bench: ');
  assertInputError(runs[2], /unknown option '--model' \(expected one of .*--qubits/, 'qdistill bench: ');
});

test('bench: out-of-range values and unusable paths are usage errors before the backend starts', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-bench-'));
  const cases: Array<[string[], RegExp]> = [
    [['distill', '--workers', '64'], /option --workers: expected an integer from 0 to 7, received 64$/],
    [['sim', '--seed', '4294967296'], /option --seed: expected an integer from 0 to 4294967295, received 4294967296$/],
    [['circuits', '--seed', '4294967296'], /option --seed: expected an integer from 0 to 4294967295/],
    [['sim', '--batch', '10000000'],
      /option --batch: expected at most 174762 with 6 qubits \(batch × 2\^qubits .*2 GiB\), received 10000000$/],
    [['sim', '--batch', '20000', '--qubits', '10'], /option --batch: expected at most 10922 with 10 qubits/],
    [['circuits', '--cases-out', '/nonexist/x.json'], /--cases-out: the folder \/nonexist does not exist$/],
    [['circuits', '--cases-out', dir], /--cases-out: expected a file, received .*, which is a directory$/],
  ];
  try {
    const runs = await Promise.all(cases.map(([args]) => runCli(['bench', ...args])));
    runs.forEach((r, i) => {
      assertInputError(r, cases[i][1], 'qdistill bench: ');
      assert.doesNotMatch(r.stderr, /TF\.js backend/);
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('benchSim returns consistent statistics and frees its tensors [cpu]', async () => {
  assert.ok(await tf.setBackend('cpu'));
  const before = tf.memory().numTensors;
  const progress: string[] = [];
  const r = await benchSim({ batch: 4, qubits: 2, layers: 1, repeats: 3, warmup: 1,
    onProgress: (d, t, p) => progress.push(`${p} ${d}/${t}`) });
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  assert.deepEqual(progress, ['warmup 1/1', 'timing 1/3', 'timing 2/3', 'timing 3/3']);
  for (const m of SIM_MEASUREMENTS) {
    assert.equal(r.samples_ms[m].length, 3);
    const s = r.stats[m];
    assert.ok(s.min > 0 && s.min <= s.median && s.median <= s.p90, `${m}: ${JSON.stringify(s)}`);
  }
  assert.equal(r.features, 4);
  const fig = simBenchFigures(r);
  assert.ok(!('samples_ms' in fig) && !('stats' in fig));
  await assert.rejects(benchSim({ qubits: 11 }), /expected qubits to be an integer from 1 to 10, received 11/);
});

test('quantile and summarize', () => {
  assert.equal(quantile([3, 1, 2], 0.5), 2);
  assert.equal(quantile([1, 2, 3, 4], 0.5), 2.5);
  assert.ok(Math.abs(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9) - 9.1) < 1e-12);
  assert.deepEqual(summarize([5]), { median: 5, min: 5, p90: 5, mean: 5, n: 1 });
  assert.throws(() => quantile([], 0.5), /at least one sample/);
});
