/** Measurements: probabilities, PauliZ, Hermitian conventions, parametrisation, finite shots. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import * as sim from '../../src/sim';
import { Rng } from '../../src/util/rng';
import { tidy } from '../../src/util/tidy';
import { TEST_BACKENDS, useBackend } from './helpers';

function randomState(rng: Rng, batch: number, n: number): sim.State {
  return tidy(() => {
    const w = tf.tensor3d(rng.normals(2 * n * 3, 0, 2), [2, n, 3]);
    return sim.stronglyEntanglingLayers(sim.angleEmbedding(tf.tensor2d(rng.normals(batch * n), [batch, n]), n, 'Y'), w);
  });
}

for (const backend of TEST_BACKENDS) {
  test(`probabilities: sum to one, marginals and wire order; ` +
    `⟨Z⟩ ∈ [−1, 1] and = P(0) − P(1) [${backend}]`, async () => {
    await useBackend(backend);
    const rng = new Rng(41);
    const s = randomState(rng, 6, 4);
    tf.tidy(() => {
      const full = sim.probabilities(s).arraySync();
      full.forEach((row) => assert.ok(Math.abs(row.reduce((p, q) => p + q, 0) - 1) < 1e-5));
      // marginal over wires [2, 0]: outcome index 2·b2 + b0
      const m = sim.probabilities(s, [2, 0]).arraySync();
      for (let b = 0; b < 6; b++) {
        const want = [0, 0, 0, 0];
        full[b].forEach((p, j) => (want[2 * ((j >> 1) & 1) + ((j >> 3) & 1)] += p));
        want.forEach((p, k) => assert.ok(Math.abs(p - m[b][k]) < 1e-5, `marginal ${b},${k}`));
      }
      const z = sim.expvalPauliZ(s).arraySync();
      const z1 = sim.expvalPauliZ(s, [1]).arraySync();
      const p1 = sim.probabilities(s, [1]).arraySync();
      for (let b = 0; b < 6; b++) {
        z[b].forEach((v) => assert.ok(v >= -1 - 1e-6 && v <= 1 + 1e-6));
        assert.ok(Math.abs(z1[b][0] - (p1[b][0] - p1[b][1])) < 1e-5);
        assert.ok(Math.abs(z[b][1] - z1[b][0]) < 1e-6);
      }
    });
    sim.disposeState(s);
  });

  test(`Hermitian expectations: PauliZ as a Hermitian, Z⊗Z on [i, j], ` +
    `index convention (first wire = MSB) [${backend}]`, async () => {
    await useBackend(backend);
    const rng = new Rng(42);
    const s = randomState(rng, 3, 3);
    tf.tidy(() => {
      const z = sim.pauliZMatrix();
      const viaH = sim.expvalHermitian(s, z, [2]).arraySync();
      const direct = sim.expvalPauliZ(s, [2]).arraySync().map((r) => r[0]);
      viaH.forEach((v, b) => assert.ok(Math.abs(v - direct[b]) < 1e-5));
      // diag(1, 2, 3, 4) on wires [2, 0] = Σ_k (k+1) P(outcome k) with k = 2·b2 + b0
      const d = { re: tf.tensor2d([[1, 0, 0, 0], [0, 2, 0, 0], [0, 0, 3, 0], [0, 0, 0, 4]]), im: tf.zeros([4, 4]) };
      const e = sim.expvalHermitian(s, d, [2, 0]).arraySync();
      const p = sim.probabilities(s, [2, 0]).arraySync();
      e.forEach((v, b) => assert.ok(Math.abs(v - p[b].reduce((acc, q, k) => acc + (k + 1) * q, 0)) < 1e-5));
    });
    sim.disposeState(s);
  });
}

test('hermitianFromParams: (A + A†)/2 is Hermitian, batched shapes, errors', async () => {
  await useBackend('cpu');
  const rng = new Rng(43);
  tf.tidy(() => {
    const a = tf.tensor(rng.normals(3 * 4 * 4 * 2), [3, 4, 4, 2]);
    const h = sim.hermitianFromParams(a);
    assert.deepEqual(h.re.shape, [3, 4, 4]);
    const re = h.re.arraySync() as number[][][], im = h.im.arraySync() as number[][][];
    const ar = a.arraySync() as number[][][][];
    for (let g = 0; g < 3; g++) for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) {
      assert.ok(Math.abs(re[g][i][j] - re[g][j][i]) < 1e-6 && Math.abs(im[g][i][j] + im[g][j][i]) < 1e-6);
      assert.ok(Math.abs(re[g][i][j] - (ar[g][i][j][0] + ar[g][j][i][0]) / 2) < 1e-6);
      // last axis of A is (re, im): Im H = (A_im − A_imᵀ)/2, entry by entry
      assert.ok(Math.abs(im[g][i][j] - (ar[g][i][j][1] - ar[g][j][i][1]) / 2) < 1e-6, `im ${g},${i},${j}`);
    }
  });
  assert.throws(() => sim.hermitianFromParams(tf.zeros([2, 2, 3])),
    /expected a real tensor of shape \(…, d, d, 2\), received \[2,2,3\]/);
  assert.throws(() => sim.checkHermitianPairs([[[1, 0], [0, 1]], [[0, 1], [1, 0]]], 'matrix'),
    /not Hermitian: entry \[0\]\[1\] = 0\+1i but \[1\]\[0\] = 0\+1i/);
  assert.throws(() => sim.checkHermitianPairs([[[1, 0]]].concat([[[0, 0]]]), 'm'), /expected shape \(2, 2, 2\)/);
});

test('finite shots: seeded, unbiased within sampling error, right eigenvalues, errors', async () => {
  await useBackend('cpu');
  const rng = new Rng(44);
  const s = randomState(rng, 4, 3);
  const h = tidy(() => sim.hermitianFromParams(tf.tensor(new Rng(45).normals(32), [4, 4, 2])));
  const exact = tf.tidy(() => Array.from(sim.expvalHermitian(s, h, [0, 2]).dataSync()));
  const before = tf.memory().numTensors;
  const a = sim.expvalShots(s, h, [0, 2], 20000, new Rng(7));
  const b = sim.expvalShots(s, h, [0, 2], 20000, new Rng(7));
  assert.equal(tf.memory().numTensors, before, 'expvalShots leaked tensors');
  assert.deepEqual(Array.from(a), Array.from(b), 'same seed, same estimate');
  const norm = tf.tidy(() => Math.sqrt(tf.sum(tf.square(h.re)).dataSync()[0] + tf.sum(tf.square(h.im)).dataSync()[0]));
  a.forEach(
    (v, i) => assert.ok(Math.abs(v - exact[i]) < (5 * norm) / Math.sqrt(20000), `estimate ${v} vs exact ${exact[i]}`));
  // PauliZ with one shot returns exactly ±1
  const one = tidy(() => sim.expvalShots(s, sim.pauliZMatrix(), [1], 1, new Rng(1)));
  one.forEach((v) => assert.ok(v === 1 || v === -1));
  assert.throws(() => sim.expvalShots(s, h, [0, 2], 0, new Rng(1)), /shots must be a positive integer, received 0/);
  sim.disposeState(s);
  sim.disposeComplex(h);
});
