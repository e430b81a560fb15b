/** Measurements: probabilities, PauliZ, Hermitian conventions, parametrisation, finite shots. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import * as sim from '../../src/sim';
import { Rng } from '../../src/util/rng';
import { tidy } from '../../src/util/tidy';
import { TEST_BACKENDS, useBackend } from './helpers';
import { C, CMatrix, RY, applyOn, expvalsZ, mm, selApply } from './reference_sim';

/**
 * A random batch of states: AngleEmbedding (RY) of random features, then two StronglyEntanglingLayers.
 * `s` from the simulator under test; `psi` the same states built gate by gate in float64 with
 * `reference_sim.ts` (RY(x_q) on every wire q of |0…0⟩, then `selApply`), from the same numbers.
 */
function randomState(rng: Rng, batch: number, n: number): { s: sim.State; psi: C[][] } {
  const w = rng.normals(2 * n * 3, 0, 2), x = rng.normals(batch * n);
  const s = tidy(() => sim.stronglyEntanglingLayers(
    sim.angleEmbedding(tf.tensor2d(x, [batch, n]), n, 'Y'), tf.tensor3d(w, [2, n, 3])));
  const weights = [0, 1].map((l) => Array.from({ length: n }, (_, q) => Array.from(w.subarray(
    (l * n + q) * 3, (l * n + q) * 3 + 3))));
  const psi = Array.from({ length: batch }, (_, b) => {
    let v = Array.from({ length: 2 ** n }, (_, i): C => [i === 0 ? 1 : 0, 0]);
    for (let q = 0; q < n; q++) v = applyOn(v, RY(x[b * n + q]), [q], n);
    return selApply(v, weights);
  });
  return { s, psi };
}

/**
 * Float64 reference probabilities of the outcomes of `wires`, from the amplitudes: P(k) = Σ |ψ_i|² over
 * the indices i whose bits on `wires` spell k (wire w is bit n−1−w of i; the first listed wire is k's MSB).
 */
function refProbs(psi: C[], wires: number[], n: number): number[] {
  const out = new Array<number>(2 ** wires.length).fill(0);
  psi.forEach(([re, im], i) => {
    const k = wires.reduce((acc, w) => 2 * acc + ((i >> (n - 1 - w)) & 1), 0);
    out[k] += re * re + im * im;
  });
  return out;
}

