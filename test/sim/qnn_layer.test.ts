/**
 * The fused paper layer (AmplitudeEmbedding → StronglyEntanglingLayers → one observable per
 * wire) against PennyLane's numbers directly, and against the gate-by-gate generic path
 * (`StronglyEntanglingLayers.applyGates`: one Rot or CNOT at a time, none of the composed unitary
 * qnnLayer is built on) for the gradients PennyLane's fixtures don't contain (trainable Hermitians).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import * as sim from '../../src/sim';
import { Rng } from '../../src/util/rng';
import { FixtureCase, TEST_BACKENDS, loadFixtures, maxAbsDiff, maxLooseDiff, useBackend } from './helpers';

/**
 * Fixture cases the layer can express: amplitude embedding, first n observables = one 1-qubit observable
 * per wire in order.
 */
const layerCases = loadFixtures().cases.filter(
  (c) =>
    c.embedding.type === 'amplitude' &&
    c.embedding.normalize === true &&
    c.observables.length >= c.n_wires &&
    c.observables.slice(0, c.n_wires).every((o, w) => o.wires.length === 1 && o.wires[0] === w) &&
    new Set(c.observables.slice(0, c.n_wires).map((o) => o.kind)).size === 1,
);

function observableOf(c: FixtureCase): sim.LayerObservable {
  if (c.observables[0].kind === 'PauliZ') return { kind: 'pauliz' };
  return { kind: 'hermitian',
    h: sim.complexFromPairs(c.observables.slice(0, c.n_wires).map((o) => o.matrix), 'matrix') };
}

