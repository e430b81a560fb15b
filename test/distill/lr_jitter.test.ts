/**
 * Inner learning-rate jitter (`lrJitter` in the config): the config field, the seeded factor
 * per iteration, `lrScale` in the unrolled loop (= training with scaled learning rates), and
 * its use in the hypergradient of an outer iteration (jittered ≠ plain, same seed → same run,
 * no leaked tensors).
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { ImageDataset, loadMnist, subsetDataset } from '../../src/data';
import { parseDistillConfig } from '../../src/distill/config';
import { InitCache, lrScaleAt, outerGradient, initState, disposeState, realBatchIndices } from '../../src/distill/loop';
import { hypergradient } from '../../src/distill/outer';
import { syntheticLabels } from '../../src/distill/synthetic';
import { unrolledTrain } from '../../src/distill/unroll';
import { toTensors } from '../../src/data/dataset';
import { disposeParams, initModel } from '../../src/models';
import { configHash } from '../../src/runs/config_compare';

let train: ImageDataset;
before(async () => {
  assert.ok(await tf.setBackend('wasm'));
  train = subsetDataset(loadMnist('train'), Array.from({ length: 32 }, (_, i) => i));
});

const base = { dataset: 'mnist', model: { kind: 'quantum_lenet', qubits: 2, layers: 1 }, distillSteps: 1,
  distillEpochs: 2, batchSize: 16, epochs: 1, seed: 3 };

test('config: lrJitter is left out when absent or 0 (hash unchanged), kept in (0, 1), named when invalid', () => {
  const plain = parseDistillConfig(base);
  assert.equal('lrJitter' in plain, false);
  assert.equal(configHash(parseDistillConfig({ ...base, lrJitter: 0 })), configHash(plain));
  assert.equal(parseDistillConfig({ ...base, lrJitter: 0.15 }).lrJitter, 0.15);
  for (const bad of [-0.1, 1, 2, '0.1', NaN]) {
    assert.throws(() => parseDistillConfig({ ...base, lrJitter: bad }),
      /lrJitter: expected a number in \[0, 1\), received/, String(bad));
  }
});

test('lrScaleAt: 1 when off; seeded, within [1 − j, 1 + j], varying over iterations', () => {
  const off = parseDistillConfig(base), on = parseDistillConfig({ ...base, lrJitter: 0.2 });
  assert.deepEqual([0, 1, 7].map((i) => lrScaleAt(off, i)), [1, 1, 1]);
  const u = Array.from({ length: 200 }, (_, i) => lrScaleAt(on, i));
  assert.ok(u.every((v) => v >= 0.8 && v <= 1.2), 'within the band');
  assert.ok(Math.min(...u) < 0.85 && Math.max(...u) > 1.15, 'spread over the band');
  assert.deepEqual(u.slice(0, 5), [0, 1, 2, 3, 4]
    .map((i) => lrScaleAt(parseDistillConfig({ ...base, lrJitter: 0.2 }), i)), 'same seed, same factors');
  assert.notDeepEqual(u.slice(0, 5),
    [0, 1, 2, 3, 4].map((i) => lrScaleAt(parseDistillConfig({ ...base, lrJitter: 0.2, seed: 4 }), i)));
});

test('unrolledTrain with lrScale s equals training with learning rates s·softplus(raw); bad scales named', () => {
  const cfg = parseDistillConfig(base);
  const p0 = initModel(cfg.model, 1);
  const syn = initState(cfg);
  const labels = syntheticLabels(1);
  const o = { distillSteps: 1, distillEpochs: 2, path: 'fast' as const };
  const before = tf.memory().numTensors;
  const s = 0.87;
  const a = tf.tidy(() => unrolledTrain(cfg.model, p0, syn.images, labels, syn.rawLrs, { ...o, lrScale: s }));
  // raw' with softplus(raw') = s·softplus(raw): raw' = log(expm1(s·softplus(raw)))
  const raw2 = tf.tidy(() => tf.log(tf.expm1(tf.mul(tf.softplus(syn.rawLrs), s))) as tf.Tensor1D);
  const b = tf.tidy(() => unrolledTrain(cfg.model, p0, syn.images, labels, raw2, o));
  for (const k of Object.keys(a)) {
    const x = a[k].dataSync(), y = b[k].dataSync();
    for (let i = 0; i < x.length; i++)
      assert.ok(Math.abs(x[i] - y[i]) <= 1e-5 * (1 + Math.abs(y[i])), `${k}[${i}]: ${x[i]} vs ${y[i]}`);
  }
  const c = tf.tidy(() => unrolledTrain(cfg.model, p0, syn.images, labels, syn.rawLrs, o));
  assert.notDeepEqual(Array.from(c['fcout.w'].dataSync()), Array.from(a['fcout.w'].dataSync()),
    'the scale changes the result');
  disposeParams(a);
  disposeParams(b);
  disposeParams(c);
  raw2.dispose();
  assert.equal(tf.memory().numTensors, before, 'no leaked tensors');
  for (const bad of [0, -1, NaN]) {
    assert.throws(() => tf.tidy(() => unrolledTrain(cfg.model, p0, syn.images, labels, syn.rawLrs,
      { ...o, lrScale: bad })), /lrScale: expected a positive finite number, received/);
  }
  disposeParams(p0);
  disposeState(syn);
  labels.dispose();
});

test('an outer iteration with lrJitter uses the factor of its iteration ' +
  '(hypergradient with lrScale), leaks nothing', () => {
  const cfg = parseDistillConfig({ ...base, lrJitter: 0.3 });
  const plain = parseDistillConfig(base);
  const syn = initState(cfg);
  const inits = new InitCache(cfg), plainInits = new InitCache(plain);
  const iteration = 2;
  const idx = realBatchIndices(cfg, train.n, iteration);
  const before = tf.memory().numTensors;
  const at = { ...syn, iteration };
  const g = outerGradient(cfg, train, inits, at);
  const g2 = outerGradient(cfg, train, inits, at);
  const gPlain = outerGradient(plain, train, plainInits, at);
  // the reference: the hypergradient with the iteration's factor given explicitly
  const real = toTensors(train, idx), labels = syntheticLabels(1), p0 = inits.get(iteration);
  const ref = hypergradient(cfg.model, p0, syn.images, syn.rawLrs, labels, real,
    { distillSteps: 1, distillEpochs: 2, lrScale: lrScaleAt(cfg, iteration) });
  assert.notEqual(lrScaleAt(cfg, iteration), 1);
  // the same function up to float32 summation order (shards, pull-back through θ_T)
  const close = (a: ArrayLike<number>, b: ArrayLike<number>, what: string) => {
    const scale = Math.max(...Array.from(b, Math.abs));
    for (let i = 0; i < b.length; i++)
      assert.ok(Math.abs(a[i] - b[i]) <= 1e-4 * scale, `${what}[${i}]: ${a[i]} vs ${b[i]}`);
  };
  assert.ok(Math.abs(g.loss - ref.loss) <= 1e-5 * Math.abs(ref.loss), `loss ${g.loss} vs ${ref.loss}`);
  close(g.dImages.dataSync(), ref.dImages.dataSync(), 'dImages');
  close(g.dRawLrs.dataSync(), ref.dRawLrs.dataSync(), 'dRawLrs');
  assert.deepEqual(Array.from(g2.dImages.dataSync()), Array.from(g.dImages.dataSync()), 'deterministic');
  assert.notEqual(gPlain.loss, g.loss, 'jitter changes the outer loss');
  tf.dispose([g.dImages, g.dRawLrs, g2.dImages, g2.dRawLrs, gPlain.dImages, gPlain.dRawLrs, ref.dImages, ref.dRawLrs,
    real.x, real.y, labels]);
  inits.release(p0);
  inits.dispose();
  plainInits.dispose();
  assert.equal(tf.memory().numTensors, before, 'no leaked tensors');
  disposeState(syn);
});

