/**
 * Learnable soft labels (`learnLabels`): the config field, the one-hot start, and the gradient
 * with respect to the labels through the unrolled inner loop against central finite differences
 * (the inner cross-entropy with probability targets differentiated twice), then the sharded
 * production gradient against the single-tape one. Finite differences use the settings of
 * hypergradient.test.ts where the outer loss is continuous (see there): one inner step with every
 * parameter trained, or 2 steps × 2 epochs with the parameters after the last ReLU trained.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { toTensors } from '../../src/data/dataset';
import { parseDistillConfig } from '../../src/distill/config';
import { loadSplit } from '../../src/distill/datasets';
import { initSoftLabels, setLabels, topClasses } from '../../src/distill/labels';
import { InitCache, disposeState, initState, outerGradient, realBatchIndices } from '../../src/distill/loop';
import { hypergradient, outerLoss } from '../../src/distill/outer';
import { initSynthetic } from '../../src/distill/synthetic';
import { disposeParams, initModel, parseModelSpec } from '../../src/models';
import { Rng } from '../../src/util/rng';
import { finiteDifferenceCheck } from './finite_differences';

before(async () => assert.ok(await tf.setBackend('wasm')));

test('config: learnLabels is left out when false or absent (hash unchanged), ' +
  'kept when true, named when invalid', () => {
  const base = { dataset: 'mnist', model: { kind: 'classical_lenet' } };
  assert.deepEqual(parseDistillConfig({ ...base, learnLabels: false }), parseDistillConfig(base));
  assert.equal('learnLabels' in parseDistillConfig(base), false);
  assert.equal(parseDistillConfig({ ...base, learnLabels: true }).learnLabels, true);
  assert.throws(() => parseDistillConfig({ ...base, learnLabels: 'yes' }),
    /learnLabels: expected true or false, received "yes"/);
});

test('soft labels start one-hot at the hard labels; top classes by weight', () => {
  const soft = initSoftLabels(2, 3);
  assert.deepEqual(soft.shape, [3, 20, 10]);
  const v = soft.arraySync();
  for (const group of v) group.forEach(
    (row, i) => assert.deepEqual(row, Array.from({ length: 10 }, (_, c) => (c === Math.floor(i / 2) ? 1 : 0))));
  const top = topClasses(Float32Array.from([0.1, 0, 0.7, 0, 0, 0, 0, 0, -0.2, 0.4]));
  assert.deepEqual(top, [[{ cls: 2, weight: Math.fround(0.7) }, { cls: 9, weight: Math.fround(0.4) }]]);
  assert.throws(() => setLabels({ imagesPerClass: 1, distillSteps: 2 }, new Float32Array(10)),
    /expected 200 soft-label values \[2,10,10\], received 10/);
  soft.dispose();
});

const cases = [
  { name: 'quantum LeNet (2 qubits)', model: { kind: 'quantum_lenet', qubits: 2, layers: 1 },
    head: ['q.weights', 'q.hermitian', 'fc3.w', 'fc3.b', 'alpha', 'fcout.w', 'fcout.b'] },
  { name: 'classical LeNet', model: { kind: 'classical_lenet' }, head: ['fc3.w', 'fc3.b'] },
];

for (const c of cases) {
  test(`d outer loss / d soft labels matches central finite differences: ${c.name}`, async () => {
    assert.ok(await tf.setBackend('wasm'));
    const spec = parseModelSpec(c.model, 'mnist');
    const rng = new Rng(11);
    const params0 = initModel(spec, 0);
    const o = { distillSteps: 2, distillEpochs: 2 };
    const syn = initSynthetic(spec.input, 1, o.distillSteps, o.distillEpochs, 1.0, rng);
    // labels away from one-hot, so that the test does not depend on the start
    const soft =
      tf.tidy(() => tf.add(initSoftLabels(1, 2), tf.mul(tf.tensor(rng.normals(200), [2, 10, 10]), 0.3))) as tf.Tensor3D;
    const copy = tf.reshape(tf.slice(syn.images, [0], [1]), [10, 28, 28, 1]);
    const real = { x: tf.concat([copy, tf.tensor4d(rng.normals(6 * 784), [6, 28, 28, 1])]) as tf.Tensor4D,
      y: tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 10), 'int32') };
    copy.dispose();
    const o1 = { distillSteps: 1, distillEpochs: 1 };
    const first = { images: tf.slice(syn.images, [0], [1]), rawLrs: tf.slice(syn.rawLrs, [0], [1]) as tf.Tensor1D,
      labels: tf.slice(soft, [0], [1]) as tf.Tensor3D };
    const oHead = { ...o, trainable: c.head };
    const hg1 = hypergradient(spec, params0, first.images, first.rawLrs, first.labels, real, o1);
    const hgHead = hypergradient(spec, params0, syn.images, syn.rawLrs, soft, real, oHead);
    const loss = (im: tf.Tensor, lr: tf.Tensor, y: tf.Tensor, opts: typeof o) =>
      tf.tidy(() => outerLoss(spec, params0, im, lr as tf.Tensor1D, y as tf.Tensor3D, real, opts).dataSync()[0]);
    finiteDifferenceCheck('d loss / d soft labels (all parameters trained, one step)', first.labels, hg1.dLabels!,
      (y) => loss(first.images, first.rawLrs, y, o1), rng);
    finiteDifferenceCheck('d loss / d soft labels (head trained, 2 steps × 2 epochs)', soft, hgHead.dLabels!,
      (y) => loss(syn.images, syn.rawLrs, y, oHead), rng);
    finiteDifferenceCheck('d loss / d images with soft labels (head trained)', syn.images, hgHead.dImages,
      (im) => loss(im, syn.rawLrs, soft, oHead), rng);
    disposeParams(params0);
    tf.dispose([syn.images, syn.rawLrs, soft, real.x, real.y, first.images, first.rawLrs, first.labels]);
    tf.dispose([hg1.dImages, hg1.dRawLrs, hg1.dLabels!, hgHead.dImages, hgHead.dRawLrs, hgHead.dLabels!]);
  });
}

test('the sharded outer gradient with soft labels = the single-tape one; ' +
  'at the one-hot start = the hard-label one; no leaks', async () => {
  assert.ok(await tf.setBackend('wasm'));
  const raw = { dataset: 'mnist', model: { kind: 'quantum_lenet', qubits: 2, layers: 1 }, distillSteps: 2,
    distillEpochs: 2, batchSize: 32, shards: 4, epochs: 1, seed: 5 };
  const cfg = parseDistillConfig({ ...raw, learnLabels: true }), hardCfg = parseDistillConfig(raw);
  const train = loadSplit('mnist', 'train', { limit: 64 });
  const inits = new InitCache(cfg);
  inits.release(inits.get(0));
  const state = initState(cfg), hard = initState(hardCfg);
  const before = tf.memory().numTensors;
  const g = outerGradient(cfg, train, inits, state);
  const gHard = outerGradient(hardCfg, train, inits, hard);
  assert.equal(gHard.dLabels, undefined);
  const real = toTensors(train, realBatchIndices(cfg, train.n, 0)), p0 = inits.get(0);
  const ref = hypergradient(cfg.model, p0, state.images, state.rawLrs, state.labels!, real,
    { distillSteps: 2, distillEpochs: 2 });
  const close = (a: tf.Tensor, b: tf.Tensor, what: string, tol: number) => {
    const x = a.dataSync(), y = b.dataSync(), scale = Math.max(...Array.from(y, Math.abs));
    assert.ok(scale > 0, `${what}: a gradient to compare`);
    for (let i = 0; i < y.length; i++)
      assert.ok(Math.abs(x[i] - y[i]) <= tol * scale, `${what}[${i}]: ${x[i]} vs ${y[i]}`);
  };
  assert.ok(Math.abs(g.loss - ref.loss) <= 1e-5 * ref.loss);
  close(g.dLabels!, ref.dLabels!, 'd/d labels (sharded vs single tape)', 1e-4);
  close(g.dImages, ref.dImages, 'd/d images (sharded vs single tape)', 1e-4);
  close(g.dImages, gHard.dImages, 'd/d images (one-hot soft vs hard labels)', 1e-5);
  close(g.dRawLrs, gHard.dRawLrs, 'd/d learning rates (one-hot soft vs hard labels)', 1e-5);
  tf.dispose([g.dImages, g.dRawLrs, g.dLabels!, gHard.dImages, gHard.dRawLrs, ref.dImages, ref.dRawLrs, ref.dLabels!,
    real.x, real.y]);
  inits.release(p0);
  assert.equal(tf.memory().numTensors, before, 'no leaked tensors');
  disposeState(state);
  disposeState(hard);
  inits.dispose();
});
