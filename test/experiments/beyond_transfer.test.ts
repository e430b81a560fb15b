/**
 * Transfer evaluation (notebook 06) on a tiny case against a direct computation: one inner
 * gradient step with soft labels, written out here with tf.grads, from each unseen seed of the
 * `evalInit` stream, then accuracy by argmax on normalised test images.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { parseDistillConfig } from '../../src/distill/config';
import {
  TRANSFER_TARGETS, TransferCell, TransferSource, transferAccuracies, transferMatrix, transferRows, transferSeeds,
} from '../../src/experiments/beyond_transfer';
import { applyModel, initModel, parseModelSpec } from '../../src/models';
import { ImageDataset } from '../../src/data/dataset';
import { streamSeed } from '../../src/util/streams';
import { Rng } from '../../src/util/rng';

test('transfer: accuracies equal one hand-written soft-label GD step from each unseen initialisation', () => {
  const cfg = parseDistillConfig({ dataset: 'mnist', model: { kind: 'quantum_lenet' }, distillSteps: 1,
    distillEpochs: 1, seed: 7, learnLabels: true });
  const rng = new Rng(3);
  const m = 10, n = 20;
  const images = Float32Array.from({ length: m * 28 * 28 }, () => rng.normal());
  const labels = Float32Array.from({ length: m * 10 }, () => rng.uniform());
  const rawLr = 2;
  const set = { images, shape: [1, m, 28, 28, 1], rawLrs: Float32Array.of(rawLr), labels, iteration: 5,
    source: 'final' as const };
  const test: ImageDataset = {
    name: 'mnist', split: 'test', images: Uint8Array.from({ length: n * 784 }, () => Math.floor(rng.uniform() * 256)),
    labels: Uint8Array.from({ length: n }, (_, i) => i % 10), n, height: 28, width: 28, channels: 1, numClasses: 10,
    mean: [0.1307], std: [0.3081],
  };
  const seeds = transferSeeds(cfg, 2);
  assert.deepEqual(seeds, [streamSeed(7, 'evalInit', 0), streamSeed(7, 'evalInit', 1)]);
  const target = { kind: 'classical_lenet' };
  const spec = parseModelSpec(target, 'mnist');
  const k = 15;
  const xt = () => tf.div(tf.sub(tf.div(tf.tensor4d(test.images.slice(0, k * 784), [k, 28, 28, 1], 'float32'), 255),
    0.1307), 0.3081) as tf.Tensor4D;
  // Predictions of the network trained by hand (before: untrained) on the first k test images.
  const direct = (s: number) => tf.tidy(() => {
    const p0 = initModel(spec, s);
    const keys = Object.keys(p0);
    const x = tf.tensor4d(images, [m, 28, 28, 1]), y = tf.tensor2d(labels, [m, 10]);
    const loss = (...ws: tf.Tensor[]) => {
      const p = Object.fromEntries(keys.map((key, j) => [key, ws[j]]));
      return tf.neg(tf.mean(tf.sum(tf.mul(y, tf.logSoftmax(applyModel(spec, p, x, 'safe'))), 1))) as tf.Scalar;
    };
    const g = tf.grads(loss)(keys.map((key) => p0[key]));
    const lr = Math.log1p(Math.exp(rawLr));
    const p1 = Object.fromEntries(keys.map((key, j) => [key, tf.sub(p0[key], tf.mul(lr, g[j]))]));
    const before = Array.from(tf.argMax(applyModel(spec, p0, xt(), 'fast'), 1).dataSync());
    const after = Array.from(tf.argMax(applyModel(spec, p1, xt(), 'fast'), 1).dataSync());
    return { before, after };
  });
  for (const s of seeds) {
    const { before, after } = direct(s);
    assert.notDeepEqual(before, after, 'the step must change some predictions, or this test could not fail');
    // Test labels = the hand-trained network's predictions: the transfer evaluation must score 100 %.
    const labelled = { ...test, labels: Uint8Array.from([...after, ...test.labels.slice(k)]) };
    assert.deepEqual(transferAccuracies(set, cfg, target, [s], labelled, k), [100]);
    const untrained = { ...test, labels: Uint8Array.from([...before, ...test.labels.slice(k)]) };
    assert.ok(transferAccuracies(set, cfg, target, [s], untrained, k)[0] < 100);
  }
  assert.equal(transferAccuracies(set, cfg, target, seeds, test, k).length, 2);
});

test('transfer: a training that diverges is NaN, counted in `diverged` and left out of the mean', () => {
  const rng = new Rng(4);
  const m = 10, n = 20;
  const images = Float32Array.from({ length: m * 28 * 28 }, () => 50 * rng.normal());
  const test: ImageDataset = {
    name: 'mnist', split: 'test', images: Uint8Array.from({ length: n * 784 }, () => Math.floor(rng.uniform() * 256)),
    labels: Uint8Array.from({ length: n }, (_, i) => i % 10), n, height: 28, width: 28, channels: 1, numClasses: 10,
    mean: [0.1307], std: [0.3081],
  };
  // A learned step of softplus(1e30) = 1e30 overflows float32 parameters for either kind of network:
  // the quantum LeNet's embedding meets non-finite features, the classical LeNet ends with non-finite weights.
  const huge = { images, shape: [1, m, 28, 28, 1], rawLrs: Float32Array.of(1e30, 1e30, 1e30), labels: null, iteration: 1,
    source: 'final' as const };
  for (const target of [{ kind: 'classical_lenet' }, { kind: 'quantum_lenet' }]) {
    const cfg = parseDistillConfig({ dataset: 'mnist', model: target, distillSteps: 1, distillEpochs: 3, seed: 2 });
    const before = tf.memory().numTensors;
    const acc = transferAccuracies(huge, cfg, target, transferSeeds(cfg, 2), test, 10);
    assert.equal(acc.length, 2);
    assert.ok(acc.every(Number.isNaN), `${target.kind}: expected NaN for diverged trainings, received ${acc}`);
    // The quantum LeNet's divergence is detected inside tf.grads' forward pass (the embedding's check
    // throws); TF.js then keeps that pass's saved tensors on its tape (tfjs-core engine.gradients has no
    // catch): a bounded leak per diverged training, measured 36 per training here.
    const leaked = tf.memory().numTensors - before;
    if (target.kind === 'classical_lenet') assert.equal(leaked, 0, 'classical LeNet: no leaked tensors');
    else assert.ok(leaked <= 50 * acc.length, `quantum LeNet: at most 50 tensors per diverged training, ${leaked}`);
  }
  const cell = (accuracies: number[]): TransferCell => ({
    source: { dataset: 'mnist', variant: { key: 'q-res-hermitian', label: '', model: {} }, init: 'random',
      imagesPerClass: 1, distillSteps: 1, method: 'paper', seed: 1 } as TransferSource,
    target: TRANSFER_TARGETS[0], accuracies, testExamples: 10,
  });
  // By hand: mean of the finite 40 and 60 is 50, sample std 14.14; 1 of 3 diverged; all diverged: no accuracy.
  const [r1, r2] = transferRows([cell([40, NaN, 60]), cell([NaN, NaN])]);
  assert.deepEqual([r1.accuracy, r1.diverged, r1.eval_inits, r1.eval_inits_sample_std], [50, 1, 3, 14.14]);
  assert.deepEqual([r2.accuracy, r2.diverged, r2.eval_inits_sample_std], ['', 2, '']);
  const m1 = transferMatrix([cell([40, NaN, 60]), { ...cell([NaN]), source: { ...cell([]).source, seed: 2 } }]);
  assert.equal(m1.rows[0][TRANSFER_TARGETS[0].key], 50, 'a seed whose trainings all diverged adds no value');
});
