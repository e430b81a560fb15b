/** The knowledge-distillation loss against a hand-computed example, its limits and its checks. */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { kdLoss, softKl } from '../../src/train/kd_loss';

before(async () => assert.ok(await tf.setBackend('wasm')));

const close = (a: number, b: number, tol = 1e-5) => assert.ok(Math.abs(a - b) < tol, `${a} vs ${b}`);

test('kdLoss equals (1−λ)·CE + λ·T²·KL on a hand-computed two-class example', () => {
  // student logits [0, ln 3] → p = [1/4, 3/4]; teacher logits [ln 3, 0] → q = [3/4, 1/4]; T = 1.
  // CE(label 1) = −ln(3/4); KL(q ‖ p) = 3/4·ln(3) + 1/4·ln(1/3) = ln(3)/2.
  const s = tf.tensor2d([[0, Math.log(3)]]), t = tf.tensor2d([[Math.log(3), 0]]), y = tf.tensor1d([1], 'int32');
  const ce = -Math.log(0.75), kl = Math.log(3) / 2;
  close(kdLoss(s, t, y, { lambda: 0, temperature: 1 }).dataSync()[0], ce);
  close(kdLoss(s, t, y, { lambda: 1, temperature: 1 }).dataSync()[0], kl);
  close(kdLoss(s, t, y, { lambda: 0.25, temperature: 1 }).dataSync()[0], 0.75 * ce + 0.25 * kl);
  // T = 2: student/T = [0, ln 3 / 2] → p = [1/(1+√3), √3/(1+√3)]; teacher → q = [√3/(1+√3), 1/(1+√3)].
  const r = Math.sqrt(3), z = 1 + r;
  const kl2 = (r / z) * Math.log(r) + (1 / z) * Math.log(1 / r);
  close(softKl(s, t, 2).dataSync()[0], kl2);
  close(kdLoss(s, t, y, { lambda: 0.5, temperature: 2 }).dataSync()[0], 0.5 * ce + 0.5 * 4 * kl2);
});

test('the soft term vanishes when student and teacher agree, and its gradient matches finite differences', () => {
  const t = tf.tensor2d([[0.3, -1.2, 2.0], [1.0, 0.5, -0.5]]);
  close(softKl(t, t, 3).dataSync()[0], 0, 1e-6);
  const y = tf.tensor1d([2, 0], 'int32');
  const s0 = [0.1, 0.2, -0.3, 0.4, -0.5, 0.6];
  const f = (v: number[]) => kdLoss(tf.tensor2d(v, [2, 3]), t, y, { lambda: 0.7, temperature: 2.5 }).dataSync()[0];
  const g = tf.grad((s: tf.Tensor) =>
    kdLoss(s as tf.Tensor2D, t, y, { lambda: 0.7, temperature: 2.5 }))(tf.tensor2d(s0, [2, 3])).dataSync();
  const h = 1e-2;
  s0.forEach((_, i) => {
    const up = [...s0], dn = [...s0];
    up[i] += h;
    dn[i] -= h;
    close(g[i], (f(up) - f(dn)) / (2 * h), 2e-3);
  });
});

test('kdLoss checks λ, T and shapes, naming what was expected, and frees its intermediates', () => {
  const s = tf.zeros([2, 3]) as tf.Tensor2D, y = tf.tensor1d([0, 1], 'int32');
  assert.throws(() => kdLoss(s, s, y, { lambda: 1.5, temperature: 1 }),
    /lambda: expected a number in \[0, 1\], received 1\.5/);
  assert.throws(() => kdLoss(s, s, y, { lambda: 0.5, temperature: 0 }),
    /temperature: expected a positive number, received 0/);
  assert.throws(() => kdLoss(s, tf.zeros([2, 4]) as tf.Tensor2D, y, { lambda: 0.5, temperature: 1 }),
    /same shape \[batch, classes\], received \[2,3\] and \[2,4\]/);
  assert.throws(() => kdLoss(s, s, tf.tensor1d([0], 'int32'), { lambda: 0.5, temperature: 1 }), /expected 2 labels/);
  const before = tf.memory().numTensors;
  kdLoss(s, s, y, { lambda: 0.5, temperature: 2 }).dispose();
  assert.equal(tf.memory().numTensors, before);
});
