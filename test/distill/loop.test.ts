/**
 * The distillation loop: config validation, schedule, reproducibility (same seed, same run;
 * resuming from a saved state = not stopping), flat memory, and the non-finite guard.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { ImageDataset, loadMnist, subsetDataset } from '../../src/data';
import { parseDistillConfig } from '../../src/distill/config';
import {
  InitCache, NonFiniteError, disposeState, distillStep, initState, outerLrAt, realBatchIndices, totalIterations,
} from '../../src/distill/loop';

let train: ImageDataset;
before(async () => {
  assert.ok(await tf.setBackend('wasm'));
  train = subsetDataset(loadMnist('train'), Array.from({ length: 64 }, (_, i) => i));
});

const tiny = (extra: Record<string, unknown> = {}) =>
  parseDistillConfig({ dataset: 'mnist', model: { kind: 'quantum_lenet', qubits: 2, layers: 1 }, distillSteps: 1,
    distillEpochs: 2, batchSize: 16, epochs: 2, seed: 3, ...extra });

test('config: defaults of the authors\' code, and each invalid field named', () => {
  const c = parseDistillConfig({ dataset: 'mnist' });
  assert.equal(c.distillSteps, 10);
  assert.equal(c.distillEpochs, 3);
  assert.equal(c.distillLr, 0.02);
  assert.equal(c.lr, 0.01);
  assert.deepEqual(c.betas, [0.5, 0.999]);
  assert.equal(c.batchSize, 1024);
  assert.equal(c.decayEpochs, 40);
  assert.equal(c.model.kind, 'quantum_lenet');
  const bad: Array<[Record<string, unknown>, RegExp]> = [
    [{ dataset: 'svhn' }, /dataset: expected 'mnist' or 'cifar10', received "svhn"/],
    [{ dataset: 'mnist', distillLr: -0.1 }, /distillLr: expected a positive finite number, received -0\.1/],
    [{ dataset: 'mnist', lr: 'NaN' }, /lr: expected a positive finite number, received "NaN"/],
    [{ dataset: 'mnist', distillSteps: 0 }, /distillSteps: expected an integer ≥ 1, received 0/],
    [{ dataset: 'mnist', init: 'warm' }, /init: expected 'fixed' or 'random', received "warm"/],
    [{ dataset: 'mnist', betas: [0.5, 1] }, /betas: expected two numbers in \[0, 1\)/],
    [{ dataset: 'mnist', model: { kind: 'quantum_lenet', qubits: 6, fc2Width: 32 } },
      /model\.fc2Width: expected 2\^qubits = 64/],
    [{ dataset: 'mnist', epoch: 3 }, /epoch: expected one of the fields/],
  ];
  for (const [raw, message] of bad) assert.throws(() => parseDistillConfig(raw), message);
  assert.throws(() => parseDistillConfig({ dataset: 'mnist', lr: NaN }),
    /lr: expected a positive finite number, received NaN/);
});

test('schedule: learning rate halves every decayEpochs; seeded batches cover an epoch without repeats', () => {
  const c = parseDistillConfig({ dataset: 'mnist', decayEpochs: 40, lr: 0.01 });
  assert.deepEqual([0, 39, 40, 80, 399].map((e) => outerLrAt(c, e)), [0.01, 0.01, 0.005, 0.0025, 0.01 * 0.5 ** 9]);
  const t = tiny();
  assert.equal(totalIterations(t, 64), 8);
  const seen = [0, 1, 2, 3].flatMap((i) => Array.from(realBatchIndices(t, 64, i)));
  assert.equal(new Set(seen).size, 64);
  assert.deepEqual(Array.from(realBatchIndices(t, 64, 5)), Array.from(realBatchIndices(tiny(), 64, 5)));
  assert.notDeepEqual(Array.from(realBatchIndices(t, 64, 0)), Array.from(realBatchIndices(t, 64, 4)),
    'a new order each epoch');
});

function run(cfg: ReturnType<typeof tiny>, iterations: number, from?: ReturnType<typeof initState>) {
  const inits = new InitCache(cfg);
  let state = from ?? initState(cfg);
  const losses: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const r = distillStep(cfg, train, inits, state);
    state = r.state;
    losses.push(r.loss);
  }
  inits.dispose();
  return { state, losses };
}

const variants: Array<[string, Record<string, unknown>]> = [
  ['fixed init', { init: 'fixed' }],
  ['random init', { init: 'random' }],
  ['fixed init, lrJitter + updateClip', { init: 'fixed', lrJitter: 0.2, updateClip: 0.5 }],
];
for (const [name, extra] of variants) {
  test(`same seed → same run; continuing from a copied state = not stopping; no tensors accumulate [${name}]`, () => {
    const cfg = tiny(extra);
    const before = tf.memory().numTensors;
    const a = run(cfg, 4);
    assert.ok(tf.memory().numTensors - before <= 4 + 2 * 2, 'only the state remains');
    const half = run(cfg, 2);
    // a "checkpoint": copy the state's values into fresh tensors, as a reload would
    const copy = (t: tf.Tensor) => tf.tensor(t.dataSync().slice(), t.shape);
    const saved = { images: copy(half.state.images), rawLrs: copy(half.state.rawLrs) as tf.Tensor1D,
      adam: { m: half.state.adam.m.map(copy), v: half.state.adam.v.map(copy), t: half.state.adam.t },
      iteration: half.state.iteration };
    disposeState(half.state);
    const resumed = run(cfg, 2, saved);
    assert.deepEqual([...half.losses, ...resumed.losses], a.losses);
    assert.deepEqual(Array.from(resumed.state.images.dataSync()), Array.from(a.state.images.dataSync()));
    assert.deepEqual(Array.from(resumed.state.rawLrs.dataSync()), Array.from(a.state.rawLrs.dataSync()));
    disposeState(a.state);
    disposeState(resumed.state);
    assert.equal(tf.memory().numTensors, before, 'tensors leaked over the runs');
  });
}

test('a non-finite update stops with NonFiniteError and leaves the state intact', () => {
  const cfg = tiny({ lr: 1e30 });
  const inits = new InitCache(cfg);
  let state = initState(cfg);
  let caught: unknown = null;
  let kept = { images: [] as number[], rawLrs: [] as number[], m: [] as number[], iteration: -1 };
  for (let i = 0; i < 3 && caught === null; i++) {
    // what the state holds before the step that may fail
    kept = { images: Array.from(state.images.dataSync()), rawLrs: Array.from(state.rawLrs.dataSync()),
      m: Array.from(state.adam.m[0].dataSync()), iteration: state.iteration };
    try {
      state = distillStep(cfg, train, inits, state).state;
    } catch (e) {
      caught = e;
    }
  }
  assert.ok(caught instanceof NonFiniteError, `expected NonFiniteError, got ${caught}`);
  assert.ok(kept.images.length === 10 * 28 * 28 && kept.images.every(Number.isFinite),
    'the last good state was finite');
  assert.equal(state.images.isDisposed, false, 'the state is not disposed');
  assert.equal(state.iteration, kept.iteration, 'the iteration count did not advance');
  assert.deepEqual(Array.from(state.images.dataSync()), kept.images, 'images unchanged by the failed step');
  assert.deepEqual(Array.from(state.rawLrs.dataSync()), kept.rawLrs, 'learning rates unchanged');
  assert.deepEqual(Array.from(state.adam.m[0].dataSync()), kept.m, 'Adam moments unchanged');
  disposeState(state);
  inits.dispose();
});