for (const backend of TEST_BACKENDS) {
  test(`qnnLayer reproduces PennyLane expvals and gradients ` +
    `(${layerCases.length} cases incl. 6-wire) [${backend}]`, async () => {
    await useBackend(backend);
    assert.ok(layerCases.length >= 10 &&
      layerCases.some((c) => c.n_wires === 6 && c.observables[0].kind === 'Hermitian'));
    assert.ok(layerCases.some((c) => c.observables[0].kind === 'PauliZ'));
    for (const c of layerCases) {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const n = c.n_wires;
        const x = tf.tensor2d([c.embedding.features]);
        const w = tf.tensor3d(c.layers.weights);
        const obs = observableOf(c);
        const opts = { ranges: c.layers.ranges, padWith: (c.embedding.pad_with as number | null) ?? 0 };
        const vals = Array.from(sim.qnnLayer(x, w, obs, opts).dataSync());
        assert.ok(maxAbsDiff(vals, c.expvals.slice(0, n)) <= 1e-4,
          `case ${c.id}: expvals ${vals} vs ${c.expvals.slice(0, n)}`);
        for (let k = 0; k < n; k++) {
          const f = (xx: tf.Tensor, ww: tf.Tensor) =>
            tf.sum(tf.slice(sim.qnnLayer(xx as tf.Tensor2D, ww as tf.Tensor3D, obs, opts), [0, k], [1, 1]));
          const [gx, gw] = tf.grads(f)([x, w]);
          assert.ok(maxLooseDiff(gw.arraySync(), c.grad_weights[k]) <= 1e-3, `case ${c.id} obs ${k}: grad_weights`);
          assert.ok(maxLooseDiff(gx.arraySync(), [c.grad_features[k]]) <= 1e-3, `case ${c.id} obs ${k}: grad_features`);
        }
      });
      assert.equal(tf.memory().numTensors, before, `case ${c.id}: tensors leaked`);
    }
  });

  test(`qnnLayer with trainable Hermitians = generic path, ` +
    `values and all gradients, batch of 5 [${backend}]`, async () => {
    await useBackend(backend);
    const rng = new Rng(21);
    tf.tidy(() => {
      const n = 6, L = 3, B = 5;
      const x = tf.tensor2d(rng.normals(B * 64), [B, 64]);
      const w = tf.tensor3d(rng.normals(L * n * 3), [L, n, 3]);
      const a = tf.tensor4d(rng.normals(n * 8), [n, 2, 2, 2]);
      const cot = tf.tensor2d(rng.normals(B * n), [B, n]);
      const fast = (xx: tf.Tensor, ww: tf.Tensor, aa: tf.Tensor) =>
        sim.qnnLayer(xx as tf.Tensor2D, ww as tf.Tensor3D, { kind: 'hermitian', h: sim.hermitianFromParams(aa) });
      const generic = (xx: tf.Tensor, ww: tf.Tensor, aa: tf.Tensor) => {
        // gate by gate: not the composed unitary (selColumns) that qnnLayer is built on
        const s =
          sim.StronglyEntanglingLayers.applyGates(sim.amplitudeEmbedding(xx as tf.Tensor2D, n), ww as tf.Tensor3D);
        const h = sim.hermitianFromParams(aa);
        const cols = Array.from({ length: n }, (_, q) =>
          sim.expvalHermitian(s, { re: tf.squeeze(tf.slice(h.re, [q, 0, 0], [1, 2, 2]), [0]),
            im: tf.squeeze(tf.slice(h.im, [q, 0, 0], [1, 2, 2]), [0]) }, [q]));
        return tf.stack(cols, 1);
      };
      assert.ok(maxAbsDiff(fast(x, w, a).arraySync(), generic(x, w, a).arraySync()) < 1e-5, 'values');
      const loss = (f: (xx: tf.Tensor, ww: tf.Tensor, aa: tf.Tensor) => tf.Tensor) =>
        (xx: tf.Tensor, ww: tf.Tensor, aa: tf.Tensor) => tf.sum(tf.mul(f(xx, ww, aa), cot));
      const g1 = tf.grads(loss(fast))([x, w, a]);
      const g2 = tf.grads(loss(generic))([x, w, a]);
      ['features', 'weights', 'hermitian'].forEach((name, i) =>
        assert.ok(maxLooseDiff(g1[i].arraySync(), g2[i].arraySync()) < 1e-4, `gradient w.r.t. ${name}`));
    });
  });

  test(`qnnLayer with AngleEmbedding (RX, RY; fewer angles than wires) = generic path, ` +
    `values and gradients [${backend}]`, async () => {
    await useBackend(backend);
    const rng = new Rng(5);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      const n = 5, L = 2, B = 4;
      for (const rotation of ['X', 'Y'] as const) {
        for (const k of [n, n - 2]) {
          const x = tf.tensor2d(rng.normals(B * k, 0, 1.5), [B, k]);
          const w = tf.tensor3d(rng.normals(L * n * 3), [L, n, 3]);
          const a = tf.tensor4d(rng.normals(n * 8), [n, 2, 2, 2]);
          const cot = tf.tensor2d(rng.normals(B * n), [B, n]);
          for (const kind of ['pauliz', 'hermitian'] as const) {
            const obs = (aa: tf.Tensor): sim.LayerObservable =>
              (kind === 'pauliz' ? { kind } : { kind, h: sim.hermitianFromParams(aa) });
            const fast = (xx: tf.Tensor, ww: tf.Tensor, aa: tf.Tensor) =>
              sim.qnnLayer(xx as tf.Tensor2D, ww as tf.Tensor3D, obs(aa), { angle: rotation });
            const generic = (xx: tf.Tensor, ww: tf.Tensor, aa: tf.Tensor) => {
              const s = sim.StronglyEntanglingLayers.applyGates(sim.angleEmbedding(xx as tf.Tensor2D, n, rotation),
                ww as tf.Tensor3D);
              if (kind === 'pauliz') return sim.expvalPauliZ(s);
              const h = sim.hermitianFromParams(aa);
              return tf.stack(Array.from({ length: n }, (_, q) =>
                sim.expvalHermitian(s, { re: tf.squeeze(tf.slice(h.re, [q, 0, 0], [1, 2, 2]), [0]),
                  im: tf.squeeze(tf.slice(h.im, [q, 0, 0], [1, 2, 2]), [0]) }, [q])), 1);
            };
            const what = `R${rotation}, ${k} angles, ${kind}`;
            assert.ok(maxAbsDiff(fast(x, w, a).arraySync(), generic(x, w, a).arraySync()) < 1e-5, `${what}: values`);
            const loss = (f: (xx: tf.Tensor, ww: tf.Tensor, aa: tf.Tensor) => tf.Tensor) =>
              (xx: tf.Tensor, ww: tf.Tensor, aa: tf.Tensor) => tf.sum(tf.mul(f(xx, ww, aa), cot));
            const grads = (f: (xx: tf.Tensor, ww: tf.Tensor, aa: tf.Tensor) => tf.Tensor) =>
              (kind === 'pauliz' ? tf.grads((xx: tf.Tensor, ww: tf.Tensor) => loss(f)(xx, ww, a))([x, w])
                : tf.grads(loss(f))([x, w, a]));
            const g1 = grads(fast), g2 = grads(generic);
            const names = kind === 'pauliz' ? ['features', 'weights'] : ['features', 'weights', 'hermitian'];
            names.forEach((name, i) =>
              assert.ok(maxLooseDiff(g1[i].arraySync(), g2[i].arraySync()) < 1e-4, `${what}: gradient w.r.t. ${name}`));
          }
        }
      }
    });
    assert.equal(tf.memory().numTensors, before, 'no leaked tensors');
  });
}

test('qnnLayer: shape errors and the zero-vector error', async () => {
  await useBackend('cpu');
  const w = tf.zeros([3, 6, 3]) as tf.Tensor3D;
  const h = sim.hermitianFromParams(tf.zeros([5, 2, 2, 2]));
  assert.throws(() => sim.qnnLayer(tf.ones([2, 64]) as tf.Tensor2D, w, { kind: 'hermitian', h }),
    /expected 6 one-qubit Hermitians \(shape \(6, 2, 2\)\), received \[5,2,2\]/);
  assert.throws(() => sim.qnnLayer(tf.zeros([2, 64]) as tf.Tensor2D, w, { kind: 'pauliz' }),
    /feature vector 0 is all zeros/);
  assert.throws(() => sim.qnnLayer(tf.ones([2, 65]) as tf.Tensor2D, w, { kind: 'pauliz' }),
    /at most 2\^6 = 64 entries, received 65/);
});
