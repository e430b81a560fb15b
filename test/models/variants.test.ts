/**
 * Model variants of the open questions: spec parsing (accepted and rejected fields, defaults left
 * out of the parsed spec so cached run hashes stay stable), run tags, parameter shapes and
 * trainable keys, logits of every variant on both paths, the qnn_classifier's pooling, and
 * tensor hygiene. The qnn_classifier ignores the path, so the safe-versus-fast comparisons below
 * leave it out (they would be trivially equal): its logits and gradients are checked against a
 * float64 reference in qnn_classifier.test.ts; the quantum LeNet's quantum gradients against finite differences in
 * quantum_lenet_gradients.test.ts.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { MNIST_MEAN, MNIST_STD } from '../../src/data/dataset';
import {
  ModelSpec, Params, applyModel, classifierPool, disposeParams, fc2Width, initModel, modelTag, parseModelSpec,
  quantumOutputs, trainableKeys,
} from '../../src/models';
import { classifierFeatures } from '../../src/models/qnn_classifier';
import { configHash } from '../../src/runs/config_compare';
import { Rng } from '../../src/util/rng';

before(async () => {
  assert.ok(await tf.setBackend('cpu'));
});

const mnist = (raw: Record<string, unknown>) => parseModelSpec({ kind: 'quantum_lenet', ...raw }, 'mnist');
const shapes = (p: Params) => Object.fromEntries(Object.entries(p).map(([k, t]) => [k, t.shape]));

test('parseModelSpec: embedding, rotation, hermitianQubits, quanv and fc2Width are checked and named', () => {
  const angle = mnist({ embedding: 'angle', rotation: 'Y' });
  assert.equal(angle.kind === 'quantum_lenet' && angle.embedding, 'angle');
  assert.equal(angle.kind === 'quantum_lenet' && angle.rotation, 'Y');
  assert.throws(() => mnist({ rotation: 'Y' }),
    /model\.rotation: expected no rotation unless embedding is 'angle', received "Y"/);
  assert.throws(() => mnist({ embedding: 'amplitude', rotation: 'X' }),
    /model\.rotation: expected no rotation unless embedding is 'angle', received "X"/);
  assert.throws(() => mnist({ embedding: 'angle', rotation: 'W' }),
    /model\.rotation: expected 'X' or 'Y', received "W"/);
  assert.throws(() => mnist({ embedding: 'angle', rotation: 'Z' }), /model\.rotation: expected 'X' or 'Y' \(RZ on \|0⟩ only adds a phase: the embedding would ignore its input\), received "Z"/);
  assert.throws(() => mnist({ embedding: 'basis' }),
    /model\.embedding: expected 'amplitude' or 'angle', received "basis"/);

  const k2 = mnist({ hermitianQubits: 2, qubits: 6 });
  assert.equal(k2.kind === 'quantum_lenet' && k2.hermitianQubits, 2);
  assert.equal(mnist({ hermitianQubits: 3, observable: 'hermitian_fixed' }).kind, 'quantum_lenet');
  assert.throws(() => mnist({ hermitianQubits: 4, qubits: 6 }),
    /model\.hermitianQubits: expected an integer from 1 to 3, received 4/);
  assert.throws(() => mnist({ hermitianQubits: 3, qubits: 4 }),
    /model\.hermitianQubits: expected a divisor of qubits = 4 \(groups of adjacent qubits\), received 3/);
  assert.throws(() => mnist({ hermitianQubits: 2, observable: 'pauliz' }),
    /model\.hermitianQubits: expected 1 with the PauliZ observable, received 2/);
  assert.throws(() => mnist({ hermitianQubits: 1.5 }),
    /model\.hermitianQubits: expected an integer from 1 to 3, received 1\.5/);
  assert.deepEqual(mnist({ hermitianQubits: 1, observable: 'pauliz' }), mnist({ observable: 'pauliz' }));

  const qv = mnist({ quanv: { circuit: 'sel' } });
  assert.deepEqual(qv.kind === 'quantum_lenet' && qv.quanv, { circuit: 'sel', layers: 1 });
  assert.throws(() => parseModelSpec({ kind: 'quantum_lenet', quanv: { circuit: 'random' } }, 'cifar10'),
    /model\.quanv: expected MNIST-sized 28×28 inputs .*received "32×32"/);
  assert.throws(() => mnist({ quanv: { circuit: 'conv' } }),
    /model\.quanv\.circuit: expected 'random' or 'sel', received "conv"/);
  assert.throws(() => mnist({ quanv: { circuit: 'sel', depth: 2 } }),
    /model\.quanv\.depth: expected one of the fields circuit, layers, received 2/);
  assert.throws(() => mnist({ quanv: { circuit: 'sel', layers: 0 } }),
    /model\.quanv\.layers: expected an integer from 1 to 20, received 0/);
  assert.throws(() => mnist({ quanv: 'random' }), /model\.quanv: expected an object such as/);

  // FC2 width: n for angle embedding, 2^n for amplitude
  assert.equal(fc2Width(mnist({ embedding: 'angle', qubits: 6, fc2Width: 6 }) as never), 6);
  assert.equal(fc2Width(mnist({ qubits: 6, fc2Width: 64 }) as never), 64);
  assert.throws(() => mnist({ embedding: 'angle', qubits: 6, fc2Width: 64 }),
    /model\.fc2Width: expected qubits = 6 \(AngleEmbedding, one feature per qubit\), received 64/);
  assert.throws(() => mnist({ qubits: 6, fc2Width: 6 }),
    /model\.fc2Width: expected 2\^qubits = 64 \(AmplitudeEmbedding .*\), received 6/);
  assert.equal(quantumOutputs(mnist({ hermitianQubits: 3 }) as never), 2);
  assert.equal(quantumOutputs(mnist({ observable: 'pauliz', qubits: 4 }) as never), 4);

  // qnn_classifier: MNIST only, its own fields
  assert.deepEqual(parseModelSpec({ kind: 'qnn_classifier' }, 'mnist'),
    { kind: 'qnn_classifier', input: { height: 28, width: 28, channels: 1 }, qubits: 6, layers: 2 });
  assert.throws(() => parseModelSpec({ kind: 'qnn_classifier' }, 'cifar10'),
    /model\.kind: expected 'qnn_classifier' only with dataset 'mnist', received "cifar10"/);
  assert.throws(() => parseModelSpec({ kind: 'qnn_classifier', observable: 'pauliz' }, 'mnist'),
    /model\.observable: expected one of the fields kind, qubits, layers, received "pauliz"/);
  assert.throws(() => parseModelSpec({ kind: 'qnn_classifier', qubits: 1 }, 'mnist'),
    /model\.qubits: expected an integer from 2 to 10, received 1/);
  assert.throws(() => parseModelSpec({ kind: 'qnn_classifier', layers: 0 }, 'mnist', 'teacher'),
    /teacher\.layers: expected an integer from 1 to 50, received 0/);
});

test('parseModelSpec leaves default-valued variant fields out, so configs of the plain model keep their hash', () => {
  const plain = mnist({});
  const explicit = [
    { embedding: 'amplitude' },
    { hermitianQubits: 1 },
    { embedding: 'amplitude', hermitianQubits: 1 },
    { qubits: 6, layers: 3, observable: 'hermitian', residual: true, freezeCircuit: false, embedding: 'amplitude',
      hermitianQubits: 1, fc2Width: 64 },
  ];
  for (const raw of explicit) {
    const s = mnist(raw);
    assert.deepEqual(s, plain, `${JSON.stringify(raw)} parses to the plain spec`);
    assert.deepEqual(Object.keys(s).sort(), Object.keys(plain).sort(),
      `${JSON.stringify(raw)}: no extra keys (not even undefined ones)`);
    assert.equal(configHash(s), configHash(plain));
    assert.equal(JSON.stringify(s), JSON.stringify(plain));
  }
  // rotation 'X' is the default of angle embedding
  const ax = mnist({ embedding: 'angle', rotation: 'X' });
  assert.deepEqual(ax, mnist({ embedding: 'angle' }));
  assert.ok(!('rotation' in ax));
  assert.notEqual(configHash(ax), configHash(plain));
  assert.notEqual(configHash(mnist({ embedding: 'angle', rotation: 'Y' })), configHash(ax));
});

test('modelTag: readable and distinct for each variant', () => {
  const tags = [
    [parseModelSpec({ kind: 'classical_lenet' }, 'mnist'), 'classical'],
    [mnist({}), 'quantum-hermitian-res'],
    [mnist({ observable: 'pauliz', residual: false }), 'quantum-pauliz'],
    [mnist({ freezeCircuit: true, observable: 'hermitian_fixed' }), 'quantum-hermitian_fixed-res-frozen'],
    [mnist({ qubits: 4, layers: 2 }), 'quantum-hermitian-res-4q2l'],
    [mnist({ embedding: 'angle' }), 'quantum-hermitian-res-angleX'],
    [mnist({ embedding: 'angle', rotation: 'Y', qubits: 8 }), 'quantum-hermitian-res-8q3l-angleY'],
    [mnist({ hermitianQubits: 2 }), 'quantum-hermitian-res-k2'],
    [mnist({ hermitianQubits: 1 }), 'quantum-hermitian-res'],
    [mnist({ quanv: { circuit: 'random' } }), 'quantum-hermitian-res-quanv-random1'],
    [mnist({ quanv: { circuit: 'sel', layers: 2 }, hermitianQubits: 3, embedding: 'angle', rotation: 'Y' }),
      'quantum-hermitian-res-angleY-k3-quanv-sel2'],
    [parseModelSpec({ kind: 'qnn_classifier' }, 'mnist'), 'qnn-6q2l'],
    [parseModelSpec({ kind: 'qnn_classifier', qubits: 8, layers: 4 }, 'mnist'), 'qnn-8q4l'],
  ] as const;
  for (const [spec, tag] of tags) assert.equal(modelTag(spec as ModelSpec), tag);
});

test('classifierPool: the smallest pooling whose image fits the amplitude register', () => {
  const m = { height: 28, width: 28, channels: 1 };
  assert.equal(classifierPool(m, 8), 2);
  assert.equal(classifierPool(m, 6), 4);
  assert.equal(classifierPool(m, 4), 7);
  assert.equal(classifierPool(m, 10), 1);
  assert.equal(classifierPool(m, 2), 14);
  assert.equal(classifierPool({ height: 32, width: 32, channels: 3 }, 6), 8);
  assert.throws(() => classifierPool({ height: 32, width: 32, channels: 3 }, 1),
    /qnn_classifier: no pooling of 32×32×3 images fits 1 qubits/);
});

test('parameter shapes and trainable keys of each variant', () => {
  const check = (raw: Record<string, unknown>, expected: Record<string, number[]>, absent: string[],
    frozen: string[] = []) => {
    const spec = raw.kind === 'qnn_classifier' ? parseModelSpec(raw, 'mnist') : mnist(raw);
    const p = initModel(spec, 0);
    const got = shapes(p);
    for (const [k, s] of Object.entries(expected)) assert.deepEqual(got[k], s, `${JSON.stringify(raw)}: ${k}`);
    for (const k of absent) assert.ok(!(k in p), `${JSON.stringify(raw)}: ${k} should be absent`);
    const keys = trainableKeys(spec, p);
    assert.deepEqual([...keys].sort(), Object.keys(p).filter((k) => !frozen.includes(k)).sort(),
      `${JSON.stringify(raw)}: trainable keys`);
    disposeParams(p);
  };
  check({ embedding: 'angle' }, { 'fc2.w': [120, 6], 'fc2.b': [6], 'fcres.w': [6, 10], 'q.weights': [3, 6, 3],
    'q.hermitian': [6, 2, 2, 2], 'fc3.w': [6, 10] }, []);
  check({ embedding: 'angle', qubits: 8, residual: false, observable: 'pauliz' },
    { 'fc2.w': [120, 8], 'q.weights': [3, 8, 3], 'fc3.w': [8, 10] }, ['q.hermitian', 'fcres.w', 'alpha']);
  check({ hermitianQubits: 2 },
    { 'fc2.w': [120, 64], 'q.hermitian': [3, 4, 4, 2], 'fc3.w': [3, 10], 'fcres.w': [64, 10] }, []);
  check({ hermitianQubits: 3, observable: 'hermitian_fixed' }, { 'q.hermitian': [2, 8, 8, 2], 'fc3.w': [2, 10] }, [],
    ['q.hermitian']);
  check({ hermitianQubits: 2, qubits: 4, freezeCircuit: true },
    { 'q.hermitian': [2, 4, 4, 2], 'fc2.w': [120, 16], 'q.weights': [3, 4, 3] }, [], ['q.weights']);
  check({ quanv: { circuit: 'random' } }, { 'quanv.unitary': [2, 16, 16], 'conv2.w': [5, 5, 4, 16], 'conv2.b': [16],
    'fc1.w': [400, 120] }, ['conv1.w', 'conv1.b', 'quanv.weights'], ['quanv.unitary']);
  check({ quanv: { circuit: 'sel', layers: 2 } },
    { 'quanv.weights': [2, 4, 3], 'conv2.w': [5, 5, 4, 16], 'fc1.w': [400, 120] }, ['conv1.w', 'quanv.unitary']);
  check({ kind: 'qnn_classifier', qubits: 8, layers: 3 }, { 'q.weights': [3, 8, 3], 'head.w': [8, 10], 'head.b': [10] },
    ['fc1.w', 'conv1.w']);
});

test('quanvolution parameters: the random circuit is a seeded unitary, the SEL weights have the xavier scale', () => {
  const spec = mnist({ quanv: { circuit: 'random', layers: 2 } });
  const p = initModel(spec, 3), again = initModel(spec, 3), other = initModel(spec, 4);
  tf.tidy(() => {
    const [re, im] = tf.unstack(p['quanv.unitary']);
    // U†U = I: (re − i·im)ᵀ (re + i·im) = (reᵀre + imᵀim) + i(reᵀim − imᵀre)
    const rr = tf.add(tf.matMul(re, re, true), tf.matMul(im, im, true)),
      ii = tf.sub(tf.matMul(re, im, true), tf.matMul(im, re, true));
    const err = Math.max(tf.max(tf.abs(tf.sub(rr, tf.eye(16)))).dataSync()[0], tf.max(tf.abs(ii)).dataSync()[0]);
    assert.ok(err < 1e-5, `U†U − I: ${err}`);
    assert.ok(tf.max(tf.abs(im)).dataSync()[0] > 1e-3, 'a complex circuit (RX/RZ gates)');
  });
  assert.deepEqual(Array.from(p['quanv.unitary'].dataSync()), Array.from(again['quanv.unitary'].dataSync()),
    'same seed, same circuit');
  assert.notDeepEqual(Array.from(p['quanv.unitary'].dataSync()), Array.from(other['quanv.unitary'].dataSync()),
    'another seed, another circuit');
  [p, again, other].forEach(disposeParams);
  const sel = mnist({ quanv: { circuit: 'sel', layers: 4 } });
  const draws = Array.from({ length: 60 }, (_, s) => initModel(sel, 100 + s));
  const all = tf.concat(draws.map((d) => tf.reshape(d['quanv.weights'], [-1])));
  const sd = tf.tidy(() => Math.sqrt(tf.moments(all).variance.dataSync()[0]));
  assert.ok(Math.abs(sd - Math.sqrt(2 / (12 + 12))) < 0.02, `quanv.weights std ${sd} vs ${Math.sqrt(2 / 24)}`);
  draws.forEach(disposeParams);
  all.dispose();
});

test('qnn_classifier: features are the average-pooled pixels (x·std + mean)', () => {
  const spec = parseModelSpec({ kind: 'qnn_classifier', qubits: 4 }, 'mnist');
  if (spec.kind !== 'qnn_classifier') throw new Error('unreachable');
  const rng = new Rng(9);
  tf.tidy(() => {
    const x = tf.tensor4d(rng.normals(2 * 784), [2, 28, 28, 1]);
    const f = classifierFeatures(spec, x);
    assert.deepEqual(f.shape, [2, 16]);
    const xs = x.arraySync();
    const got = f.arraySync();
    for (const [n, r, c] of [[0, 0, 0], [1, 2, 3], [0, 3, 1]]) {
      let sum = 0;
      for (let i = 0; i < 7; i++) for (let j = 0; j < 7; j++)
        sum += xs[n][7 * r + i][7 * c + j][0] * MNIST_STD[0] + MNIST_MEAN[0];
      assert.ok(Math.abs(got[n][4 * r + c] - sum / 49) < 1e-5, `pooled pixel (${n}, ${r}, ${c})`);
    }
  });
});

const VARIANTS: Array<Record<string, unknown>> = [
  { kind: 'quantum_lenet', embedding: 'angle' },
  { kind: 'quantum_lenet', embedding: 'angle', rotation: 'Y', observable: 'pauliz', residual: false },
  { kind: 'quantum_lenet', hermitianQubits: 2 },
  { kind: 'quantum_lenet', hermitianQubits: 3, embedding: 'angle', rotation: 'Y' },
  { kind: 'quantum_lenet', quanv: { circuit: 'random' } },
  { kind: 'quantum_lenet', quanv: { circuit: 'sel', layers: 2 }, hermitianQubits: 2, freezeCircuit: true },
  { kind: 'qnn_classifier' },
  { kind: 'qnn_classifier', qubits: 8, layers: 1 },
];

test('every variant: logits [N, 10], the same on both paths (quantum LeNet), and no leaked tensors', () => {
  const rng = new Rng(5);
  const x = tf.tensor4d(rng.normals(3 * 784), [3, 28, 28, 1]);
  for (const raw of VARIANTS) {
    const spec = parseModelSpec(raw, 'mnist');
    const p = initModel(spec, 1);
    const before = tf.memory().numTensors;
    const safe = applyModel(spec, p, x, 'safe'), fast = applyModel(spec, p, x, 'fast');
    assert.equal(tf.memory().numTensors, before + 2, `${JSON.stringify(raw)}: applyModel leaked tensors`);
    assert.deepEqual(safe.shape, [3, 10]);
    // applyModel ignores the path for the qnn_classifier (safe = fast by construction): qnn_classifier.test.ts
    // checks its logits against a float64 forward pass instead
    if (spec.kind !== 'qnn_classifier') {
      const d = tf.tidy(() => tf.max(tf.abs(tf.sub(safe, fast))).dataSync()[0]);
      assert.ok(d < 1e-4, `${JSON.stringify(raw)}: safe and fast logits differ by ${d}`);
    }
    assert.ok(Array.from(safe.dataSync()).every(Number.isFinite), `${JSON.stringify(raw)}: finite logits`);
    // the images matter (distinct logits per image)
    const spread = tf.tidy(
      () => tf.max(tf.abs(tf.sub(tf.slice(safe, [0, 0], [1, 10]), tf.slice(safe, [1, 0], [1, 10])))).dataSync()[0]);
    assert.ok(spread > 1e-6, `${JSON.stringify(raw)}: logits do not depend on the image`);
    tf.dispose([safe, fast]);
    disposeParams(p);
  }
  x.dispose();
});

test('variants with trainable quantum parts: gradients of every trainable parameter, ' +
  'the same on both paths (quantum LeNet), no leaks', () => {
  const rng = new Rng(6);
  const x = tf.tensor4d(rng.normals(2 * 784), [2, 28, 28, 1]);
  for (const raw of [VARIANTS[3], VARIANTS[5], VARIANTS[6]]) {
    const spec = parseModelSpec(raw, 'mnist');
    const p = initModel(spec, 2);
    const keys = trainableKeys(spec, p);
    const f = (path: 'safe' | 'fast') => (...ts: tf.Tensor[]) => {
      const q = { ...p };
      keys.forEach((k, i) => (q[k] = ts[i]));
      return tf.sum(tf.mul(applyModel(spec, q, x, path), tf.linspace(-1, 1, 10))) as tf.Scalar;
    };
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const ga = tf.grads(f('safe'))(keys.map((k) => p[k]));
      const gb = tf.grads(f('fast'))(keys.map((k) => p[k]));
      keys.forEach((k, i) => {
        const d = tf.max(tf.abs(tf.sub(ga[i], gb[i]))).dataSync()[0];
        const s = tf.max(tf.abs(gb[i])).dataSync()[0];
        // the qnn_classifier ignores the path (tautological here): qnn_classifier.test.ts checks its gradients
        // against finite differences of a float64 forward pass
        if (spec.kind !== 'qnn_classifier') {
          assert.ok(d / Math.max(1e-3, s) < 1e-3,
            `${JSON.stringify(raw)}: gradient of ${k} differs (${d} vs scale ${s})`);
        }
        if (k === 'q.weights' || k === 'quanv.weights' || k === 'q.hermitian')
          assert.ok(s > 0, `${JSON.stringify(raw)}: zero gradient for ${k}`);
      });
    });
    assert.equal(tf.memory().numTensors, before, `${JSON.stringify(raw)}: gradient leaked tensors`);
    disposeParams(p);
  }
  x.dispose();
});
