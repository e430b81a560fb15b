import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { randomRealBaseline, randomRealSet } from '../../src/distill/baselines';
import { parseDistillConfig } from '../../src/distill/config';
import { loadSplit } from '../../src/distill/datasets';
import { evaluateDistilled } from '../../src/distill/evaluate';
import { toTensors } from '../../src/data/dataset';
import { applyModel, initModel } from '../../src/models';

/** softplus⁻¹(y) = log(e^y − 1) in plain float64 (the raw rate whose softplus is y). */
const rawOf = (y: number) => Math.log(Math.exp(y) - 1);

test('random real set: class-major groups of real images, seeded; baseline accuracy is a percentage', async () => {
  assert.ok(await tf.setBackend('wasm'));
  const cfg = parseDistillConfig({ dataset: 'mnist', model: { kind: 'classical_lenet' }, imagesPerClass: 2,
    distillSteps: 2, distillEpochs: 1, seed: 5 });
  const train = loadSplit('mnist', 'train', { limit: 2000 }), test = loadSplit('mnist', 'test', { limit: 200 });
  const before = tf.memory().numTensors;
  const set = randomRealSet(cfg, train, 0);
  assert.deepEqual(set.shape, [2, 20, 28, 28, 1]);
  // every image is one of the training images (normalised), in class-major order
  const x = tf.tidy(() => tf.reshape(set, [40, 784]).arraySync() as number[][]);
  // de-normalise each image back to bytes and find the training image it came from
  const bytes = (row: number[]) => row.map((v) => Math.round((v * train.std[0] + train.mean[0]) * 255));
  const labelOf = (row: number[]) => {
    const b = bytes(row);
    return Array.from({ length: train.n }, (_, i) => i)
      .find((i) => b.every((v, k) => Math.abs(train.images[i * 784 + k] - v) <= 1));
  };
  const found = x.map(labelOf);
  assert.ok(found.every((i) => i !== undefined), 'all images come from the training set');
  assert.deepEqual(found.map((i) => train.labels[i as number]), [0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8,
    9, 9, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9]);
  assert.equal(new Set(found).size, 40, 'no image repeats');
  const again = randomRealSet(cfg, train, 0);
  assert.deepEqual(Array.from(again.dataSync()), Array.from(set.dataSync()));
  tf.dispose([set, again]);
  const r = randomRealBaseline(cfg, train, test, 1);
  assert.equal(r.accuracies.length, 1);
  assert.ok(r.mean >= 0 && r.mean <= 100);
  assert.equal(tf.memory().numTensors, before);
  // The same value by another route: the set of draw 0 trained directly by evaluateDistilled from the fixed
  // initialisation (cfg.seed), hand-made class-major labels, and raw rates log(e^lr − 1) computed here.
  const hard = () => tf.tensor1d([0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9], 'int32');
  const viaBaseline = [r, randomRealBaseline(cfg, train, test, 1, 0.3)];
  [cfg.distillLr, 0.3].forEach((lr, i) => {
    const direct = tf.tidy(() => evaluateDistilled(cfg.model, randomRealSet(cfg, train, 0),
      tf.tensor1d([rawOf(lr), rawOf(lr)]), hard(), { distillSteps: 2, distillEpochs: 1 }, [5], test));
    assert.deepEqual(viaBaseline[i], direct, `lr ${lr}: the baseline is the direct evaluation at softplus⁻¹(lr)`);
  });
  assert.notEqual(viaBaseline[1].mean, viaBaseline[0].mean, 'the rate matters at this size');
});

test('random-real baseline: one learning rate per inner step (e.g. the learned ones), checked', async () => {
  assert.ok(await tf.setBackend('wasm'));
  const cfg = parseDistillConfig({ dataset: 'mnist', model: { kind: 'classical_lenet' }, imagesPerClass: 1,
    distillSteps: 1, distillEpochs: 3, seed: 5 });
  const train = loadSplit('mnist', 'train', { limit: 500 }), test = loadSplit('mnist', 'test', { limit: 200 });
  const same = randomRealBaseline(cfg, train, test, 1, [0.05, 0.05, 0.05]);
  assert.deepEqual(same, randomRealBaseline(cfg, train, test, 1, 0.05), 'equal rates = one rate');
  assert.throws(() => randomRealBaseline(cfg, train, test, 1, [0.1, 0.1]),
    /expected one positive learning rate or 3 \(one per inner step\), received \[0\.1,0\.1\]/);
  assert.throws(() => randomRealBaseline(cfg, train, test, 1, [0.1, -1, 0.1]), /one per inner step/);
});

test('random-real baseline = plain SGD by hand: two steps from the fixed initialisation, then argmax', async () => {
  assert.ok(await tf.setBackend('wasm'));
  const cfg = parseDistillConfig({ dataset: 'mnist', model: { kind: 'classical_lenet' }, imagesPerClass: 1,
    distillSteps: 2, distillEpochs: 1, seed: 5 });
  const train = loadSplit('mnist', 'train', { limit: 500 }), test = loadSplit('mnist', 'test', { limit: 50 });
  const lr = 0.05, spec = cfg.model;
  // θ ← θ − lr ∇ mean_i (logsumexp(z_i) − z_i,y_i) on group 0, then on group 1; labels 0…9 in each group.
  const preds = tf.tidy(() => {
    const groups = tf.unstack(randomRealSet(cfg, train, 0)) as tf.Tensor4D[];
    const y = tf.oneHot(tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'int32'), 10);
    let params = initModel(spec, cfg.seed);
    const keys = Object.keys(params);
    for (const x of groups) {
      const loss = (...ws: tf.Tensor[]) => {
        const z = applyModel(spec, Object.fromEntries(keys.map((k, j) => [k, ws[j]])), x, 'fast') as tf.Tensor2D;
        return tf.mean(tf.sub(tf.logSumExp(z, 1), tf.sum(tf.mul(z, y), 1)));
      };
      const g = tf.grads(loss)(keys.map((k) => params[k]));
      params = Object.fromEntries(keys.map((k, j) => [k, tf.sub(params[k], tf.mul(lr, g[j]))]));
    }
    const z = applyModel(spec, params, toTensors(test, Array.from({ length: 50 }, (_, i) => i)).x, 'fast');
    return (z.arraySync() as number[][]).map((row) => row.indexOf(Math.max(...row)));
  });
  const hits = preds.filter((p, i) => p === test.labels[i]).length;
  assert.deepEqual(randomRealBaseline(cfg, train, test, 1, lr).accuracies, [(100 * hits) / 50]);
  // Relabelled with the hand-trained network's predictions, the baseline's network agrees on every image.
  const relabelled = { ...test, labels: Uint8Array.from(preds) };
  assert.deepEqual(randomRealBaseline(cfg, train, relabelled, 1, lr).accuracies, [100]);
  assert.ok(new Set(preds).size > 1, `a network that predicts more than one class (predictions ${preds})`);
});
