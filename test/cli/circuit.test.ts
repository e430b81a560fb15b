/**
 * `qdistill circuit` on valid input: one JSON line per case, computed (never echoed), matching
 * the PennyLane reference answers (expvals within 1e-4, gradients within 1e-3 absolute or
 * relative). The whole fixture runs on wasm (the cpu backend takes ~45 s for its 7-wire
 * cases); the other tests use cpu on small cases.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  FIXTURE_PATH, FixtureCase, assertMatchesCase, jsonLines, loadFixture, maxAbsDiff, runCli, writeTempJson,
} from './helpers';
import { C, CMatrix, expvalOn, selApply } from '../sim/reference_sim';

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

/**
 * An independent float64 reference for an amplitude-embedded case (none of src/, no TF.js): the
 * state vector through StronglyEntanglingLayers and the observables' expectations from the test
 * simulator `test/sim/reference_sim.ts`, central differences for the gradients.
 */
function referenceAnswers(c: FixtureCase): Required<Pick<FixtureCase, 'expvals' | 'grad_weights' | 'grad_features'>> {
  const n = c.n_wires, dim = 1 << n;
  const ranges = c.layers.ranges as number[];
  assert.equal(c.embedding.type, 'amplitude', 'the reference covers amplitude embedding only');
  const Z: CMatrix = [[[1, 0], [0, 0]], [[0, 0], [-1, 0]]];
  const expvals = (weights: number[][][], features: number[]): number[] => {
    const norm = Math.hypot(...features); // padded with 0, then normalised
    const psi = Array.from({ length: dim }, (_, k): C => [(features[k] ?? 0) / norm, 0]);
    const out = selApply(psi, weights, ranges);
    return c.observables.map((o) => expvalOn(out, o.kind === 'PauliZ' ? Z : (o.matrix as CMatrix), o.wires, n));
  };
  const { weights } = c.layers, features = c.embedding.features;
  const eps = 1e-6;
  const central = (plus: number[], minus: number[]) => plus.map((v, i) => (v - minus[i]) / (2 * eps));
  const shifted = (l: number, w: number, p: number, d: number) => weights.map((layer, li) =>
    layer.map((row, wi) => row.map((v, pi) => (li === l && wi === w && pi === p ? v + d : v))));
  const dWeights = weights.map((layer, l) => layer.map((row, w) => row.map((_, p) =>
    central(expvals(shifted(l, w, p, eps), features), expvals(shifted(l, w, p, -eps), features)))));
  const dFeatures = features.map((_, i) => central(expvals(weights, features.map((f, j) => (j === i ? f + eps : f))),
    expvals(weights, features.map((f, j) => (j === i ? f - eps : f)))));
  // to the fixture's layout: [observable][layer][wire][parameter] and [observable][feature]
  return {
    expvals: expvals(weights, features),
    grad_weights: c.observables.map((_, o) => dWeights.map((layer) => layer.map((row) => row.map((g) => g[o])))),
    grad_features: c.observables.map((_, o) => dFeatures.map((g) => g[o])),
  };
}

test('circuit with changed weights differs from the stored answer and matches an independent float64 reference ' +
  '[cpu]', async () => {
  const original = loadFixture().cases[7]; // 4 wires, amplitude embedding, Hermitian observables
  // The reference reproduces PennyLane's stored answers for the unchanged case.
  const check = referenceAnswers(original);
  assert.ok(maxAbsDiff(check.expvals, original.expvals) <= 1e-10, 'reference expvals vs PennyLane');
  assert.ok(maxAbsDiff(check.grad_weights, original.grad_weights) <= 1e-6, 'reference grad_weights vs PennyLane');
  assert.ok(maxAbsDiff(check.grad_features, original.grad_features) <= 1e-6, 'reference grad_features vs PennyLane');

  const changed = loadFixture().cases[7];
  changed.layers.weights = changed.layers.weights.map((layer) => layer.map((row) => row.map((v) => v + 0.5)));
  const r = await runCli(['circuit', writeTempJson(changed, 'changed.json')]);
  assert.equal(r.code, 0, r.stderr);
  const [out] = jsonLines(r.stdout);
  assert.ok(maxAbsDiff(out.expvals, changed.expvals) > 1e-2, 'output must not be the stored (stale) expvals');
  assert.ok(maxAbsDiff(out.grad_weights, changed.grad_weights) > 1e-2, 'output must not be the stored grad_weights');
  assertMatchesCase(out, { ...changed, ...referenceAnswers(changed) });
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
