/**
 * `expvalHermitianGroups` (one Hermitian per group of k adjacent wires) for k = 1, 2, 3, 6 on 6
 * wires. Reference values: ⟨ψ|H_g ⊗ I|ψ⟩ in float64, amplitude by amplitude in plain JS
 * (`reference_sim.ts`, checked against PennyLane in `reference_sim.test.ts`), with H = (A + A†)/2
 * also built in plain JS. Reference gradients (in the Hermitian parameters A and in the state's
 * amplitudes): central finite differences of the function itself along random directions.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { expvalHermitianGroups } from '../../src/sim/hermitian_groups';
import { hermitianFromParams } from '../../src/sim/measurements';
import { makeState } from '../../src/sim/state';
import { Rng } from '../../src/util/rng';
import { TEST_BACKENDS, useBackend } from './helpers';
import { C, expvalOn, hermitianOf } from './reference_sim';

const n = 6, B = 3, D = 2 ** n;

/** Random amplitudes `[B, 2^n]` (re, im), normalised per state when `normalise`. */
function amplitudes(rng: Rng, normalise: boolean): { re: tf.Tensor2D; im: tf.Tensor2D } {
  const re = Array.from(rng.normals(B * D)), im = Array.from(rng.normals(B * D));
  for (let b = 0; b < B && normalise; b++) {
    let s = 0;
    for (let i = b * D; i < (b + 1) * D; i++) s += re[i] ** 2 + im[i] ** 2;
    for (let i = b * D; i < (b + 1) * D; i++) (re[i] /= Math.sqrt(s)), (im[i] /= Math.sqrt(s));
  }
  return { re: tf.tensor2d(re, [B, D]), im: tf.tensor2d(im, [B, D]) };
}

/** `[B, n/k]` in float64: group g is H_g = (A_g + A_g†)/2 on wires g·k … g·k + k − 1 (first = MSB). */
function reference(re: number[][], im: number[][], a: number[][][][], k: number): number[][] {
  return re.map((row, b) => {
    const psi = row.map((x, i): C => [x, im[b][i]]);
    return a.map((ag, g) => expvalOn(psi, hermitianOf(ag), Array.from({ length: k }, (_, i) => g * k + i), n));
  });
}

for (const backend of TEST_BACKENDS) {
  test(`expvalHermitianGroups, k = 1, 2, 3, 6 on 6 wires, equals ⟨ψ|H_g ⊗ I|ψ⟩ summed in float64 [${backend}]`,
    async () => {
      await useBackend(backend);
      const rng = new Rng(11);
      const s = amplitudes(rng, true);
      const state = makeState(s.re, s.im);
      const re = s.re.arraySync(), im = s.im.arraySync();
      for (const k of [1, 2, 3, 6]) {
        const d = 2 ** k;
        const a = tf.tensor4d(rng.normals((n / k) * d * d * 2), [n / k, d, d, 2]);
        const h = hermitianFromParams(a);
        const before = tf.memory().numTensors;
        const got = expvalHermitianGroups(state, h, k);
        assert.equal(tf.memory().numTensors, before + 1, `k = ${k}: tensors leaked`);
        assert.deepEqual(got.shape, [B, n / k]);
        const want = reference(re, im, a.arraySync(), k), out = got.arraySync();
        const scale = Math.max(1, ...want.flat().map(Math.abs));
        const err = Math.max(...out.flat().map((x, i) => Math.abs(x - want.flat()[i])));
        assert.ok(err <= 1e-5 * scale, `k = ${k}: max difference ${err} (scale ${scale})`);
        assert.ok(Math.max(...want.flat().map(Math.abs)) > 0.1, `k = ${k}: trivially small expectations`);
        tf.dispose([a, h.re, h.im, got]);
      }
      tf.dispose([s.re, s.im]);
    });

  test(`expvalHermitianGroups: gradients in the Hermitian parameters and the amplitudes match central ` +
    `finite differences, k = 1, 2, 3, 6 [${backend}]`, async () => {
    await useBackend(backend);
    const rng = new Rng(12);
    for (const k of [1, 2, 3, 6]) {
      tf.tidy(() => {
        const d = 2 ** k, g = n / k;
        const s = amplitudes(rng, false); // unnormalised: the expectation is a quadratic form of any amplitudes
        const a = tf.tensor4d(rng.normals(g * d * d * 2), [g, d, d, 2]);
        const cot = tf.tensor2d(rng.normals(B * g), [B, g]);
        const loss = (aa: tf.Tensor, re: tf.Tensor, im: tf.Tensor) => tf.sum(tf.mul(cot,
          expvalHermitianGroups(makeState(re as tf.Tensor2D, im as tf.Tensor2D), hermitianFromParams(aa), k)));
        const grads = tf.grads(loss)([a, s.re, s.im]);
        const at = (t: tf.Tensor[]) => loss(t[0], t[1], t[2]).dataSync()[0];
        // The loss is linear in A and quadratic in the amplitudes, so a central difference along
        // either alone is exact but for float32 round-off (about 1e-7·|loss|/ε): a large step is best.
        const eps = 0.05;
        for (const [part, idx] of [['hermitian', [0]], ['amplitudes', [1, 2]]] as const) {
          const base = [a, s.re, s.im];
          const v = base.map((t, i) => ((idx as readonly number[]).includes(i)
            ? tf.tensor(rng.normals(t.size), t.shape) : tf.zerosLike(t)));
          const fd = (at(base.map((t, i) => tf.add(t, tf.mul(v[i], eps)))) -
            at(base.map((t, i) => tf.sub(t, tf.mul(v[i], eps))))) / (2 * eps);
          const an = grads.reduce((acc, gr, i) => acc + tf.sum(tf.mul(gr, v[i])).dataSync()[0], 0);
          assert.ok(Math.abs(fd) > 1, `k = ${k}, ${part}: directional derivative ${fd} is trivially small`);
          assert.ok(Math.abs(an - fd) <= 1e-3 * Math.abs(fd),
            `k = ${k}, ${part}: analytic ${an} vs finite differences ${fd}`);
        }
      });
    }
  });
}
