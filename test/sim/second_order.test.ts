/**
 * Second order: Hessian-vector products through AmplitudeEmbedding → StronglyEntanglingLayers
 * → trainable one-qubit Hermitians, against central finite differences of the gradient.
 * (The distiller differentiates through training steps that contain the circuit.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import * as sim from '../../src/sim';
import { Rng } from '../../src/util/rng';
import { TEST_BACKENDS, useBackend } from './helpers';

const n = 4, L = 2, B = 3;

/** Loss of the layer as a function of one flat parameter vector [features | weights | hermitian params]. */
function makeLoss(path: 'fused' | 'generic', cot: tf.Tensor2D) {
  const sizes = [B * 16, L * n * 3, n * 8];
  return (theta: tf.Tensor) => {
    const [xf, wf, af] = tf.split(theta, sizes);
    const x = tf.reshape(xf, [B, 16]) as tf.Tensor2D, w = tf.reshape(wf, [L, n, 3]) as tf.Tensor3D,
      a = tf.reshape(af, [n, 2, 2, 2]);
    const h = sim.hermitianFromParams(a);
    let out: tf.Tensor;
    if (path === 'fused') {
      out = sim.qnnLayer(x, w, { kind: 'hermitian', h });
    } else {
      const s = sim.StronglyEntanglingLayers.applyGates(sim.amplitudeEmbedding(x, n), w);
      out = tf.stack(Array.from({ length: n }, (_, q) =>
        sim.expvalHermitian(s, { re: tf.reshape(tf.slice(h.re, [q, 0, 0], [1, 2, 2]), [2, 2]),
          im: tf.reshape(tf.slice(h.im, [q, 0, 0], [1, 2, 2]), [2, 2]) }, [q])), 1);
    }
    // a non-linear readout so the Hessian has contributions beyond the circuit's own curvature
    return tf.sum(tf.mul(tf.square(out), cot)) as tf.Scalar;
  };
}

for (const backend of TEST_BACKENDS) {
  for (const path of ['fused', 'generic'] as const) {
    test(`Hessian-vector product matches central finite differences (${path} path) [${backend}]`, async () => {
      await useBackend(backend);
      const rng = new Rng(31);
      const dimTheta = B * 16 + L * n * 3 + n * 8;
      tf.tidy(() => {
        const theta = tf.tensor1d(rng.normals(dimTheta, 0, 0.7));
        const v = tf.tensor1d(rng.normals(dimTheta));
        const cot = tf.tensor2d(rng.normals(B * n), [B, n]);
        const loss = makeLoss(path, cot);
        const g = tf.grad(loss);
        const hvp = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(g(t), v)))(theta);
        const eps = 2e-3;
        const fd = tf.div(tf.sub(g(tf.add(theta, tf.mul(v, eps))), g(tf.sub(theta, tf.mul(v, eps)))), 2 * eps);
        const scale = Math.max(1, tf.max(tf.abs(fd)).dataSync()[0]);
        const err = tf.max(tf.abs(tf.sub(hvp, fd))).dataSync()[0] / scale;
        assert.ok(err < 5e-3, `relative HVP error ${err} (scale ${scale})`);
        assert.ok(tf.max(tf.abs(hvp)).dataSync()[0] > 1e-2, 'HVP is trivially zero');
      });
    });
  }
}
