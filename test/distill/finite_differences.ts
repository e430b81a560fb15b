/**
 * Directional central finite differences of a scalar function of one tensor, against an analytic
 * gradient (the method of hypergradient.test.ts): the direction is the analytic gradient scaled to
 * the norm of a standard normal vector plus a random part; three step sizes, the best one counts
 * (truncation and kink errors shrink with ε while float32 round-off grows). A wrong gradient is off
 * by orders of magnitude or in sign at every ε.
 */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../src/util/rng';

export function finiteDifferenceCheck(what: string, base: tf.Tensor, grad: tf.Tensor, at: (t: tf.Tensor) => number,
  rng: Rng, tol = 0.03): void {
  const v = tf.tidy(() => {
    const unit = tf.div(grad, tf.norm(grad));
    return tf.add(tf.mul(unit, Math.sqrt(base.size)), tf.mul(tf.tensor(rng.normals(base.size), base.shape), 0.3));
  });
  const analytic = tf.tidy(() => tf.sum(tf.mul(grad, v)).dataSync()[0]);
  const numeric = [1e-2, 3e-3, 1e-3].map((eps) => {
    const [plus, minus] = tf.tidy(() => [tf.add(base, tf.mul(v, eps)), tf.sub(base, tf.mul(v, eps))]);
    const d = (at(plus) - at(minus)) / (2 * eps);
    tf.dispose([plus, minus]);
    return d;
  });
  const rel = Math.min(...numeric.map((nu) => Math.abs(analytic - nu) / Math.max(Math.abs(nu), 1e-4)));
  v.dispose();
  assert.ok(rel < tol,
    `${what}: analytic ${analytic} vs finite differences ${numeric.join(', ')} (best relative error ${rel})`);
  assert.ok(Math.abs(analytic) > 1e-4, `${what}: derivative too small to test (${analytic})`);
}
