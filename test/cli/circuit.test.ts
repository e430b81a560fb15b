/**
 * `qdistill circuit` on valid input: one JSON line per case, computed (never echoed), matching
 * the PennyLane reference answers (expvals within 1e-4, gradients within 1e-3 absolute or
 * relative). The whole fixture runs on wasm (the cpu backend takes ~45 s for its 7-wire
 * cases); the other tests use cpu on small cases.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { parseCircuitSpec, runCircuit } from '../../src/sim';
import { FIXTURE_PATH, assertMatchesCase, jsonLines, loadFixture, maxAbsDiff, runCli, writeTempJson } from './helpers';

const { cases } = loadFixture();
const ANSWER_FIELDS = ['expvals', 'grad_weights', 'grad_features', 'state'] as const;

test('circuit on the whole fixture file: one line per case, ids in order, matching the references [wasm]', async () => {
  const r = await runCli(['circuit', FIXTURE_PATH], { backend: 'wasm' });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /^qdistill: TF\.js backend 'wasm'\n/);
  const out = jsonLines(r.stdout);
  assert.deepEqual(out.map((o) => o.id), cases.map((c) => c.id));
  out.forEach((o, i) => assertMatchesCase(o, cases[i]));
});

test('circuit computes the answers: a copy without stored answers gives the same results [wasm]', async () => {
  const stripped = loadFixture();
  for (const c of stripped.cases) for (const k of ANSWER_FIELDS) delete c[k];
  assert.ok(!JSON.stringify(stripped.cases).includes('grad_weights'));
  const r = await runCli(['circuit', writeTempJson(stripped, 'stripped.json')], { backend: 'wasm' });
  assert.equal(r.code, 0, r.stderr);
  const out = jsonLines(r.stdout);
  assert.equal(out.length, cases.length);
  out.forEach((o, i) => assertMatchesCase(o, cases[i]));
});

test('circuit with changed weights differs from the stored answer and matches a fresh runCircuit [cpu]', async () => {
  const changed = loadFixture().cases[7]; // 4 wires, amplitude embedding, Hermitian observables
  changed.layers.weights = changed.layers.weights.map((layer) => layer.map((row) => row.map((v) => v + 0.5)));
  const r = await runCli(['circuit', writeTempJson(changed, 'changed.json')]);
  assert.equal(r.code, 0, r.stderr);
  const [out] = jsonLines(r.stdout);
  assert.ok(maxAbsDiff(out.expvals, changed.expvals) > 1e-2, 'output must not be the stored (stale) expvals');
  assert.ok(maxAbsDiff(out.grad_weights, changed.grad_weights) > 1e-2, 'output must not be the stored grad_weights');

  assert.ok(await tf.setBackend('cpu'));
  const fresh = runCircuit(parseCircuitSpec(changed));
  assert.ok(maxAbsDiff(out.expvals, fresh.expvals) <= 1e-6);
  assert.ok(maxAbsDiff(out.grad_weights, fresh.grad_weights) <= 1e-6);
  assert.ok(maxAbsDiff(out.grad_features, fresh.grad_features) <= 1e-6);
});

test('circuit reads a single case object (not wrapped in cases) [cpu]', async () => {
  const r = await runCli(['circuit', writeTempJson(cases[3], 'single.json')]);
  assert.equal(r.code, 0, r.stderr);
  const out = jsonLines(r.stdout);
  assert.equal(out.length, 1);
  assertMatchesCase(out[0], cases[3]);
});

test('circuit reads stdin for FILE = - [cpu]', async () => {
  const small = cases.filter((c) => c.n_wires <= 4);
  assert.ok(small.length >= 10);
  const r = await runCli(['circuit', '-'], { input: JSON.stringify({ cases: small }) });
  assert.equal(r.code, 0, r.stderr);
  const out = jsonLines(r.stdout);
  assert.deepEqual(out.map((o) => o.id), small.map((c) => c.id));
  out.forEach((o, i) => assertMatchesCase(o, small[i]));
});
