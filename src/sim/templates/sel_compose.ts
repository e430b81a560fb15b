/**
 * Composition of StronglyEntanglingLayers into one matrix, with as few tensor kernels as
 * possible (each TF.js kernel costs tens of microseconds on cpu/wasm, so the count matters
 * more than the arithmetic at these sizes).
 *
 * Per layer, G_l = E_l · D(ω) · (⊗_w RY(θ_w)) · D(φ) with E_l the constant entangler and D the
 * diagonal RZ phases, so G_l[i, j] = (E_l Y_l)[i, j] · exp(−i (Ω_l(π_l⁻¹ i) + Φ_l(j))), where
 * π_l is E_l's row permutation, Ω_l(k) = Σ_w ω_w s_w(k)/2, Φ_l(j) = Σ_w φ_w s_w(j)/2 and
 * s_w(k) = ±1 the Z sign of wire w. All angle-linear quantities (θ/2, Φ, Ω, for every layer)
 * come from ONE product of the flattened weights with a constant; the layers are chained in
 * the real block form R(G) = [[Gr, −Gi], [Gi, Gr]] carrying only the first column block.
 */
import * as tf from '@tensorflow/tfjs';
import { constMatMul, matMul, matMulConst } from '../../linalg/matmul';
import { Imprimitive, entanglerTable, signTable } from '../tables';
import { tidy } from '../../util/tidy';

/** Constant `[3·L·n, L·n + 2·L·D]` mapping flattened weights to [θ/2 | −Φ | −Ω(π⁻¹ ·)]. */
function angleMap(L: number, n: number, ranges: number[], imp: Imprimitive): Float32Array {
  const dim = 2 ** n;
  const cols = L * n + 2 * L * dim;
  const m = new Float32Array(3 * L * n * cols);
  const s = signTable(n);
  for (let l = 0; l < L; l++) {
    const ent = entanglerTable(n, ranges[l], imp);
    const inv = new Int32Array(dim);
    for (let i = 0; i < dim; i++) for (let k = 0; k < dim; k++) if (ent[i * dim + k] !== 0) inv[i] = k;
    for (let w = 0; w < n; w++) {
      const row = (c: number) => ((l * n + w) * 3 + c) * cols; // c: 0 φ, 1 θ, 2 ω
      m[row(1) + l * n + w] = 0.5;
      for (let j = 0; j < dim; j++) {
        m[row(0) + L * n + l * dim + j] = -0.5 * s[j * n + w];
        m[row(2) + L * n + L * dim + l * dim + j] = -0.5 * s[inv[j] * n + w];
      }
    }
  }
  return m;
}

/** Block-diagonal `[L·D, L·D]` of the entangler matrices (acts on rows of every layer). */
function entanglerBlocks(L: number, n: number, ranges: number[], imp: Imprimitive): Float32Array {
  const dim = 2 ** n;
  const out = new Float32Array(L * dim * L * dim);
  for (let l = 0; l < L; l++) {
    const e = entanglerTable(n, ranges[l], imp);
    for (let i = 0; i < dim; i++) out.set(e.subarray(i * dim, (i + 1) * dim), (l * dim + i) * L * dim + l * dim);
  }
  return out;
}

/**
 * `[2m, D]` real: `[(M U)_re ; (M U)_im]` for the layers' unitary U and a constant complex
 * `left = M` (`[m, D]`, given as its real block column `[[Mr, −Mi], [Mi, Mr]]`, `[2m, 2D]`);
 * without `left`, M = I and the result is `[U_re ; U_im]`.
 * @param weights `(L, n, 3)`; ranges and imprimitive already validated.
 */
export function selColumns(weights: tf.Tensor3D, ranges: number[], imp: Imprimitive, left?: tf.Tensor2D): tf.Tensor2D {
  const [L, n] = weights.shape;
  const dim = 2 ** n;
  return tidy(() => {
    const lin = matMulConst(
      tf.reshape(weights, [1, 3 * L * n]),
      tf.tensor2d(angleMap(L, n, ranges, imp), [3 * L * n, L * n + 2 * L * dim]),
    );
    const half = tf.slice(lin, [0, 0], [1, L * n]);
    const c = tf.cos(half), s = tf.sin(half);
    // ⊗_w RY(θ_w) per layer: Kronecker chain over wires, batched over layers.
    const ry = tf.reshape(tf.concat([c, tf.neg(s), s, c], 0), [2, 2, L, n]);
    let y: tf.Tensor = tf.reshape(tf.slice(ry, [0, 0, 0, 0], [2, 2, L, 1]), [2, 2, L]);
    y = tf.transpose(y, [2, 0, 1]); // [L, 2, 2]
    for (let w = 1; w < n; w++) {
      const a = y.shape[1] as number;
      const r = tf.transpose(tf.reshape(tf.slice(ry, [0, 0, 0, w], [2, 2, L, 1]), [2, 2, L]), [2, 0, 1]);
      y = tf.reshape(tf.mul(tf.reshape(y, [L, a, 1, a, 1]), tf.reshape(r, [L, 1, 2, 1, 2])), [L, 2 * a, 2 * a]);
    }
    const ey = tf.reshape(
      constMatMul(
        tf.tensor2d(entanglerBlocks(L, n, ranges, imp), [L * dim, L * dim]),
        tf.reshape(y, [L * dim, dim]) as tf.Tensor2D,
      ),
      [L, dim, dim],
    );
    const phi = tf.reshape(tf.slice(lin, [0, L * n], [1, L * dim]), [L, 1, dim]);
    const omega = tf.reshape(tf.slice(lin, [0, L * n + L * dim], [1, L * dim]), [L, dim, 1]);
    const phase = tf.add(omega, phi);
    const gr = tf.mul(ey, tf.cos(phase));
    const gi = tf.mul(ey, tf.sin(phase));
    // Real block form of every layer, [L, 2D, 2D]; chain on the first column block.
    const blocks = tf.concat([tf.concat([gr, tf.neg(gi)], 2), tf.concat([gi, gr], 2)], 1);
    let v: tf.Tensor = tf.reshape(tf.slice(blocks, [0, 0, 0], [1, 2 * dim, dim]), [2 * dim, dim]);
    for (let l = 1; l < L; l++) {
      v = matMul(tf.reshape(tf.slice(blocks, [l, 0, 0], [1, 2 * dim, 2 * dim]), [2 * dim, 2 * dim]), v);
    }
    return (left ? constMatMul(left, v as tf.Tensor2D) : v) as tf.Tensor2D;
  });
}
