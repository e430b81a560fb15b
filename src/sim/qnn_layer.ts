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
 * coefficient matrix — no per-wire or per-gate work on the batch. Records its executions
 * (`executions.ts`). PauliZ needs only the first
 * of the three copies. `test/sim/qnn_layer.test.ts` checks it against the gate-by-gate path.
 */
import * as tf from '@tensorflow/tfjs';
import { Complex } from './complex';
import { recordExecutions } from './executions';
import { amplitudeVectors } from './templates/amplitude_embedding';
import { SELOptions, leftMultipliedUnitary } from './templates/strongly_entangling_layers';
import { measurementBasesBlock, signTable } from './tables';
import { matMul, matMulConst } from '../linalg/matmul';
import { tidy } from '../util/tidy';
import { split, unstack } from '../util/slices';

export type LayerObservable = { kind: 'pauliz' } | { kind: 'hermitian'; h: Complex };

export interface QnnLayerOptions extends SELOptions {
  /** Pad value when there are fewer than 2^n features (default 0). */
  padWith?: number;
  /** Check the feature norms (a small device read); default true. */
  check?: boolean;
  /** Whether the weights are trained (parameter-shift count in `executions.ts`; default true). */
  weightsTrainable?: boolean;
  /**
   * AngleEmbedding instead of AmplitudeEmbedding: features `[batch, k ≤ n]` are RX or RY angles.
   * The embedded state is D·r with r real (a Kronecker product of (cos x/2, sin x/2)) and D the
   * constant phase diag((−i)^popcount(j)) for RX (identity for RY); D is folded into W.
   */
  angle?: 'X' | 'Y';
  /**
   * `qnnReadout(weights, observable.kind)` computed beforehand, for weights that do not change
   * (a frozen circuit): skips composing the unitary on every call. Gradients do not flow to
   * `weights` through it.
   */
  readout?: tf.Tensor2D;
}

/**
 * The circuit part of the layer as one real matrix, a function of the weights only: columns
 * are the real then imaginary amplitudes of Uψ (PauliZ: `[2^n, 2·2^n]`) or of the three
 * rotated copies U, H^⊗n U, (H S†)^⊗n U (Hermitian: `[2^n, 6·2^n]`), for a real input ψ.
 * weights `(L, n, 3)`.
 */
export function qnnReadout(weights: tf.Tensor3D, kind: LayerObservable['kind'], options: SELOptions = {}): tf.Tensor2D {
  const n = weights.shape[1];
  return tidy(() => {
    const bases = kind === 'pauliz' ? undefined : tf.tensor2d(measurementBasesBlock(n), [6 * 2 ** n, 2 * 2 ** n]);
    return tf.transpose(leftMultipliedUnitary(weights, bases, options)) as tf.Tensor2D;
  });
}

/** One-qubit Hermitians `(n, 2, 2)` → the Pauli coefficients a, b, x, y, each `[n]`. */
export function pauliCoefficients(h: Complex): { a: tf.Tensor1D; b: tf.Tensor1D; x: tf.Tensor1D; y: tf.Tensor1D } {
  if (h.re.rank !== 3 || h.re.shape[1] !== 2 || h.re.shape[2] !== 2) {
    throw new Error(`pauliCoefficients: expected one-qubit Hermitians of shape (n, 2, 2), received [${h.re.shape}]`);
  }
  return tidy(() => {
    const n = h.re.shape[0];
    const [h00, h01, h10, h11] = unstack(tf.reshape(h.re, [n, 4]), 1) as tf.Tensor1D[];
    const [i01, i10] = unstack(tf.slice(tf.reshape(h.im, [n, 4]), [0, 1], [n, 2]), 1) as tf.Tensor1D[];
    return {
      a: tf.mul(tf.add(h00, h11), 0.5),
      b: tf.mul(tf.sub(h00, h11), 0.5),
      x: tf.mul(tf.add(h01, h10), 0.5),
      y: tf.mul(tf.sub(i10, i01), 0.5),
    };
  });
}

