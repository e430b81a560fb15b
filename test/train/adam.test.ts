/**
 * The outer optimiser: Adam against a hand-written float64 reference, update clipping
 * (`updateClip`: off = plain Adam; on = the update's RMS bounded by d, only when it exceeds d),
 * the `updateClip` config field, and no leaked tensors.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { adamInit, adamStep, disposeAdam, AdamState } from '../../src/train/adam';
import { parseDistillConfig } from '../../src/distill/config';
import { configHash } from '../../src/runs/config_compare';

before(async () => {
  assert.ok(await tf.setBackend('wasm'));
});

/** Reference Adam on plain arrays (float64), with optional per-tensor update clipping. */
function referenceAdam(p: number[], grads: number[][],
  o: { lr: number; beta1: number; beta2: number; clip?: number }): number[] {
  const m = p.map(() => 0), v = p.map(() => 0);
  let x = p.slice();
  grads.forEach((g, k) => {
    const t = k + 1;
    g.forEach((gi, i) => {
      m[i] = o.beta1 * m[i] + (1 - o.beta1) * gi;
      v[i] = o.beta2 * v[i] + (1 - o.beta2) * gi * gi;
    });
    const u = m.map((mi, i) => mi / (1 - o.beta1 ** t) / (Math.sqrt(v[i] / (1 - o.beta2 ** t)) + 1e-8));
    const rms = Math.sqrt(u.reduce((a, b) => a + b * b, 0) / u.length);
    const s = o.clip ? Math.max(1, rms / o.clip) : 1;
    x = x.map((xi, i) => xi - (o.lr * u[i]) / s);
  });
  return x;
}

function run(p0: number[], grads: number[][],
  o: { lr: number; beta1: number; beta2: number; updateClip?: number }): number[] {
  let p = tf.tensor1d(p0);
  let s: AdamState = adamInit([p]);
  for (const g of grads) {
    const gt = tf.tensor1d(g);
    const r = adamStep([p], [gt], s, o);
    tf.dispose([p, gt]);
    disposeAdam(s);
    p = r.params[0] as tf.Tensor1D;
    s = r.state;
  }
  const out = Array.from(p.dataSync());
  p.dispose();
  disposeAdam(s);
  return out;
}

const close = (a: number[], b: number[], tol: number, what: string) =>
  a.forEach((x, i) => assert.ok(Math.abs(x - b[i]) <= tol * (1 + Math.abs(b[i])), `${what}[${i}]: ${x} vs ${b[i]}`));

test('Adam matches the float64 reference; clipping changes nothing while the update RMS stays below d', () => {
  const p0 = [0.5, -1, 2, 0.1];
  // steady gradients: |m̂/√v̂| ≈ 1 per component, RMS ≈ 1 < 3
  const grads = Array.from({ length: 6 }, (_, k) => [0.3, -0.2 + 0.01 * k, 0.05, -0.4]);
  const o = { lr: 0.01, beta1: 0.5, beta2: 0.999 };
  const before = tf.memory().numTensors;
  const plain = run(p0, grads, o);
  close(plain, referenceAdam(p0, grads, o), 1e-6, 'plain');
  assert.deepEqual(run(p0, grads, { ...o, updateClip: 3 }).map((x) => x.toFixed(6)), plain.map((x) => x.toFixed(6)));
  assert.equal(tf.memory().numTensors, before, 'no leaked tensors');
});

test('after a gradient spike, the clipped step has RMS exactly lr·d; the plain one is many times larger', () => {
  const p0 = [0, 0, 0, 0];
  const small = Array.from({ length: 50 }, () => [0.01, -0.01, 0.01, 0.01]);
  const grads = [...small, [5, -5, 5, 5]]; // 500× the usual gradient
  const o = { lr: 0.01, beta1: 0.5, beta2: 0.999 };
  const d = 1;
  const step = (clip?: number) => {
    const a = run(p0, small, { ...o, updateClip: clip }), b = run(p0, grads, { ...o, updateClip: clip });
    return Math.sqrt(b.reduce((s, x, i) => s + (x - a[i]) ** 2, 0) / b.length);
  };
  const plain = step(), clipped = step(d);
  assert.ok(plain > 3 * o.lr,
    `plain spike step ${plain} should be several times lr (early in a run; ~16× once bias correction has faded)`);
  assert.ok(Math.abs(clipped - o.lr * d) < 1e-6, `clipped step ${clipped} vs lr·d = ${o.lr * d}`);
  close(run(p0, grads, { ...o, updateClip: d }), referenceAdam(p0, grads, { ...o, clip: d }), 1e-5, 'clipped');
});

test('config: updateClip is left out when absent or 0 (hash unchanged), kept when > 0, named when invalid', () => {
  const base = { dataset: 'mnist', model: { kind: 'quantum_lenet', qubits: 2, layers: 1 } };
  const plain = parseDistillConfig(base);
  assert.equal('updateClip' in plain, false);
  assert.equal(configHash(parseDistillConfig({ ...base, updateClip: 0 })), configHash(plain));
  assert.equal(parseDistillConfig({ ...base, updateClip: 1 }).updateClip, 1);
  for (const bad of [-1, Infinity, NaN, '1']) {
    assert.throws(() => parseDistillConfig({ ...base, updateClip: bad }),
      /updateClip: expected a finite number ≥ 0, received/, String(bad));
  }
});
