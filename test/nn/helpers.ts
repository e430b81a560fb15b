/** Shared helpers for the layer tests: backends, seeded tensors, comparisons, HVP checks, leak checks. */
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Rng } from '../../src/util/rng';

/** The backends the layer tests run on (tfjs-node is optional and absent in CI). */
export const TEST_BACKENDS = ['cpu', 'wasm'] as const;

export async function useBackend(name: string): Promise<void> {
  assert.ok(await tf.setBackend(name), `backend ${name} failed to initialise`);
}

/** A tensor of N(0, std²) draws. */
export function randn(rng: Rng, shape: number[], std = 1): tf.Tensor {
  return tf.tensor(rng.normals(shape.reduce((p, q) => p * q, 1), 0, std), shape);
}

/** Largest |a − b|. */
export function maxDiff(a: tf.Tensor, b: tf.Tensor): number {
  assert.deepEqual(a.shape, b.shape, `shapes differ: [${a.shape}] vs [${b.shape}]`);
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
}

/** Largest |a|. */
export function maxAbs(a: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(a)).dataSync()[0]);
}

/** Asserts max|a − b| ≤ tol · max(1, max|b|). */
export function assertClose(a: tf.Tensor, b: tf.Tensor, tol: number, what: string): void {
  const d = maxDiff(a, b), s = Math.max(1, maxAbs(b));
  assert.ok(d <= tol * s, `${what}: max difference ${d} > ${tol} × ${s}`);
}

/** Asserts a and b agree exactly as arrays (same backend-independent values up to `tol`). */
export function assertArraysClose(a: ArrayLike<number>, b: ArrayLike<number>, tol: number, what: string): void {
  assert.equal(a.length, b.length, `${what}: lengths ${a.length} vs ${b.length}`);
  let m = 0, s = 1;
  for (let i = 0; i < a.length; i++) {
    m = Math.max(m, Math.abs(a[i] - b[i]));
    s = Math.max(s, Math.abs(b[i]));
  }
  assert.ok(m <= tol * s, `${what}: max difference ${m} > ${tol} × ${s}`);
}

/** The Hessian-vector product H·v of a scalar function of one tensor, by differentiating ⟨∇f, v⟩. */
export function hvp(f: (t: tf.Tensor) => tf.Scalar, theta: tf.Tensor, v: tf.Tensor): tf.Tensor {
  const g = tf.grad(f);
  return tf.grad((t: tf.Tensor) => tf.sum(tf.mul(g(t), v)))(theta);
}

/**
 * H·v by central finite differences of the gradient, Richardson-extrapolated from steps
 * eps and eps/2 (error O(eps⁴) instead of O(eps²)).
 */
export function fdHvp(f: (t: tf.Tensor) => tf.Scalar, theta: tf.Tensor, v: tf.Tensor, eps: number): tf.Tensor {
  const g = tf.grad(f);
  const central = (e: number) => tf.div(tf.sub(g(tf.add(theta, tf.mul(v, e))), g(tf.sub(theta, tf.mul(v, e)))), 2 * e);
  return tf.div(tf.sub(tf.mul(central(eps / 2), 4), central(eps)), 3);
}

/** Asserts the HVP matches finite differences (relative to max|H·v|) and is not trivially zero. */
export function assertHvp(f: (t: tf.Tensor) => tf.Scalar, theta: tf.Tensor, v: tf.Tensor, eps: number, tol: number,
  what: string): void {
  tf.tidy(() => {
    const h = hvp(f, theta, v), fd = fdHvp(f, theta, v, eps);
    const scale = maxAbs(fd);
    assert.ok(scale > 1e-3, `${what}: H·v is trivially zero`);
    const err = maxDiff(h, fd) / scale;
    assert.ok(err <= tol, `${what}: relative HVP error ${err} > ${tol} (scale ${scale})`);
  });
}

/**
 * Runs `fn` OUTSIDE any tidy, disposes what it returns, and asserts the number of live
 * tensors is back where it was (the layers must free their own intermediates).
 */
export function assertNoLeak(fn: () => tf.TensorContainer, what: string): void {
  const before = tf.memory().numTensors;
  tf.dispose(fn());
  assert.equal(tf.memory().numTensors, before, `${what}: tensors leaked`);
}
