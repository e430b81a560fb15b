/** Models: spec validation, initialisation (seeded, authors' scales), shapes, paths, training flags. */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { applyModel, disposeParams, initModel, paramCount, parseModelSpec, trainableKeys } from '../../src/models';
import { Rng } from '../../src/util/rng';

before(async () => {
  await tf.setBackend('cpu');
});

const std = (t: tf.Tensor) => tf.tidy(() => Math.sqrt(tf.moments(t).variance.dataSync()[0]));

test('spec validation fills defaults and names the bad field', () => {
  const q = parseModelSpec({ kind: 'quantum_lenet' }, 'mnist');
  assert.deepEqual(q, { kind: 'quantum_lenet', input: { height: 28, width: 28, channels: 1 }, qubits: 6, layers: 3,
    observable: 'hermitian', residual: true, freezeCircuit: false });
  assert.deepEqual(parseModelSpec({ kind: 'classical_lenet' }, 'cifar10').input,
    { height: 32, width: 32, channels: 3 });
  assert.throws(() => parseModelSpec({ kind: 'quantum_lenet', qubits: 6, fc2Width: 60 }, 'mnist'),
    /model\.fc2Width: expected 2\^qubits = 64 .*received 60/);
  assert.throws(() => parseModelSpec({ kind: 'quantum_lenet', observable: 'X' }, 'mnist'),
    /model\.observable: expected 'pauliz', 'hermitian' or 'hermitian_fixed', received "X"/);
  assert.throws(() => parseModelSpec({ kind: 'quantum_lenet', qubits: 0 }, 'mnist'),
    /model\.qubits: expected an integer from 1 to 10, received 0/);
  assert.throws(() => parseModelSpec({ kind: 'resnet' }, 'mnist'),
    /model\.kind: expected 'classical_lenet', 'quantum_lenet' or 'qnn_classifier', received "resnet"/);
  assert.throws(() => parseModelSpec({ kind: 'quantum_lenet', residul: true }, 'mnist'),
    /model\.residul: expected one of the fields/);
  assert.throws(() => parseModelSpec({ kind: 'classical_lenet' }, 'svhn' as 'mnist'),
    /dataset: expected 'mnist' or 'cifar10', received "svhn"/);
});

test('classical LeNet: parameter shapes and count (61,706 for MNIST), logits shape, seeded init', () => {
  const spec = parseModelSpec({ kind: 'classical_lenet' }, 'mnist');
  const p = initModel(spec, 3);
  assert.deepEqual(p['conv1.w'].shape, [5, 5, 1, 6]);
  assert.deepEqual(p['fc1.w'].shape, [400, 120]);
  assert.equal(paramCount(p), 61706);
  const again = initModel(spec, 3), other = initModel(spec, 4);
  assert.deepEqual(Array.from(p['fc2.w'].dataSync()), Array.from(again['fc2.w'].dataSync()));
  assert.notDeepEqual(Array.from(p['fc2.w'].dataSync()), Array.from(other['fc2.w'].dataSync()));
  // xavier-normal: std √(2/(in+out)); conv fans include the 5×5 receptive field
  assert.ok(Math.abs(std(p['fc1.w']) - Math.sqrt(2 / 520)) < 0.003);
  assert.ok(Math.abs(std(p['conv2.w']) - Math.sqrt(2 / (6 * 25 + 16 * 25))) < 0.006);
  assert.equal(tf.max(tf.abs(p['fc1.b'])).dataSync()[0], 0);
  const x = tf.randomNormal([3, 28, 28, 1]) as tf.Tensor4D;
  assert.deepEqual(applyModel(spec, p, x).shape, [3, 10]);
  [p, again, other].forEach(disposeParams);
  x.dispose();
});

