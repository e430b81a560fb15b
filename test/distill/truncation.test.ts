/**
 * Random truncated unrolls (`truncate`, RaT-BPTT): the config field, the window draws (uniform
 * over [0, T − M], from their own stream, fixed per iteration), the hypergradient of the
 * truncated objective against finite differences, zero gradients outside the window, M = T
 * equal to the full unroll bit for bit, and clipping at k × the running mean norm by hand.
 *
 * The truncated objective of a window [s, t): the outer loss of the network trained for steps
 * [s, t) from θ_s, with θ_s (the first s steps, run without a tape) held constant. θ_s is
 * computed here independently, with the evaluation path (`trainOnDistilled` on steps [0, s)).
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { toTensors } from '../../src/data/dataset';
import { clipToRunningMean, globalNorm } from '../../src/distill/clip';
import { parseDistillConfig } from '../../src/distill/config';
import { loadSplit } from '../../src/distill/datasets';
import { trainOnDistilled } from '../../src/distill/evaluate';
import { InitCache, disposeState, initState, outerGradient, realBatchIndices, windowAt } from '../../src/distill/loop';
import { outerLoss } from '../../src/distill/outer';
import { Params, trainableKeys } from '../../src/models';
import { Rng } from '../../src/util/rng';
import { finiteDifferenceCheck } from './finite_differences';

before(async () => assert.ok(await tf.setBackend('wasm')));

const raw = { dataset: 'mnist', model: { kind: 'quantum_lenet', qubits: 2, layers: 1 }, distillSteps: 2,
  distillEpochs: 3, batchSize: 32, shards: 4, epochs: 1, seed: 6 };

test('config: truncate is left out when absent or null (hash unchanged); window within [1, T]; ' +
  'clip positive; errors named', () => {
  assert.deepEqual(parseDistillConfig({ ...raw, truncate: null }), parseDistillConfig(raw));
  assert.equal('truncate' in parseDistillConfig(raw), false);
  assert.deepEqual(parseDistillConfig({ ...raw, truncate: { window: 2, clip: 3 } }).truncate, { window: 2, clip: 3 });
  const bad: Array<[unknown, RegExp]> = [
    [{ window: 0 }, /truncate\.window: expected an integer in \[1, 6\] \(distillSteps × distillEpochs\), received 0/],
    [{ window: 7 }, /truncate\.window: expected an integer in \[1, 6\]/],
    [{ window: 2, clip: -1 }, /truncate\.clip: expected a positive finite number, received -1/],
    [{ window: 2, every: 1 }, /truncate\.every: expected one of the fields window, clip/],
    [3, /truncate: expected \{ window: an integer in \[1, 6\]/],
  ];
  for (const [t, message] of bad) assert.throws(() => parseDistillConfig({ ...raw, truncate: t }), message);
});

test('windows: M steps, start uniform over [0, T − M] (every start drawn, χ² plausible), ' +
  'fixed per (seed, iteration); M = T: all steps', () => {
  const cfg = parseDistillConfig({ ...raw, truncate: { window: 2 } });
  const counts = [0, 0, 0, 0, 0];
  for (let i = 0; i < 2000; i++) {
    const [s, t] = windowAt(cfg, i)!;
    assert.equal(t - s, 2);
    counts[s]++;
  }
  assert.ok(counts.every((c) => c > 0), `every start drawn: ${counts}`);
  const chi2 = counts.reduce((a, c) => a + (c - 400) ** 2 / 400, 0);
  assert.ok(chi2 < 18.5, `χ² with 4 degrees of freedom ${chi2} (p < 0.001 above 18.5): counts ${counts}`);
  assert.deepEqual(windowAt(cfg, 17), windowAt(parseDistillConfig({ ...raw, truncate: { window: 2 } }), 17));
  assert.notDeepEqual([0, 1, 2, 3, 4, 5, 6, 7].map((i) => windowAt(cfg, i)![0]), [0, 1, 2, 3, 4, 5, 6, 7]
    .map((i) => windowAt(parseDistillConfig({ ...raw, seed: 7, truncate: { window: 2 } }), i)![0]));
  const full = parseDistillConfig({ ...raw, truncate: { window: 6 } });
  assert.deepEqual([0, 1, 2].map((i) => windowAt(full, i)), [[0, 6], [0, 6], [0, 6]]);
  assert.equal(windowAt(parseDistillConfig(raw), 0), undefined);
});

test('M = T gives the full unroll\'s outer gradient bit for bit', () => {
  const train = loadSplit('mnist', 'train', { limit: 64 });
  const grads = (cfg: ReturnType<typeof parseDistillConfig>) => {
    const inits = new InitCache(cfg), state = initState(cfg);
    const g = outerGradient(cfg, train, inits, state);
    const out = { loss: g.loss, images: Array.from(g.dImages.dataSync()), lrs: Array.from(g.dRawLrs.dataSync()) };
    tf.dispose([g.dImages, g.dRawLrs]);
    disposeState(state);
    inits.dispose();
    return out;
  };
  assert.deepEqual(grads(parseDistillConfig({ ...raw, truncate: { window: 6 } })), grads(parseDistillConfig(raw)));
});

test('truncated hypergradient = finite differences of the truncated objective; zero outside the window; ' +
  'soft labels too; no leaks', () => {
  const train = loadSplit('mnist', 'train', { limit: 64 });
  // window of 1 step: its learning-rate and label derivatives are smooth with every parameter trained
  const cfg = parseDistillConfig({ ...raw, learnLabels: true, truncate: { window: 1 } });
  const it = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9].find((i) => windowAt(cfg, i)![0] >= 3)!;
  const [s, t] = windowAt(cfg, it)!;
  const inits = new InitCache(cfg);
  inits.release(inits.get(0));
  const state = { ...initState(cfg), iteration: it };
  const rng = new Rng(3);
  tf.tidy(() => {
    // images and labels away from the start, so that every group matters
    const labels = tf.add(state.labels!, tf.mul(tf.tensor(rng.normals(200), [2, 10, 10]), 0.2));
    state.labels!.dispose();
    state.labels = tf.keep(labels) as tf.Tensor3D;
  });
  const before = tf.memory().numTensors;
  const g = outerGradient(cfg, train, inits, state);
  const p0 = inits.get(0);
  const keys = trainableKeys(cfg.model, p0);
  const thetaS: Params = trainOnDistilled(cfg.model, p0, state.images, state.labels!, state.rawLrs,
    { distillSteps: 2, distillEpochs: 3, steps: [0, s], trainable: keys });
  const real = toTensors(train, realBatchIndices(cfg, train.n, it));
  const o = { distillSteps: 2, distillEpochs: 3, steps: [s, t] as [number, number] };
  const objective = (lr: tf.Tensor, y: tf.Tensor) => tf.tidy(
    () => outerLoss(cfg.model, thetaS, state.images, lr as tf.Tensor1D, y as tf.Tensor3D, real, o).dataSync()[0]);
  assert.ok(Math.abs(g.loss - objective(state.rawLrs, state.labels!)) <= 1e-5 * g.loss,
    'the loss is the truncated objective');
  const lrs = g.dRawLrs.dataSync();
  lrs.forEach((d, k) => assert.equal(d === 0, k !== s, `d/d lr[${k}] = ${d} (window [${s}, ${t}))`));
  const dl = g.dLabels!.arraySync();
  dl.forEach((group, j) => assert.equal(group.flat().every((d) => d === 0), j !== s % 2, `soft labels of group ${j}`));
  finiteDifferenceCheck('d truncated objective / d raw learning rates', state.rawLrs, g.dRawLrs,
    (lr) => objective(lr, state.labels!), rng);
  finiteDifferenceCheck('d truncated objective / d soft labels', state.labels!, g.dLabels!,
    (y) => objective(state.rawLrs, y), rng);
  tf.dispose([g.dImages, g.dRawLrs, g.dLabels!, real.x, real.y, ...keys.map((k) => thetaS[k])]);
  inits.release(p0);
  assert.equal(tf.memory().numTensors, before, 'no leaked tensors');
  disposeState(state);
  inits.dispose();
});

test('clipping at k × the running mean of the clipped norms, by hand', () => {
  const g = (v: number[]) => [tf.tensor1d(v.slice(0, 1)), tf.tensor1d(v.slice(1))];
  assert.equal(globalNorm(g([3, 4])), 5);
  let norms = { sum: 0, count: 0 };
  const step = (v: number[]) => {
    const r = clipToRunningMean(g(v), norms, 2);
    norms = r.norms;
    return [r.norm, r.clippedTo, Array.from(r.grads.flatMap((x) => Array.from(x.dataSync())))];
  };
  assert.deepEqual(step([3, 4]), [5, null, [3, 4]]); // first: never clipped; mean 5
  assert.deepEqual(step([0, 8]), [8, null, [0, 8]]); // 8 ≤ 2·5; mean (5 + 8)/2 = 6.5
  // 50 > 2·6.5 = 13: scaled by 13/50 (in float32)
  assert.deepEqual(step([30, 40]), [50, 13, [30, 40].map((x) => Math.fround(x * Math.fround(13 / 50)))]);
  assert.deepEqual(norms, { sum: 26, count: 3 }); // 5 + 8 + 13: the clipped norm enters the mean
  assert.throws(() => clipToRunningMean(g([1, 1]), norms, 0), /expected k > 0, received 0/);
});
