/**
 * A tiny LeNet-like composite (conv pad 2 → relu → maxPool → conv → relu → maxPool →
 * flatten → dense → cross-entropy) on a 2×12×12×1 input: Hessian-vector products with
 * respect to every parameter AND the input (what distillation differentiates) against
 * finite differences, and the safe and fast layers giving the same loss and gradients; the
 * distillation unit (gradient in synthetic images through one SGD step of the classical
 * LeNet) against finite differences.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { conv2d, conv2dFast, dense, flatten, maxPool2x2, maxPool2x2Fast, relu, softmaxCrossEntropy, softmaxCrossEntropyFast } from '../../src/nn';
import { FAST_LAYERS, SAFE_LAYERS, lenetLoss, lenetParams, unrolledLoss } from '../../src/nn/bench';
import { Rng } from '../../src/util/rng';
import { TEST_BACKENDS, assertArraysClose, assertHvp, useBackend } from './helpers';

// x [2,12,12,1] | w1 [5,5,1,3] b1 [3] | w2 [3,3,3,4] b2 [4] | w3 [2·2·4, 3] b3 [3]
const SHAPES = [[2, 12, 12, 1], [5, 5, 1, 3], [3], [3, 3, 3, 4], [4], [16, 3], [3]];
const SIZES = SHAPES.map((s) => s.reduce((p, q) => p * q, 1));
const TOTAL = SIZES.reduce((p, q) => p + q, 0);
const LABELS = [2, 0];

function unpack(theta: tf.Tensor): tf.Tensor[] {
  let off = 0;
  return SHAPES.map((s, i) => {
    const t = tf.reshape(tf.slice(theta, off, SIZES[i]), s);
    off += SIZES[i];
    return t;
  });
}

function loss(theta: tf.Tensor, fast: boolean): tf.Scalar {
  const [x, w1, b1, w2, b2, w3, b3] = unpack(theta);
  const conv = fast ? conv2dFast : conv2d, pool = fast ? maxPool2x2Fast : maxPool2x2, ce = fast ? softmaxCrossEntropyFast : softmaxCrossEntropy;
  const h1 = pool(relu(tf.add(conv(x as tf.Tensor4D, w1 as tf.Tensor4D, 2), b1)));
  const h2 = pool(relu(tf.add(conv(h1, w2 as tf.Tensor4D, 0), b2)));
  return ce(dense(flatten(h2), w3 as tf.Tensor2D, b3 as tf.Tensor1D), tf.tensor1d(LABELS, 'int32'));
}

function theta0(seed: number): tf.Tensor1D {
  const rng = new Rng(seed);
  return tf.tensor1d(rng.normals(TOTAL, 0, 0.6));
}

for (const backend of TEST_BACKENDS) {
  test(`LeNet-like composite: HVP in all parameters and the input matches finite differences [${backend}]`, async () => {
    await useBackend(backend);
    tf.tidy(() => {
      const theta = theta0(300), v = tf.tensor1d(new Rng(301).normals(TOTAL));
      // relu and max-pool kinks: the finite-difference step must not cross one (at 1e-3 it
      // does for this seed; from 3e-4 down the finite differences agree with the HVP).
      assertHvp((t) => loss(t, false), theta, v, 2e-4, 2e-3, 'LeNet HVP');
    });
  });
}

test('LeNet-like composite: safe and fast layers give the same loss and gradients, on cpu and wasm alike', async () => {
  const results: Record<string, Float32Array[]> = {};
  for (const backend of TEST_BACKENDS) {
    await useBackend(backend);
    results[backend] = tf.tidy(() => {
      const theta = theta0(302);
      return [false, true].flatMap((fast) => {
        const { value, grad } = tf.valueAndGrad((t: tf.Tensor) => loss(t, fast))(theta);
        return [value.dataSync() as Float32Array, grad.dataSync() as Float32Array];
      });
    });
  }
  for (const backend of TEST_BACKENDS) {
    const [ls, gs, lf, gf] = results[backend];
    assertArraysClose(lf, ls, 1e-6, `${backend}: loss fast vs safe`);
    assertArraysClose(gf, gs, 1e-5, `${backend}: gradient fast vs safe`);
    assert.ok(gs.some((g) => Math.abs(g) > 1e-3), 'gradient is not trivially zero');
  }
  assertArraysClose(results.wasm[1], results.cpu[1], 1e-4, 'gradient wasm vs cpu');
});

for (const backend of TEST_BACKENDS) {
  test(`distillation unit: gradient in the synthetic images through one SGD step (classical LeNet) matches finite differences [${backend}]`, async () => {
    await useBackend(backend);
    tf.tidy(() => {
      const rng = new Rng(310), lr = 0.1;
      const params = lenetParams(rng);
      const xs = tf.tensor4d(rng.normals(2 * 28 * 28), [2, 28, 28, 1]), ys = tf.tensor1d([3, 8], 'int32');
      const x = tf.tensor4d(rng.normals(3 * 28 * 28), [3, 28, 28, 1]), labels = tf.tensor1d([3, 1, 8], 'int32');
      const u = tf.tensor4d(rng.normals(2 * 28 * 28), [2, 28, 28, 1]);
      // outer(xs) = L_real(w − lr·∇_w L_syn(xs, w)); its derivative along u is
      // −lr·⟨∂_xs ∇_w L_syn · u, ∇L_real(w')⟩: checked with finite differences of ∇_w L_syn
      // (a step of 1e-4: this net, on N(0, 1) images, has relu/max-pool kinks within 1e-3).
      const analytic = tf.sum(tf.mul(tf.grad((s: tf.Tensor) => unrolledLoss(params, s as tf.Tensor4D, ys, x, labels, lr))(xs), u)).dataSync()[0];
      const gSyn = (s: tf.Tensor) => tf.grads((...p: tf.Tensor[]) => lenetLoss(SAFE_LAYERS, p, s as tf.Tensor4D, ys))(params);
      const g0 = gSyn(xs);
      const gReal = tf.grads((...p: tf.Tensor[]) => lenetLoss(FAST_LAYERS, p, x, labels))(params.map((p, i) => tf.sub(p, tf.mul(g0[i], lr))));
      const eps = 1e-4;
      const gp = gSyn(tf.add(xs, tf.mul(u, eps))), gm = gSyn(tf.sub(xs, tf.mul(u, eps)));
      const fd = (-lr * gp.reduce((acc, t, i) => acc + tf.sum(tf.mul(tf.sub(t, gm[i]), gReal[i])).dataSync()[0], 0)) / (2 * eps);
      assert.ok(Math.abs(fd) > 1e-2, `directional derivative ${fd} is trivially small`);
      assert.ok(Math.abs(analytic - fd) <= 2e-2 * Math.abs(fd), `directional derivative ${analytic} vs finite differences ${fd}`);
    });
  });
}
