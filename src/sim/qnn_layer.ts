/**
 * The paper's quantum layer, batched and fused:
 * AmplitudeEmbedding(normalize) → StronglyEntanglingLayers → one expectation per wire.
 *
 * features: `[batch, k]`, k ≤ 2^n (padded with `padWith`, default 0, when shorter);
 * weights: `(L, n, 3)`; observable: PauliZ on every wire, or one Hermitian per wire given as
 * complex `(n, 2, 2)` (e.g. `hermitianFromParams(A)` with A `(n, 2, 2, 2)`).
 * Returns `[batch, n]`, column w = ⟨O_w⟩.
 *
 * How: the state is real after the embedding, so with the composed unitary U every
 * expectation is a quadratic form of ψ. A one-qubit Hermitian is a·I + b·Z + x·X + y·Y
 * (a = (h00+h11)/2, b = (h00−h11)/2, x = Re h01, y = −Im h01), and Z, X, Y of *all* wires are
 * read from three rotated copies of the output state (U, H^⊗n U, (H S†)^⊗n U). So the whole
 * layer is one product ψ @ W (`[2^n, 6·2^n]`), a square, and one product with a `[6·2^n, n]`
 * coefficient matrix — no per-wire or per-gate work on the batch. PauliZ needs only the first
 * of the three copies.
 */
import * as tf from '@tensorflow/tfjs';
import { Complex, cMatMul } from './complex';
import { amplitudeVectors } from './templates/amplitude_embedding';
import { SELOptions, unitary } from './templates/strongly_entangling_layers';
import { HADAMARD_ENTRIES, Y_BASIS_ENTRIES, kronPowerTable, signTable } from './tables';
import { matMul } from '../linalg/matmul';
import { tidy } from '../util/tidy';
import { split, unstack } from '../util/slices';

export type LayerObservable = { kind: 'pauliz' } | { kind: 'hermitian'; h: Complex };

export interface QnnLayerOptions extends SELOptions {
  /** Pad value when there are fewer than 2^n features (default 0). */
  padWith?: number;
  /** Check the feature norms (a small device read); default true. */
  check?: boolean;
}

/** One-qubit Hermitians `(n, 2, 2)` → the coefficients a, b, x, y, each `[n]`. */
export function pauliCoefficients(h: Complex): { a: tf.Tensor1D; b: tf.Tensor1D; x: tf.Tensor1D; y: tf.Tensor1D } {
  if (h.re.rank !== 3 || h.re.shape[1] !== 2 || h.re.shape[2] !== 2) {
    throw new Error(`pauliCoefficients: expected one-qubit Hermitians of shape (n, 2, 2), received [${h.re.shape}]`);
  }
  return tidy(() => {
    const n = h.re.shape[0];
    const [h00, h01, h10, h11] = unstack(tf.reshape(h.re, [n, 4]), 1) as tf.Tensor1D[];
    const [, i01, i10] = unstack(tf.reshape(h.im, [n, 4]), 1) as tf.Tensor1D[];
    return {
      a: tf.mul(tf.add(h00, h11), 0.5),
      b: tf.mul(tf.sub(h00, h11), 0.5),
      x: tf.mul(tf.add(h01, h10), 0.5),
      y: tf.mul(tf.sub(i10, i01), 0.5),
    };
  });
}

export function qnnLayer(features: tf.Tensor2D, weights: tf.Tensor3D, observable: LayerObservable, options: QnnLayerOptions = {}): tf.Tensor2D {
  const n = weights.shape[1];
  if (observable.kind === 'hermitian' && (observable.h.re.shape[0] !== n || observable.h.re.rank !== 3)) {
    throw new Error(`qnnLayer: expected ${n} one-qubit Hermitians (shape (${n}, 2, 2)), received [${observable.h.re.shape}]`);
  }
  return tidy(() => {
    const dim = 2 ** n;
    const psi = amplitudeVectors(features, n, { normalize: true, padWith: options.padWith ?? 0, check: options.check });
    const u = unitary(weights, options);
    const uT: Complex = { re: tf.transpose(u.re), im: tf.transpose(u.im) };
    const signs = tf.tensor2d(signTable(n), [dim, n]);
    if (observable.kind === 'pauliz') {
      const phi = matMul(psi, tf.concat([uT.re, uT.im], 1));
      return matMul(tf.square(phi), tf.concat([signs, signs], 0)) as tf.Tensor2D;
    }
    // (H^⊗n U)ᵀ = Uᵀ H^⊗n (H^⊗n is real symmetric); ((HS†)^⊗n U)ᵀ = Uᵀ ((HS†)^⊗n)ᵀ.
    const [hn] = kronPowerTable('H', HADAMARD_ENTRIES, n);
    const xT = split(matMul(tf.concat([uT.re, uT.im], 0), tf.tensor2d(hn, [dim, dim])), 2, 0);
    const [vr, vi] = kronPowerTable('HSdag', Y_BASIS_ENTRIES, n);
    const yT = cMatMul(uT, { re: tf.transpose(tf.tensor2d(vr, [dim, dim])), im: tf.transpose(tf.tensor2d(vi, [dim, dim])) });
    const w = tf.concat([uT.re, uT.im, xT[0], xT[1], yT.re, yT.im], 1);
    const { a, b, x, y } = pauliCoefficients(observable.h);
    const cz = tf.add(tf.reshape(a, [1, n]), tf.mul(signs, tf.reshape(b, [1, n])));
    const cx = tf.mul(signs, tf.reshape(x, [1, n]));
    const cy = tf.mul(signs, tf.reshape(y, [1, n]));
    const coef = tf.concat([cz, cz, cx, cx, cy, cy], 0);
    return matMul(tf.square(matMul(psi, w)), coef) as tf.Tensor2D;
  });
}