test('quantum LeNet: parts, circuit init scale, trainable flags, residual off, CIFAR input', () => {
  const spec = parseModelSpec({ kind: 'quantum_lenet' }, 'mnist');
  const p = initModel(spec, 0);
  assert.deepEqual(p['fc2.w'].shape, [120, 64]);
  assert.deepEqual(p['q.weights'].shape, [3, 6, 3]);
  assert.deepEqual(p['q.hermitian'].shape, [6, 2, 2, 2]);
  assert.equal(p.alpha.dataSync()[0], 0.5);
  assert.deepEqual(p['fcres.w'].shape, [64, 10]);
  assert.deepEqual(p['fcout.w'].shape, [10, 10]);
  assert.ok(trainableKeys(spec, p).includes('q.weights') && trainableKeys(spec, p).includes('q.hermitian'));
  const frozen = parseModelSpec({ kind: 'quantum_lenet', freezeCircuit: true, observable: 'hermitian_fixed' }, 'mnist');
  const pf = initModel(frozen, 0);
  assert.ok(!trainableKeys(frozen, pf).includes('q.weights') && !trainableKeys(frozen, pf).includes('q.hermitian'));
  // the fixed Hermitian is the same random draw as the trainable one
  assert.deepEqual(Array.from(pf['q.hermitian'].dataSync()), Array.from(p['q.hermitian'].dataSync()));
  const noRes = parseModelSpec({ kind: 'quantum_lenet', residual: false, observable: 'pauliz' }, 'cifar10');
  const pn = initModel(noRes, 0);
  assert.ok(!('alpha' in pn) && !('fcres.w' in pn) && !('q.hermitian' in pn));
  const x = tf.randomNormal([2, 32, 32, 3]) as tf.Tensor4D;
  assert.deepEqual(applyModel(noRes, pn, x).shape, [2, 10]);
  assert.throws(() => applyModel(noRes, pn, tf.zeros([2, 28, 28, 1]) as tf.Tensor4D),
    /expected images of shape \[N, 32, 32, 3\], received \[2,28,28,1\]/);
  // circuit weights: std √(2/27) over many draws
  const draws = Array.from({ length: 40 }, (_, s) => initModel(spec, 100 + s));
  const all = tf.concat(draws.map((d) => tf.reshape(d['q.weights'], [-1])));
  assert.ok(Math.abs(std(all) - Math.sqrt(2 / 27)) < 0.02, `circuit weight std ${std(all)}`);
  [p, pf, pn, ...draws].forEach(disposeParams);
  tf.dispose([x, all]);
});

test('safe and fast paths compute the same logits and gradients (both models)', () => {
  const rng = new Rng(5);
  for (const raw of [{ kind: 'classical_lenet' }, { kind: 'quantum_lenet' }]) {
    const spec = parseModelSpec(raw, 'mnist');
    const p = initModel(spec, 1);
    tf.tidy(() => {
      const x = tf.tensor4d(rng.normals(4 * 784), [4, 28, 28, 1]);
      const keys = trainableKeys(spec, p);
      const f = (path: 'safe' | 'fast') => (...ts: tf.Tensor[]) => {
        const q = { ...p };
        keys.forEach((k, i) => (q[k] = ts[i]));
        return tf.sum(tf.mul(applyModel(spec, q, x, path), tf.linspace(-1, 1, 10)));
      };
      const a = applyModel(spec, p, x, 'safe'), b = applyModel(spec, p, x, 'fast');
      assert.ok(tf.max(tf.abs(tf.sub(a, b))).dataSync()[0] < 1e-4, `${spec.kind}: logits differ`);
      const ga = tf.grads(f('safe'))(keys.map((k) => p[k]));
      const gb = tf.grads(f('fast'))(keys.map((k) => p[k]));
      keys.forEach((k, i) => {
        const d = tf.max(tf.abs(tf.sub(ga[i], gb[i]))).dataSync()[0];
        const s = Math.max(1e-3, tf.max(tf.abs(gb[i])).dataSync()[0]);
        assert.ok(d / s < 1e-3, `${spec.kind}: gradient of ${k} differs (${d} vs scale ${s})`);
      });
    });
    disposeParams(p);
  }
});
