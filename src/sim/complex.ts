/**
 * Complex tensors as pairs of float32 tensors (TF.js has no complex dtype on gradient paths).
 * A `Complex` value is `{ re, im }` with equal shapes; `[..., 2]` nested arrays use the
 * fixture convention `[re, im]` in the last position.
 */
import * as tf from '@tensorflow/tfjs';
import { tidy } from '../util/tidy';
import { matMul, transposeLast } from '../linalg/matmul';

export interface Complex<T extends tf.Tensor = tf.Tensor> {
  re: T;
  im: T;
}

/** Complex matrix product `a @ b` (shapes as for `matMul`), four real products. */
export function cMatMul(a: Complex, b: Complex): Complex {
  return {
    re: tf.sub(matMul(a.re, b.re), matMul(a.im, b.im)),
    im: tf.add(matMul(a.re, b.im), matMul(a.im, b.re)),
  };
}

/** Conjugate transpose over the last two axes. */
export function adjoint(a: Complex): Complex {
  return { re: transposeLast(a.re), im: tf.neg(transposeLast(a.im)) };
}

/**
 * Builds a complex tensor from nested arrays whose innermost axis is `[re, im]`
 * (e.g. a fixture matrix `(d, d, 2)`).
 */
export function complexFromPairs(values: unknown, what = 'value'): Complex {
  const t = tf.tensor(values as number[]);
  if (t.shape[t.rank - 1] !== 2) {
    const shape = t.shape;
    t.dispose();
    throw new Error(`${what}: expected a last axis of size 2 ([re, im]), received shape [${shape}]`);
  }
  return tidy(() => {
    const [re, im] = tf.unstack(t, t.rank - 1);
    return { re, im };
  });
}

/** Disposes both parts. */
export function disposeComplex(c: Complex): void {
  c.re.dispose();
  c.im.dispose();
}
