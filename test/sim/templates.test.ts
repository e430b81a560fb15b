/** Embeddings and StronglyEntanglingLayers: shapes, conventions, properties, errors, leaks. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import * as sim from '../../src/sim';
import { Rng } from '../../src/util/rng';
import { TEST_BACKENDS, useBackend } from './helpers';

const SEL = sim.StronglyEntanglingLayers;
const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

for (const backend of TEST_BACKENDS) {
  test(`StronglyEntanglingLayers: composed unitary = gate by gate, U†U = I, ` +
    `CZ and custom ranges [${backend}]`, async () => {
    await useBackend(backend);
    const rng = new Rng(10);
    for (const [L, n, ranges, imprimitive] of [[3, 6, undefined, 'CNOT'], [2, 4, [3, 2], 'CNOT'],
      [2, 3, undefined, 'CZ'], [1, 1, undefined, 'CNOT']] as const) {
      tf.tidy(() => {
        const w = tf.tensor3d(rng.normals(L * n * 3, 0, 2), SEL.shape(L, n));
        const opts = { ranges: ranges as number[] | undefined, imprimitive };
        const u = SEL.unitary(w, opts);
        const dim = 2 ** n;
        const p = sim.cMatMul(sim.adjoint(u), u);
        const err = Math.max(maxDiff(p.re, tf.eye(dim)), maxDiff(p.im, tf.zeros([dim, dim])));
        assert.ok(err < 1e-5, `L=${L} n=${n}: |U†U − I| = ${err}`);
        const feats = tf.tensor2d(rng.normals(4 * dim), [4, dim]);
        const s = sim.amplitudeEmbedding(feats, n);
        const a = SEL.applyGates(s, w, opts);
        const b = sim.stronglyEntanglingLayers(s, w, opts);
        const d = Math.max(maxDiff(a.re, b.re), maxDiff(a.im, b.im));
        assert.ok(d < 1e-5, `L=${L} n=${n} ${imprimitive}: gate-by-gate vs composed differ by ${d}`);
        const norms = Array.from(sim.norms2(b).dataSync());
        norms.forEach((v) => assert.ok(Math.abs(v - 1) < 1e-5, `norm² ${v}`));
      });
    }
  });

  test(`StronglyEntanglingLayers: gradients of both paths agree [${backend}]`, async () => {
    await useBackend(backend);
    const rng = new Rng(11);
    tf.tidy(() => {
      const w = tf.tensor3d(rng.normals(2 * 3 * 3), [2, 3, 3]);
      const x = tf.tensor2d(rng.normals(2 * 8), [2, 8]);
      const f = (path: 'gates' | 'composed') => (ww: tf.Tensor, xx: tf.Tensor) => {
        const s = sim.amplitudeEmbedding(xx as tf.Tensor2D, 3);
        const o = path === 'gates' ? SEL.applyGates(s, ww as tf.Tensor3D)
          : sim.stronglyEntanglingLayers(s, ww as tf.Tensor3D);
        return tf.sum(tf.mul(sim.expvalPauliZ(o), tf.tensor1d([0.3, -0.7, 1.1])));
      };
      const [gw1, gx1] = tf.grads(f('gates'))([w, x]);
      const [gw2, gx2] = tf.grads(f('composed'))([w, x]);
      assert.ok(maxDiff(gw1, gw2) < 1e-5 && maxDiff(gx1, gx2) < 1e-5, 'gradients differ');
    });
  });
}

for (const backend of TEST_BACKENDS) {
  test(`StronglyEntanglingLayers.applyGates with per-state weights (B, L, n, 3): ` +
    `row b = that state alone [${backend}]`, async () => {
    await useBackend(backend);
    const rng = new Rng(12);
    tf.tidy(() => {
      const [B, L, n] = [3, 2, 4];
      const w = tf.tensor4d(rng.normals(B * L * n * 3, 0, 2), [B, L, n, 3]);
      const x = tf.tensor2d(rng.normals(B * 2 ** n), [B, 2 ** n]);
      const s = SEL.applyGates(sim.amplitudeEmbedding(x, n), w);
      for (let b = 0; b < B; b++) {
        const one = tf.slice(x, [b, 0], [1, 2 ** n]) as tf.Tensor2D;
        const wb = tf.reshape(tf.slice(w, [b, 0, 0, 0], [1, L, n, 3]), [L, n, 3]) as tf.Tensor3D;
        // the composed unitary is an independent construction of the same map
        const ref = sim.stronglyEntanglingLayers(sim.amplitudeEmbedding(one, n), wb);
        const d =
          Math.max(maxDiff(tf.slice(s.re, [b, 0], [1, -1]), ref.re), maxDiff(tf.slice(s.im, [b, 0], [1, -1]), ref.im));
        assert.ok(d < 1e-5, `state ${b}: per-state gates vs composed differ by ${d}`);
      }
      // the gradient of Σ_b ⟨Z_b⟩(state b) with respect to w is, row by row, each state's own gradient
      const obj = (ww: tf.Tensor) => tf.sum(tf.mul(
        sim.expvalPauliZ(SEL.applyGates(sim.amplitudeEmbedding(x, n), ww as tf.Tensor4D), [0, 1, 2]), tf.eye(B)));
      const g = tf.grad(obj)(w);
      for (let b = 0; b < B; b++) {
        const one = tf.slice(x, [b, 0], [1, 2 ** n]) as tf.Tensor2D;
        const f = (wb: tf.Tensor) => tf.sum(
          sim.expvalPauliZ(sim.stronglyEntanglingLayers(sim.amplitudeEmbedding(one, n), wb as tf.Tensor3D), [b]));
        const ref = tf.grad(f)(tf.reshape(tf.slice(w, [b, 0, 0, 0], [1, L, n, 3]), [L, n, 3]));
        const d = maxDiff(tf.reshape(tf.slice(g, [b, 0, 0, 0], [1, L, n, 3]), [L, n, 3]), ref);
        assert.ok(d < 1e-5, `gradient row ${b} differs by ${d}`);
      }
    });
  });
}

test('StronglyEntanglingLayers helpers and validation messages', async () => {
  await useBackend('cpu');
  assert.deepEqual(SEL.shape(3, 6), [3, 6, 3]);
  assert.deepEqual(SEL.defaultRanges(4, 3), [1, 2, 1, 2]);
  assert.deepEqual(SEL.defaultRanges(2, 1), [0, 0]);
  assert.throws(() => SEL.shape(0, 6), /nLayers must be a positive integer, received 0/);
  const w = tf.zeros([2, 3, 3]) as tf.Tensor3D;
  assert.throws(() => SEL.unitary(tf.zeros([2, 3]) as unknown as tf.Tensor3D),
    /expected weights of shape \(L, n, 3\), received \[2,3\]/);
  assert.throws(() => SEL.applyGates(sim.zeroState(2, 3), tf.zeros([3, 2, 3, 3]) as tf.Tensor4D),
    /expected per-state weights for 2 states, received \[3,2,3,3\]/);
  assert.throws(() => SEL.applyGates(sim.zeroState(2, 3), tf.zeros([1, 3, 2, 3, 3]) as unknown as tf.Tensor4D),
    /expected weights of shape \(L, n, 3\) or \(batch, L, n, 3\), received \[1,3,2,3,3\]/);
  assert.throws(() => SEL.unitary(w, { ranges: [1] }), /expected 2 ranges \(one per layer\), received 1/);
  assert.throws(() => SEL.unitary(w, { ranges: [1, 3] }), /ranges must be integers in \[1, 2\], received \[1, 3\]/);
  assert.throws(() => sim.stronglyEntanglingLayers(sim.zeroState(1, 4), w), /weights are for 3 wires, the state has 4/);
  const before = tf.memory().numTensors;
  const u = SEL.unitary(w);
  sim.disposeComplex(u);
  assert.equal(tf.memory().numTensors, before, 'unitary leaked tensors');
  w.dispose();
});

test('AmplitudeEmbedding: padding, normalisation, batched rows, errors', async () => {
  await useBackend('cpu');
  tf.tidy(() => {
    const s = sim.amplitudeEmbedding(tf.tensor2d([[3, 4, 0], [1, 1, 1]]), 2, { padWith: 0 });
    const re = s.re.arraySync();
    assert.deepEqual(re[0].map((v) => Math.round(v * 1e6) / 1e6), [0.6, 0.8, 0, 0]);
    assert.ok(Math.abs(re[1][0] - 1 / Math.sqrt(3)) < 1e-6 && re[1][3] === 0);
    assert.deepEqual(Array.from(s.im.dataSync()), Array(8).fill(0));
    // pad value enters the norm (PennyLane: pad, then normalise)
    const p = sim.amplitudeEmbedding(tf.tensor2d([[1, 1, 1]]), 2, { padWith: 1 }).re.dataSync();
    assert.ok(Math.abs(p[3] - 0.5) < 1e-6);
    // normalize=false accepts unit vectors only
    const unit = Array.from(sim.amplitudeEmbedding(tf.tensor2d([[0.6, 0.8]]), 1, { normalize: false }).re.dataSync());
    assert.equal(unit.length, 2);
    [0.6, 0.8].forEach((v, i) => assert.ok(Math.abs(unit[i] - v) < 1e-6, `amplitude ${i}: ${unit[i]} vs ${v}`));
  });
  const x = (rows: number[][]) => tf.tensor2d(rows);
  assert.throws(() => sim.amplitudeEmbedding(x([[0, 0, 0, 0]]), 2),
    /feature vector 0 is all zeros and cannot be normalised/);
  assert.throws(() => sim.amplitudeEmbedding(x([[1, 2, 3, 4], [0, 0, 0, 0]]), 2), /feature vector 1 is all zeros/);
  assert.throws(() => sim.amplitudeEmbedding(x([[1, 2, 3, 4, 5]]), 2), /at most 2\^2 = 4 entries, received 5/);
  assert.throws(() => sim.amplitudeEmbedding(x([[1, 2, 3]]), 2), /3 features for 2\^2 = 4 amplitudes needs padWith/);
  assert.throws(() => sim.amplitudeEmbedding(x([[1, 1]]), 1, { normalize: false }), /must have norm 1, received 1\.41/);
  assert.throws(() => sim.amplitudeEmbedding(x([[NaN, 1]]), 1), /feature vector 0 is not finite/);
  const before = tf.memory().numTensors;
  const f = x([[1, 2]]);
  sim.disposeState(sim.amplitudeEmbedding(f, 1));
  f.dispose();
  assert.equal(tf.memory().numTensors, before - 0, 'embedding leaked tensors');
});

test('AngleEmbedding equals the rotations applied gate by gate; fewer features than wires; errors', async () => {
  await useBackend('cpu');
  const rng = new Rng(12);
  for (const rot of ['X', 'Y', 'Z'] as const) {
    tf.tidy(() => {
      const feats = tf.tensor2d(rng.normals(3 * 2, 0, 2), [3, 2]);
      const a = sim.angleEmbedding(feats, 3, rot);
      let b = sim.zeroState(3, 3);
      const gate = rot === 'X' ? sim.rx : rot === 'Y' ? sim.ry : sim.rz;
      const cols = tf.unstack(feats, 1);
      b = gate(gate(b, cols[0], 0), cols[1], 1);
      assert.ok(Math.max(maxDiff(a.re, b.re), maxDiff(a.im, b.im)) < 1e-6, `rotation ${rot}`);
    });
  }
  assert.throws(() => sim.angleEmbedding(tf.zeros([1, 4]) as tf.Tensor2D, 3),
    /expected at most 3 features \(one per wire\), received 4/);
  assert.throws(() => sim.angleEmbedding(tf.zeros([1, 2]) as tf.Tensor2D, 3, 'Q' as 'X'),
    /rotation must be 'X', 'Y' or 'Z', received 'Q'/);
  const f = tf.ones([2, 3]) as tf.Tensor2D;
  const before = tf.memory().numTensors;
  sim.disposeState(sim.angleEmbedding(f, 3, 'Y'));
  assert.equal(tf.memory().numTensors, before);
  f.dispose();
});

test('registers: zeroState, wire counts and the 20-wire limit', async () => {
  await useBackend('cpu');
  tf.tidy(() => assert.deepEqual(Array.from(sim.zeroState(2, 2).re.dataSync()), [1, 0, 0, 0, 1, 0, 0, 0]));
  assert.throws(() => sim.zeroState(1, 21), /nWires: expected an integer from 1 to 20, received 21/);
  assert.throws(() => sim.zeroState(1, 0), /received 0/);
});