for (const backend of TEST_BACKENDS) {
  test(`probabilities: sum to one, marginals and wire order; ` +
    `⟨Z⟩ ∈ [−1, 1] and = P(0) − P(1), all against float64 amplitudes [${backend}]`, async () => {
    await useBackend(backend);
    const rng = new Rng(41);
    const n = 4;
    const { s, psi } = randomState(rng, 6, n);
    tf.tidy(() => {
      const full = sim.probabilities(s).arraySync();
      // marginal over wires [2, 0]: outcome index 2·b2 + b0, b2 = bit 1 and b0 = bit 3 of the amplitude index
      const m = sim.probabilities(s, [2, 0]).arraySync();
      const z = sim.expvalPauliZ(s).arraySync();
      const z1 = sim.expvalPauliZ(s, [1]).arraySync();
      const p1 = sim.probabilities(s, [1]).arraySync();
      for (let b = 0; b < 6; b++) {
        assert.ok(Math.abs(full[b].reduce((p, q) => p + q, 0) - 1) < 1e-5);
        const wantFull = refProbs(psi[b], [0, 1, 2, 3], n), wantM = refProbs(psi[b], [2, 0], n);
        wantFull.forEach((p, j) => assert.ok(Math.abs(p - full[b][j]) < 1e-5, `P ${b},${j}: ${full[b][j]} vs ${p}`));
        wantM.forEach((p, k) => assert.ok(Math.abs(p - m[b][k]) < 1e-5, `marginal ${b},${k}: ${m[b][k]} vs ${p}`));
        // the marginal is not trivially uniform
        assert.ok(Math.max(...wantM.map((p) => Math.abs(p - 0.25))) > 0.01, `marginal ${b} is nearly uniform`);
        // ⟨Z_w⟩ = Σ_i (−1)^{b_w(i)} |ψ_i|² (reference_sim's expvalsZ)
        const wantZ = expvalsZ(psi[b], n);
        z[b].forEach((v, w) => {
          assert.ok(v >= -1 - 1e-6 && v <= 1 + 1e-6);
          assert.ok(Math.abs(v - wantZ[w]) < 1e-5, `⟨Z_${w}⟩ ${b}: ${v} vs ${wantZ[w]}`);
        });
        // ⟨Z_1⟩ = P(b1 = 0) − P(b1 = 1), with both probabilities summed from the float64 amplitudes
        const wantP1 = refProbs(psi[b], [1], n);
        assert.ok(Math.abs(p1[b][0] - wantP1[0]) < 1e-5 && Math.abs(p1[b][1] - wantP1[1]) < 1e-5, `P(b1) ${b}`);
        assert.ok(Math.abs(z1[b][0] - (wantP1[0] - wantP1[1])) < 1e-5, `⟨Z_1⟩ ${b}: ${z1[b][0]}`);
      }
      assert.ok(Math.max(...psi.flatMap((v) => expvalsZ(v, n).map(Math.abs))) > 0.1, 'trivially small ⟨Z⟩');
    });
    sim.disposeState(s);
  });

  test(`Hermitian expectations: PauliZ as a Hermitian, Z⊗Z on [i, j], ` +
    `index convention (first wire = MSB), against float64 amplitudes [${backend}]`, async () => {
    await useBackend(backend);
    const rng = new Rng(42);
    const n = 3;
    const { s, psi } = randomState(rng, 3, n);
    tf.tidy(() => {
      const z = sim.pauliZMatrix();
      const viaH = sim.expvalHermitian(s, z, [2]).arraySync();
      viaH.forEach((v, b) => assert.ok(Math.abs(v - expvalsZ(psi[b], n)[2]) < 1e-5, `⟨Z_2⟩ ${b}`));
      // Z⊗Z on [0, 2] = diag(1, −1, −1, 1): ⟨Z_0 Z_2⟩ = Σ_i (−1)^{b0(i) + b2(i)} |ψ_i|², b0 = bit 2, b2 = bit 0
      const zz = { re: tf.tensor2d([[1, 0, 0, 0], [0, -1, 0, 0], [0, 0, -1, 0], [0, 0, 0, 1]]), im: tf.zeros([4, 4]) };
      const ezz = sim.expvalHermitian(s, zz, [0, 2]).arraySync();
      ezz.forEach((v, b) => {
        const want = psi[b].reduce((acc, [re, im], i) => acc + (((i >> 2) ^ i) & 1 ? -1 : 1) * (re * re + im * im), 0);
        assert.ok(Math.abs(v - want) < 1e-5, `⟨Z_0 Z_2⟩ ${b}: ${v} vs ${want}`);
      });
      // diag(1, 2, 3, 4) on wires [2, 0] = Σ_k (k+1) P(outcome k) with k = 2·b2 + b0; P from the float64 amplitudes.
      // Not symmetric under swapping the wires: [0, 2] would give Σ_k (k+1) P'(k) with k = 2·b0 + b2.
      const d = { re: tf.tensor2d([[1, 0, 0, 0], [0, 2, 0, 0], [0, 0, 3, 0], [0, 0, 0, 4]]), im: tf.zeros([4, 4]) };
      const e = sim.expvalHermitian(s, d, [2, 0]).arraySync();
      e.forEach((v, b) => {
        const want = refProbs(psi[b], [2, 0], n).reduce((acc, q, k) => acc + (k + 1) * q, 0);
        const swapped = refProbs(psi[b], [0, 2], n).reduce((acc, q, k) => acc + (k + 1) * q, 0);
        assert.ok(Math.abs(v - want) < 1e-5, `⟨diag(1, 2, 3, 4)⟩ ${b}: ${v} vs ${want}`);
        assert.ok(Math.abs(want - swapped) > 1e-3, `state ${b} does not tell the wire orders apart`);
      });
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
  const { s } = randomState(rng, 4, 3);
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
  // A 2-wire Hermitian with eigenvalues chosen by hand: H = U·diag(λ)·U†, λ = (−1.5, −0.25, 0.5, 2),
  // U = D·W, W = H⊗H = ½·S, S = [[1, 1, 1, 1], [1, −1, 1, −1], [1, 1, −1, −1], [1, −1, −1, 1]] (W = Wᵀ,
  // W·W = I), D = diag(1, i, −1, −i): U·U† = D·W·W·D† = I, so H has exactly the eigenvalues λ.
  // M = W·diag(λ)·W: M_ij = ¼ Σ_k S_ik S_jk λ_k: M_ii = ¼·0.75 = 3/16, M01 = ¼(−1.5 + 0.25 + 0.5 − 2) = −11/16,
  // M02 = M13 = ¼(−1.5 − 0.25 − 0.5 − 2) = −17/16, M03 = M12 = ¼(−1.5 + 0.25 − 0.5 + 2) = 1/16, M23 = −11/16;
  // H_ij = d_i·M_ij·conj(d_j): H01 = −11/16·(−i) = 11i/16, H02 = −17/16·(−1) = 17/16, H03 = 1/16·i = i/16,
  // H12 = i·1/16·(−1) = −i/16, H13 = i·(−17/16)·i = 17/16, H23 = −1·(−11/16)·i = 11i/16 (exact in float32);
  // the lower triangle is the conjugate.
  const lambda = [-1.5, -0.25, 0.5, 2];
  const hRe = [[3, 0, 17, 0], [0, 3, 0, 17], [17, 0, 3, 0], [0, 17, 0, 3]].map((r) => r.map((x) => x / 16));
  const hIm = [[0, 11, 0, 1], [-11, 0, -1, 0], [0, 1, 0, 11], [-1, 0, -11, 0]].map((r) => r.map((x) => x / 16));
  // the hand computation, checked in float64: U·diag(λ)·U† with reference_sim's matrix product
  const S = [[1, 1, 1, 1], [1, -1, 1, -1], [1, 1, -1, -1], [1, -1, -1, 1]];
  const phases: C[] = [[1, 0], [0, 1], [-1, 0], [0, -1]];
  const U: CMatrix = S.map((r, i) => r.map((x): C => [(phases[i][0] * x) / 2, (phases[i][1] * x) / 2]));
  const Udag = U.map((row, i) => row.map((_, j): C => [U[j][i][0], -U[j][i][1]]));
  const ULU = mm(mm(U, lambda.map((l, i) => lambda.map((_, j): C => [i === j ? l : 0, 0]))), Udag);
  ULU.forEach((row, i) => row.forEach(([re, im], j) =>
    assert.ok(Math.abs(re - hRe[i][j]) < 1e-12 && Math.abs(im - hIm[i][j]) < 1e-12, `hand H[${i}][${j}]`)));
  const hl = tidy(() => ({ re: tf.tensor2d(hRe), im: tf.tensor2d(hIm) }));
  const seen = new Set<number>();
  for (let seed = 1; seed <= 50; seed++) {
    sim.expvalShots(s, hl, [0, 2], 1, new Rng(seed)).forEach((v) => {
      const k = lambda.findIndex((l) => Math.abs(v - l) < 1e-5); // float32 tolerance
      assert.ok(k >= 0, `1-shot estimate ${v} is not an eigenvalue of H (${lambda})`);
      seen.add(k);
    });
  }
  assert.equal(seen.size, 4, `200 one-shot estimates hit only the eigenvalues ${[...seen].map((k) => lambda[k])}`);
  sim.disposeComplex(hl);
  assert.throws(() => sim.expvalShots(s, h, [0, 2], 0, new Rng(1)), /shots must be a positive integer, received 0/);
  sim.disposeState(s);
  sim.disposeComplex(h);
});
