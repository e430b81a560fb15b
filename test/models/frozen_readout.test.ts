/**
 * A frozen circuit's composed readout, computed once (`precomputeFrozen`): same logits, same
 * gradients (first and second order) as composing it on every pass; no-ops where it does not
 * apply; shape and path errors named; no leaked tensors.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  Params, QuantumLenetSpec, applyModel, disposeParams, initModel, parseModelSpec, precomputeFrozen, trainableKeys,
} from '../../src/models';
import { hypergradient } from '../../src/distill/outer';
import { parseDistillConfig } from '../../src/distill/config';
import { InitCache } from '../../src/distill/loop';
import { circuitLayer } from '../../src/sim/circuit_layer';
import { qnnLayer, qnnReadout } from '../../src/sim/qnn_layer';
import { hermitianFromParams } from '../../src/sim/measurements';
import { Rng } from '../../src/util/rng';

before(async () => {
  await tf.setBackend('cpu');
});

const mnist = (raw: Record<string, unknown>) =>
  parseModelSpec({ kind: 'quantum_lenet', ...raw }, 'mnist') as QuantumLenetSpec;
const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
const scale = (a: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(a)).dataSync()[0]);

const FROZEN = [
  { freezeCircuit: true },
  { freezeCircuit: true, observable: 'pauliz', residual: false },
  { freezeCircuit: true, embedding: 'angle', rotation: 'X', qubits: 6 },
];

test('precomputeFrozen: q.readout of the right shape, not trainable, one new tensor; ' +
  'logits and gradients unchanged', () => {
  const rng = new Rng(11);
  const x = tf.tensor4d(rng.normals(3 * 784), [3, 28, 28, 1]);
  for (const raw of FROZEN) {
    const spec = mnist(raw);
    const p = initModel(spec, 4);
    const before = tf.memory().numTensors;
    const pc = precomputeFrozen(spec, p);
    assert.equal(tf.memory().numTensors, before + 1, `${JSON.stringify(raw)}: one new tensor`);
    assert.deepEqual(pc['q.readout'].shape, [64, (spec.observable === 'pauliz' ? 2 : 6) * 64]);
    assert.equal(precomputeFrozen(spec, pc), pc, 'already precomputed: the same record');
    assert.deepEqual(trainableKeys(spec, pc), trainableKeys(spec, p),
      `${JSON.stringify(raw)}: q.readout is not trained`);
    for (const path of ['safe', 'fast'] as const) {
      const d = tf.tidy(() => maxDiff(applyModel(spec, p, x, path), applyModel(spec, pc, x, path)));
      assert.ok(d < 1e-5, `${JSON.stringify(raw)} ${path}: logits differ by ${d}`);
    }
    const keys = trainableKeys(spec, p);
    const grads = (q: Params) => tf.grads((xx: tf.Tensor, ...ts: tf.Tensor[]) => {
      const r = { ...q };
      keys.forEach((k, i) => (r[k] = ts[i]));
      return tf.sum(tf.mul(applyModel(spec, r, xx as tf.Tensor4D, 'safe'), tf.linspace(-1, 1, 10))) as tf.Scalar;
    })([x, ...keys.map((k) => q[k])]);
    const n0 = tf.memory().numTensors;
    tf.tidy(() => {
      const ga = grads(p), gb = grads(pc);
      ['x', ...keys].forEach((k, i) => {
        const d = maxDiff(ga[i], gb[i]), s = scale(ga[i]);
        assert.ok(s > 0 && d / s < 1e-4, `${JSON.stringify(raw)}: gradient of ${k} differs (${d} vs scale ${s})`);
      });
    });
    assert.equal(tf.memory().numTensors, n0, `${JSON.stringify(raw)}: gradients leaked tensors`);
    disposeParams(pc); // frees p's tensors and q.readout
    assert.equal(tf.memory().numTensors, before - Object.keys(p).length,
      `${JSON.stringify(raw)}: disposeParams frees q.readout`);
  }
  x.dispose();
});

test('precomputeFrozen: the hypergradient (second order, through the unrolled steps) is unchanged', () => {
  const spec = mnist({ freezeCircuit: true, qubits: 4 });
  const p = initModel(spec, 2), pc = precomputeFrozen(spec, p);
  const rng = new Rng(3);
  const images = tf.tensor(rng.normals(10 * 784), [1, 10, 28, 28, 1]);
  const labels = tf.tensor1d(Array.from({ length: 10 }, (_, i) => i), 'int32');
  const rawLrs = tf.tensor1d([0.5, -1, 0.2]);
  const real = { x: tf.tensor4d(rng.normals(6 * 784), [6, 28, 28, 1]), y: tf.tensor1d([0, 1, 2, 3, 4, 5], 'int32') };
  const o = { distillSteps: 1, distillEpochs: 3 };
  const a = hypergradient(spec, p, images, rawLrs, labels, real, o),
    b = hypergradient(spec, pc, images, rawLrs, labels, real, o);
  assert.ok(Math.abs(a.loss - b.loss) < 1e-5, `loss ${a.loss} vs ${b.loss}`);
  for (const [name, u, v] of [['images', a.dImages, b.dImages], ['learning rates', a.dRawLrs, b.dRawLrs]] as const) {
    const d = maxDiff(u, v), s = scale(u);
    assert.ok(s > 0 && d / s < 1e-4, `d loss / d ${name} differs (${d} vs scale ${s})`);
  }
  tf.dispose([a.dImages, a.dRawLrs, b.dImages, b.dRawLrs, images, labels, rawLrs, real.x, real.y]);
  disposeParams(pc);
});

test('precomputeFrozen: the same record where there is nothing to precompute', () => {
  for (const spec of [
    mnist({}), // trainable circuit
    mnist({ freezeCircuit: true, hermitianQubits: 2, qubits: 4 }), // groups: no fused readout
    parseModelSpec({ kind: 'classical_lenet' }, 'mnist'),
  ]) {
    const p = initModel(spec, 0);
    assert.equal(precomputeFrozen(spec, p), p, `${JSON.stringify(spec)}: unchanged`);
    disposeParams(p);
  }
});

test('InitCache: a frozen circuit comes precomputed, and is freed with the cache', () => {
  const before = tf.memory().numTensors;
  const cfg = parseDistillConfig({ dataset: 'mnist', model: { kind: 'quantum_lenet', freezeCircuit: true },
    distillSteps: 1, distillEpochs: 1, epochs: 1 });
  const cache = new InitCache(cfg);
  const p = cache.get(0);
  assert.ok(p['q.readout'], 'q.readout present');
  assert.equal(cache.get(5), p, 'fixed init: the same record every iteration');
  cache.release(p);
  cache.dispose();
  assert.equal(tf.memory().numTensors, before);
});

test('readout errors: wrong shape, and a path without a fused readout', () => {
  const rng = new Rng(1);
  const w = tf.tensor3d(rng.normals(2 * 4 * 3), [2, 4, 3]);
  const feats = tf.tensor2d(rng.normals(2 * 16), [2, 16]);
  const h = hermitianFromParams(tf.tensor(rng.normals(4 * 8), [4, 2, 2, 2]));
  const zRead = qnnReadout(w, 'pauliz');
  assert.deepEqual(zRead.shape, [16, 32]);
  assert.throws(
    () => qnnLayer(feats, w, { kind: 'hermitian', h }, { readout: zRead }),
    /qnnLayer: expected a readout of shape \[16, 96\] \(qnnReadout of 4-qubit weights, hermitian\), received \[16,32\]/,
  );
  const h2 = hermitianFromParams(tf.tensor(rng.normals(2 * 4 * 4 * 2), [2, 4, 4, 2]));
  assert.throws(() =>
    circuitLayer(feats, w, { embedding: 'amplitude', observable: { kind: 'hermitian', h: h2, k: 2 }, readout: zRead }),
    /circuitLayer: a precomputed readout needs one-qubit observables .*received amplitude with groups of 2 qubits/);
  tf.dispose([w, feats, h.re, h.im, h2.re, h2.im, zRead]);
});