export function qnnLayer(
  features: tf.Tensor2D,
  weights: tf.Tensor3D,
  observable: LayerObservable,
  options: QnnLayerOptions = {},
): tf.Tensor2D {
  const n = weights.shape[1];
  if (observable.kind === 'hermitian' && (observable.h.re.rank !== 3 || observable.h.re.shape[0] !== n)) {
    throw new Error(
      `qnnLayer: expected ${n} one-qubit Hermitians (shape (${n}, 2, 2)), received [${observable.h.re.shape}]`,
    );
  }
  const [L] = weights.shape;
  if (options.angle && features.shape[1] > n) {
    throw new Error(
      `qnnLayer: AngleEmbedding on ${n} qubits takes at most ${n} features, received ${features.shape[1]}`,
    );
  }
  const encoding = options.angle ? n : 2 ** n - 1;
  const shiftParams = encoding + ((options.weightsTrainable ?? true) ? L * n * 3 : 0);
  recordExecutions(features.shape[0], { shiftParams, settings: observable.kind === 'pauliz' ? 1 : 3 });
  const dim = 2 ** n,
    cols = (observable.kind === 'pauliz' ? 2 : 6) * dim;
  if (
    options.readout &&
    (options.readout.rank !== 2 || options.readout.shape[0] !== dim || options.readout.shape[1] !== cols)
  ) {
    throw new Error(
      `qnnLayer: expected a readout of shape [${dim}, ${cols}] ` +
        `(qnnReadout of ${n}-qubit weights, ${observable.kind}), ` +
        `received [${options.readout.shape}]`,
    );
  }
  return tidy(() => {
    const readout = () => options.readout ?? qnnReadout(weights, observable.kind, options);
    const psi = options.angle
      ? angleMagnitudes(features, n)
      : amplitudeVectors(features, n, { normalize: true, padWith: options.padWith ?? 0, check: options.check });
    const withPhase = (w: tf.Tensor2D) => (options.angle === 'X' ? foldRxPhases(w, n) : w);
    if (observable.kind === 'pauliz') {
      // W = [U_reᵀ | U_imᵀ]: amplitudes of Uψ; ⟨Z_w⟩ = Σ_j |(Uψ)_j|² s_w(j).
      const w = withPhase(readout());
      return matMulConst(tf.square(matMul(psi, w)), blockSigns(n, 1)) as tf.Tensor2D;
    }
    // Columns of W: [Z_re, X_re, Y_re, Z_im, X_im, Y_im] amplitudes of the three rotated states.
    const w = withPhase(readout());
    const t = matMulConst(tf.square(matMul(psi, w)), blockSigns(n, 3)); // [batch, 3n]: ⟨Z_w⟩, ⟨X_w⟩, ⟨Y_w⟩
    const { a, b, x, y } = pauliCoefficients(observable.h);
    const coef = tf.reshape(tf.concat([b, x, y]), [1, 3, n]);
    return tf.add(tf.sum(tf.mul(tf.reshape(t, [-1, 3, n]), coef), 1), tf.reshape(a, [1, n])) as tf.Tensor2D;
  });
}

/** Real `[batch, 2^n]`: ⊗_w (cos(x_w/2), sin(x_w/2)), wire 0 most significant (missing angles: 0). */
function angleMagnitudes(features: tf.Tensor2D, n: number): tf.Tensor2D {
  const [batch, k] = features.shape;
  const h = tf.mul(features, 0.5);
  const c = unstack(tf.cos(h), 1), s = unstack(tf.sin(h), 1);
  let out: tf.Tensor2D = tf.ones([batch, 1]);
  for (let w = 0; w < k; w++) {
    const q = tf.stack([c[w], s[w]], 1);
    out = tf.reshape(tf.mul(tf.reshape(out, [batch, -1, 1]), tf.reshape(q, [batch, 1, 2])), [batch, -1]) as tf.Tensor2D;
  }
  // Wires k…n−1 stay |0⟩: amplitude only where their bits are 0.
  return (
    k < n
      ? tf.reshape(tf.concat([tf.reshape(out, [batch, -1, 1]), tf.zeros([batch, out.shape[1], 2 ** (n - k) - 1])], 2), [
          batch,
          2 ** n,
        ])
      : out
  ) as tf.Tensor2D;
}

/**
 * W `[2^n, 2m]` = [W_re | W_im] (row j: input basis state j) → rows multiplied by the RX
 * embedding phase (−i)^popcount(j): (a + ib)(W_re + iW_im) = (aW_re − bW_im) + i(bW_re + aW_im).
 */
function foldRxPhases(w: tf.Tensor2D, n: number): tf.Tensor2D {
  const dim = 2 ** n, a = new Float32Array(dim), b = new Float32Array(dim);
  const PHASES: Array<[number, number]> = [[1, 0], [0, -1], [-1, 0], [0, 1]]; // (−i)^m, m mod 4
  for (let j = 0; j < dim; j++) {
    let m = 0;
    for (let v = j; v; v >>= 1) m += v & 1;
    [a[j], b[j]] = PHASES[m % 4];
  }
  const [wr, wi] = split(w, 2, 1);
  const ca = tf.tensor2d(a, [dim, 1]), cb = tf.tensor2d(b, [dim, 1]);
  return tf.concat([tf.sub(tf.mul(ca, wr), tf.mul(cb, wi)), tf.add(tf.mul(cb, wr), tf.mul(ca, wi))], 1) as tf.Tensor2D;
}

/**
 * Constant `[2·k·D, k·n]` that sums squared amplitudes of k bases (re parts of all k, then im
 * parts of all k) into ⟨Z_w⟩ per basis: column `basis·n + w` holds s_w(j).
 */
function blockSigns(n: number, k: number): tf.Tensor2D {
  const dim = 2 ** n;
  const s = signTable(n);
  const out = new Float32Array(2 * k * dim * k * n);
  for (let part = 0; part < 2; part++) {
    for (let basis = 0; basis < k; basis++) {
      for (let j = 0; j < dim; j++) {
        const row = (part * k + basis) * dim + j;
        for (let w = 0; w < n; w++) out[row * k * n + basis * n + w] = s[j * n + w];
      }
    }
  }
  return tf.tensor2d(out, [2 * k * dim, k * n]);
}
