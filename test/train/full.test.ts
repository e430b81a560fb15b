/**
 * The full-data baseline: config validation (defaults, each invalid field named), training
 * that learns, is reproducible from its seed and leaves no tensors, and the NaN guard.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { ImageDataset, loadMnist, subsetDataset, toTensors } from '../../src/data';
import { applyModel, disposeParams, initModel } from '../../src/models';
import { parseTrainConfig } from '../../src/train/config';
import { trainFull } from '../../src/train/full';
import { NonFiniteError } from '../../src/util/errors';

let train: ImageDataset, test_: ImageDataset;
before(async () => {
  assert.ok(await tf.setBackend('wasm'));
  train = subsetDataset(loadMnist('train'), Array.from({ length: 512 }, (_, i) => i));
  test_ = loadMnist('test');
});

test('train config: defaults (Adam lr 0.001, batch 128) and each invalid field named', () => {
  const c = parseTrainConfig({ dataset: 'mnist' });
  assert.deepEqual([c.epochs, c.batchSize, c.lr, c.seed, c.model.kind], [10, 128, 0.001, 0, 'quantum_lenet']);
  const bad: Array<[unknown, RegExp]> = [
    [[], /config: expected a JSON object, received \[\]/],
    [{ dataset: 'svhn' }, /dataset: expected 'mnist' or 'cifar10', received "svhn"/],
    [{ dataset: 'mnist', epochs: 0 }, /epochs: expected an integer ≥ 1, received 0/],
    [{ dataset: 'mnist', batchSize: 1.5 }, /batchSize: expected an integer ≥ 1, received 1\.5/],
    [{ dataset: 'mnist', lr: 0 }, /lr: expected a positive finite number, received 0/],
    [{ dataset: 'mnist', seed: -1 }, /seed: expected an integer from 0 to 4294967295, received -1/],
    [{ dataset: 'mnist', model: { kind: 'mlp' } },
      /model\.kind: expected 'classical_lenet', 'quantum_lenet' or 'qnn_classifier'/],
    [{ dataset: 'mnist', distillSteps: 1 },
      /distillSteps: expected one of the fields dataset, model, epochs, batchSize, lr, seed/],
  ];
  for (const [raw, message] of bad) assert.throws(() => parseTrainConfig(raw), message);
});

for (const kind of ['classical_lenet', 'quantum_lenet'] as const) {
  test(`trainFull learns (${kind}), is reproducible from its seed, reports progress, leaves no tensors`, async () => {
    const model = kind === 'classical_lenet' ? { kind } : { kind, qubits: 2, layers: 1 };
    const cfg = parseTrainConfig({ dataset: 'mnist', model, epochs: 2, batchSize: 64, lr: 0.003, seed: 1 });
    const tensors = tf.memory().numTensors;
    const steps: number[] = [];
    const a = await trainFull(cfg, train, test_, { testLimit: 300, onProgress: (p) => steps.push(p.step) });
    assert.equal(tf.memory().numTensors, tensors, 'no tensors left');
    assert.deepEqual(steps, Array.from({ length: 16 }, (_, i) => i + 1));
    assert.equal(a.test_examples, 300);
    assert.equal(a.train_examples, 512);
    assert.ok(a.epochLosses[1] < a.epochLosses[0], `loss decreases: ${a.epochLosses}`);
    assert.ok(a.accuracy > 15, `better than chance (10 %) after 16 steps: ${a.accuracy} %`);
    const b = await trainFull(cfg, train, test_, { testLimit: 300 });
    assert.deepEqual([b.accuracy, b.epochLosses], [a.accuracy, a.epochLosses]);
    // Training executions: one circuit per training image per step, all with a gradient; none for the classical model.
    const n = kind === 'classical_lenet' ? 0 : 2 * 512;
    assert.deepEqual([a.executions.forward, a.executions.gradient], [n, n]);
    // A curve of 4 evaluations (steps 4, 8, 12, 16), the last being the final accuracy; the same training.
    let seen: string[] = [];
    const c =
      await trainFull(cfg, train, test_, { testLimit: 300, curvePoints: 4, onTrained: (p) => (seen = Object.keys(p)) });
    assert.equal(tf.memory().numTensors, tensors, 'no tensors left with a curve');
    assert.deepEqual(c.curve!.map((p) => [p.step, p.examples]), [[4, 256], [8, 512], [12, 768], [16, 1024]]);
    assert.deepEqual(c.curve!.map((p) => p.executions.forward), [n / 4, n / 2, (3 * n) / 4, n],
      'executions so far, evaluations excluded');
    assert.deepEqual([c.accuracy, c.curve![3].accuracy, c.epochLosses], [a.accuracy, a.accuracy, a.epochLosses]);
    assert.ok(seen.includes('fc1.w'), 'onTrained receives the trained parameters');
  });
}

test('one step (batchSize = n): the recorded loss is the float64 cross-entropy of the initial logits', async () => {
  const { x, y } = toTensors(train, Array.from({ length: 512 }, (_, i) => i));
  const labels = y.dataSync();
  for (const model of [{ kind: 'classical_lenet' }, { kind: 'quantum_lenet', qubits: 2, layers: 1 }]) {
    const cfg = parseTrainConfig({ dataset: 'mnist', model, epochs: 1, batchSize: 512, lr: 0.003, seed: 2 });
    const p0 = initModel(cfg.model, cfg.seed);
    const z = tf.tidy(() => applyModel(cfg.model, p0, x, 'fast').dataSync() as Float32Array);
    disposeParams(p0);
    let ce = 0; // −log softmax(z_i)[y_i] = log Σ_k exp(z_ik − m) + m − z_iy, averaged over the 512 images
    for (let i = 0; i < 512; i++) {
      const row = Array.from(z.subarray(i * 10, i * 10 + 10)), m = Math.max(...row);
      ce += Math.log(row.reduce((a, v) => a + Math.exp(v - m), 0)) + m - row[labels[i]];
    }
    const r = await trainFull(cfg, train, test_, { testLimit: 10 });
    assert.equal(r.epochLosses.length, 1);
    assert.ok(Math.abs(r.epochLosses[0] - ce / 512) < 2e-5, `${model.kind}: recorded ${r.epochLosses[0]}, ` +
      `float64 ${ce / 512}`);
  }
  tf.dispose([x, y]);
});

test('trainFull stops with NonFiniteError naming the epoch and step when the loss diverges', async () => {
  const cfg =
    parseTrainConfig({ dataset: 'mnist', model: { kind: 'classical_lenet' }, epochs: 1, batchSize: 64, lr: 1e30 });
  await assert.rejects(trainFull(cfg, train, test_), (e: unknown) => e instanceof NonFiniteError &&
    /training loss is (NaN|Infinity) at epoch 0, step \d+\/8; try a smaller lr/.test(e.message));
});
