/**
 * Gate matrices (PennyLane definitions). An angle is a number, a scalar tensor, or a
 * `[batch]` tensor (one angle per state); the matrix is `(2, 2)` or `(batch, 2, 2)` complex.
 *
 * RX(a) = exp(−i a X/2), RY(a) = exp(−i a Y/2), RZ(a) = exp(−i a Z/2),
 * Rot(φ, θ, ω) = RZ(ω) RY(θ) RZ(φ)
 *   = [[e^{−i(φ+ω)/2} c, −e^{i(φ−ω)/2} s], [e^{−i(φ−ω)/2} s, e^{i(φ+ω)/2} c]]
 * with c = cos(θ/2), s = sin(θ/2).
 */
import * as tf from '@tensorflow/tfjs';
import { tidy } from '../util/tidy';
import { Complex } from './complex';

export type Angle = number | tf.Tensor;

function asAngle(a: Angle, what: string): tf.Tensor {
  const t = typeof a === 'number' ? tf.scalar(a) : a;
  if (t.rank > 1) {
    throw new Error(`${what}: expected a number, a scalar or a [batch] tensor, received shape [${t.shape}]`);
  }
  return t;
}

/** Stacks four same-shaped entries as a `(…, 2, 2)` matrix. */
function mat2(e00: tf.Tensor, e01: tf.Tensor, e10: tf.Tensor, e11: tf.Tensor): tf.Tensor {
  const m = tf.stack([e00, e01, e10, e11], -1);
  return tf.reshape(m, [...e00.shape, 2, 2]);
}

export function rxMatrix(angle: Angle): Complex {
  return tidy(() => {
    const h = tf.mul(asAngle(angle, 'RX'), 0.5);
    const c = tf.cos(h), s = tf.sin(h), z = tf.zerosLike(h);
    return { re: mat2(c, z, z, c), im: mat2(z, tf.neg(s), tf.neg(s), z) };
  });
}

export function ryMatrix(angle: Angle): Complex {
  return tidy(() => {
    const h = tf.mul(asAngle(angle, 'RY'), 0.5);
    const c = tf.cos(h), s = tf.sin(h), z = tf.zerosLike(h);
    return { re: mat2(c, tf.neg(s), s, c), im: mat2(z, z, z, z) };
  });
}

export function rzMatrix(angle: Angle): Complex {
  return tidy(() => {
    const h = tf.mul(asAngle(angle, 'RZ'), 0.5);
    const c = tf.cos(h), s = tf.sin(h), z = tf.zerosLike(h);
    return { re: mat2(c, z, z, c), im: mat2(tf.neg(s), z, z, s) };
  });
}

/** Rot(φ, θ, ω) = RZ(ω) RY(θ) RZ(φ); the three angles must have equal shapes. */
export function rotMatrix(phi: Angle, theta: Angle, omega: Angle): Complex {
  return tidy(() => {
    const p = asAngle(phi, 'Rot φ'), t = asAngle(theta, 'Rot θ'), o = asAngle(omega, 'Rot ω');
    if (p.shape.join() !== t.shape.join() || p.shape.join() !== o.shape.join()) {
      throw new Error(`Rot: expected φ, θ, ω of equal shape, received [${p.shape}], [${t.shape}], [${o.shape}]`);
    }
    const c = tf.cos(tf.mul(t, 0.5)), s = tf.sin(tf.mul(t, 0.5));
    const a = tf.mul(tf.add(p, o), 0.5), b = tf.mul(tf.sub(p, o), 0.5);
    const ca = tf.mul(tf.cos(a), c), sa = tf.mul(tf.sin(a), c);
    const cb = tf.mul(tf.cos(b), s), sb = tf.mul(tf.sin(b), s);
    return { re: mat2(ca, tf.neg(cb), cb, ca), im: mat2(tf.neg(sa), tf.neg(sb), tf.neg(sb), sa) };
  });
}

/** A constant matrix from row-major real and imaginary entries. */
export function constantMatrix(re: readonly number[], im: readonly number[], dim: number): Complex {
  return { re: tf.tensor2d(re as number[], [dim, dim]), im: tf.tensor2d(im as number[], [dim, dim]) };
}

const R = Math.SQRT1_2;
export const hadamardMatrix = (): Complex => constantMatrix([R, R, R, -R], [0, 0, 0, 0], 2);
export const pauliXMatrix = (): Complex => constantMatrix([0, 1, 1, 0], [0, 0, 0, 0], 2);
export const pauliYMatrix = (): Complex => constantMatrix([0, 0, 0, 0], [0, -1, 1, 0], 2);
export const pauliZMatrix = (): Complex => constantMatrix([1, 0, 0, -1], [0, 0, 0, 0], 2);
/** CNOT on (control, target), control = most significant bit of the 4×4 index. */
export const cnotMatrix = (): Complex =>
  constantMatrix([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 1, 0], Array(16).fill(0), 4);
export const czMatrix = (): Complex =>
  constantMatrix([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, -1], Array(16).fill(0), 4);
