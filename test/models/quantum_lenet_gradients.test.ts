/**
 * Model-level gradients of the quantum LeNet's quantum parameters (q.weights, q.hermitian and the
 * trainable quanvolution's quanv.weights) against central finite differences of the model's own
 * logits along random directions, on the fused path (amplitude embedding, one-qubit Hermitians),
 * the gate-free generic path (two-qubit Hermitian groups, angle embedding) and with a quanvolution
 * front end. (test/nn/lenet.test.ts checks the classical LeNet the same way.)
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { ModelSpec, applyModel, disposeParams, initModel, parseModelSpec, trainableKeys } from '../../src/models';
import { Rng } from '../../src/util/rng';

before(async () => {
  assert.ok(await tf.setBackend('cpu'));
});

const CASES: Array<{ raw: Record<string, unknown>; keys: string[] }> = [
  { raw: {}, keys: ['q.weights', 'q.hermitian'] },
  { raw: { hermitianQubits: 2, embedding: 'angle', rotation: 'Y' }, keys: ['q.weights', 'q.hermitian'] },
  { raw: { quanv: { circuit: 'sel', layers: 2 } }, keys: ['quanv.weights', 'q.weights', 'q.hermitian'] },
];

/** Analytic vs finite-difference directional derivatives of each key, for one draw of network and inputs. */
function check(spec: ModelSpec, keys: string[], seed: number): Array<{ key: string; agrees: boolean; text: string }> {
  const p = initModel(spec, seed);
  const rng = new Rng(seed + 1);
  const out = tf.tidy(() => {
    keys.forEach((k) => assert.ok(trainableKeys(spec, p).includes(k), `${k} is trained`));
    const x = tf.tensor4d(rng.normals(2 * 784), [2, 28, 28, 1]);
    const cot = tf.tensor2d(rng.normals(2 * 10), [2, 10]);
    const loss = (...t: tf.Tensor[]) =>
      tf.sum(tf.mul(cot, applyModel(spec, { ...p, ...Object.fromEntries(keys.map((k, i) => [k, t[i]])) }, x)));
    const grads = tf.grads(loss)(keys.map((k) => p[k]));
    return keys.map((key, i) => {
      const dir = tf.tensor(rng.normals(p[key].size), p[key].shape);
      const at = (e: number) => loss(...keys.map((k, j) => (j === i ? tf.add(p[k], tf.mul(dir, e)) : p[k])))
        .dataSync()[0];
      const central = (e: number) => (at(e) - at(-e)) / (2 * e);
      const an = tf.sum(tf.mul(grads[i], dir)).dataSync()[0];
      // q.weights and q.hermitian reach the logits smoothly (circuit, then linear layers): central
      // differences Richardson-extrapolated from steps ε and ε/2 (error O(ε⁴)). quanv.weights
      // passes conv2's ReLU and max-pool, with kinks within 1e-2 of a draw: smaller steps, and
      // the best agreement counts (a crossed kink adds jump/2ε at one step; a wrong gradient
      // disagrees at every step). Its derivative is small (~0.1) beside the loss, so float32
      // round-off at these steps reaches ~1e-3: 1 % tolerance.
      const fds = key === 'quanv.weights' ? [1e-3, 3e-4, 1e-4].map(central)
        : [(4 * central(5e-3) - central(1e-2)) / 3];
      const fd = fds.reduce((b, f) => (Math.abs(an - f) < Math.abs(an - b) ? f : b));
      const tol = key === 'quanv.weights' ? 1e-2 : 1e-3;
      // a trivially small derivative (|fd| ≤ 1e-2) does not count as agreement
      return { key, agrees: Math.abs(fd) > 1e-2 && Math.abs(an - fd) <= tol * Math.abs(fd),
        text: `${key}, seed ${seed}: analytic ${an} vs finite differences ${fds.join(', ')}` };
    });
  });
  disposeParams(p);
  return out;
}

for (const { raw, keys } of CASES) {
  test(`quantum LeNet ${JSON.stringify(raw)}: gradients of ${keys.join(', ')} match central finite differences`,
    () => {
      const spec = parseModelSpec({ kind: 'quantum_lenet', ...raw }, 'mnist');
      const seeds = raw.quanv ? [21, 23, 25, 27, 29] : [21, 23, 25];
      const results = seeds.flatMap((seed) => check(spec, keys, seed));
      // Smooth keys agree on every draw. quanv.weights (behind ReLU and max-pool) on 2 of 5: a kink
      // within the steps, or float32 round-off beside a small derivative, spoils a draw, while a wrong
      // gradient disagrees on all.
      for (const key of keys) {
        const mine = results.filter((r) => r.key === key);
        const need = key === 'quanv.weights' ? 2 : seeds.length;
        assert.ok(mine.filter((r) => r.agrees).length >= need,
          `${key}: ${need} of ${seeds.length} draws must agree:\n${mine.map((r) => r.text).join('\n')}`);
      }
    });
}
