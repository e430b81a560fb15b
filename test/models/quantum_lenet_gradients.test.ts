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
import { applyModel, disposeParams, initModel, parseModelSpec, trainableKeys } from '../../src/models';
import { Rng } from '../../src/util/rng';

before(async () => {
  assert.ok(await tf.setBackend('cpu'));
});

const CASES: Array<{ raw: Record<string, unknown>; keys: string[] }> = [
  { raw: {}, keys: ['q.weights', 'q.hermitian'] },
  { raw: { hermitianQubits: 2, embedding: 'angle', rotation: 'Y' }, keys: ['q.weights', 'q.hermitian'] },
  { raw: { quanv: { circuit: 'sel', layers: 2 } }, keys: ['quanv.weights', 'q.weights', 'q.hermitian'] },
];

for (const { raw, keys } of CASES) {
  test(`quantum LeNet ${JSON.stringify(raw)}: gradients of ${keys.join(', ')} match central finite differences`,
    () => {
      const spec = parseModelSpec({ kind: 'quantum_lenet', ...raw }, 'mnist');
      const p = initModel(spec, 21);
      const rng = new Rng(22);
      tf.tidy(() => {
        keys.forEach((k) => assert.ok(trainableKeys(spec, p).includes(k), `${k} is trained`));
        const x = tf.tensor4d(rng.normals(2 * 784), [2, 28, 28, 1]);
        const cot = tf.tensor2d(rng.normals(2 * 10), [2, 10]);
        const loss = (...t: tf.Tensor[]) =>
          tf.sum(tf.mul(cot, applyModel(spec, { ...p, ...Object.fromEntries(keys.map((k, i) => [k, t[i]])) }, x)));
        const grads = tf.grads(loss)(keys.map((k) => p[k]));
        keys.forEach((key, i) => {
          const dir = tf.tensor(rng.normals(p[key].size), p[key].shape);
          const at = (e: number) => loss(...keys.map((k, j) => (j === i ? tf.add(p[k], tf.mul(dir, e)) : p[k])))
            .dataSync()[0];
          const central = (e: number) => (at(e) - at(-e)) / (2 * e);
          const an = tf.sum(tf.mul(grads[i], dir)).dataSync()[0];
          // q.weights and q.hermitian reach the logits smoothly (circuit, then linear layers): central
          // differences Richardson-extrapolated from steps ε and ε/2 (error O(ε⁴)). quanv.weights
          // passes conv2's ReLU and max-pool, with kinks within 1e-2 of this draw: small steps, and
          // the best agreement counts (a crossed kink adds jump/2ε at one step; a wrong gradient
          // disagrees at every step).
          const fds = key === 'quanv.weights' ? [1e-3, 3e-4, 1e-4].map(central)
            : [(4 * central(5e-3) - central(1e-2)) / 3];
          const fd = fds.reduce((b, f) => (Math.abs(an - f) < Math.abs(an - b) ? f : b));
          const tol = key === 'quanv.weights' ? 5e-3 : 1e-3;
          assert.ok(Math.abs(fd) > 1e-2, `${key}: directional derivative ${fd} is trivially small`);
          assert.ok(Math.abs(an - fd) <= tol * Math.abs(fd),
            `${key}: analytic ${an} vs finite differences ${fds.join(', ')}`);
        });
      });
      disposeParams(p);
    });
}
