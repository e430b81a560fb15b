/**
 * Matrix product with a backward pass made of plain (untransposed) matrix products.
 *
 * `matMul(a, b)`: a `[..., m, k]`, b `[k, n]` or `[..., k, n]` (same leading dims) → `[..., m, n]`.
 * TF.js's own matMul gradient calls matMul with transposeA/transposeB, which the wasm
 * backend runs about ten times slower than an explicit `transpose` followed by a plain
 * product. Here the gradient is `da = matMul(dy, bᵀ)`, `db = matMul(aᵀ, dy)`, written with
 * this same function, so the gradient is itself differentiable (to any order) and fast.
 */
import * as tf from '@tensorflow/tfjs';

/** Swaps the last two axes. */
export function transposeLast(x: tf.Tensor): tf.Tensor {
  const r = x.rank;
  if (r < 2) throw new Error(`transposeLast: expected rank ≥ 2, received rank ${r}`);
  const perm = Array.from({ length: r }, (_, i) => i);
  perm[r - 2] = r - 1;
  perm[r - 1] = r - 2;
  return tf.transpose(x, perm);
}

/** Sums a gradient over leading axes so that it matches `shape` (for a broadcast 2-D operand). */
function reduceTo(g: tf.Tensor, shape: number[]): tf.Tensor {
  if (g.rank === shape.length) return g;
  const lead = g.shape.slice(0, g.rank - shape.length).reduce((p, q) => p * q, 1);
  return tf.sum(tf.reshape(g, [lead, ...shape]), 0);
}

/** aᵀ·dy, transposing the smaller of the two. */
function gradB(a: tf.Tensor, dy: tf.Tensor): tf.Tensor {
  return a.size <= dy.size ? matMul(transposeLast(a), dy) : transposeLast(matMul(transposeLast(dy), a));
}

const mm = tf.customGrad(((a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
  save([a, b]);
  let value: tf.Tensor;
  if (b.rank === 2 && a.rank > 2) {
    const lead = a.shape.slice(0, -1);
    value = tf.reshape(tf.matMul(tf.reshape(a, [-1, a.shape[a.rank - 1]]), b), [...lead, b.shape[1] as number]);
  } else {
    value = tf.matMul(a, b);
  }
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sa, sb] = saved;
      // Transpose whichever operand is smaller: aᵀ·dy = (dyᵀ·a)ᵀ and dy·bᵀ = (b·dyᵀ)ᵀ.
      const da =
        sb.size <= dy.size || sb.rank !== dy.rank
          ? matMul(dy, transposeLast(sb))
          : transposeLast(matMul(sb, transposeLast(dy)));
      let db: tf.Tensor;
      if (sb.rank === 2 && sa.rank > 2) {
        const k = sa.shape[sa.rank - 1];
        const n = dy.shape[dy.rank - 1];
        db = gradB(tf.reshape(sa, [-1, k]), tf.reshape(dy, [-1, n]));
      } else {
        db = reduceTo(gradB(sa, dy), sb.shape);
      }
      return [da, db];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (a: tf.Tensor, b: tf.Tensor) => tf.Tensor;

/** `a @ b` with a fast, arbitrarily differentiable gradient (see module comment). */
export function matMul(a: tf.Tensor, b: tf.Tensor): tf.Tensor {
  if (a.rank < 2 || b.rank < 2) {
    throw new Error(`matMul: expected operands of rank ≥ 2, received ranks ${a.rank} and ${b.rank}`);
  }
  const k = a.shape[a.rank - 1];
  if (b.shape[b.rank - 2] !== k) {
    throw new Error(`matMul: inner dimensions differ: a is [${a.shape}], b is [${b.shape}]`);
  }
  if (b.rank > 2 && b.rank !== a.rank) {
    throw new Error(`matMul: batched operands need equal rank: a is [${a.shape}], b is [${b.shape}]`);
  }
  return mm(a, b);
}

/**
 * Products with a constant operand `c` whose gradient is never used: the backward pass
 * computes only the other operand's gradient (and a zero placeholder for `c`, which TF.js
 * requires; `c` goes through `save` so it outlives the caller's `tidy`).
 */
const rightConst = tf.customGrad(((x: tf.Tensor, c: tf.Tensor, save: tf.GradSaveFunc) => {
  save([c]);
  const k = x.shape[x.rank - 1];
  const value = tf.reshape(tf.matMul(tf.reshape(x, [-1, k]), c as tf.Tensor2D), [
    ...x.shape.slice(0, -1),
    c.shape[1] as number,
  ]);
  return {
    value,
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
      matMulConst(dy, tf.transpose(saved[0]) as tf.Tensor2D),
      tf.zerosLike(saved[0]),
    ],
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor, c: tf.Tensor) => tf.Tensor;

const leftConst = tf.customGrad(((c: tf.Tensor, x: tf.Tensor, save: tf.GradSaveFunc) => {
  save([c]);
  return {
    value: tf.matMul(c as tf.Tensor2D, x as tf.Tensor2D),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => [
      tf.zerosLike(saved[0]),
      constMatMul(tf.transpose(saved[0]) as tf.Tensor2D, dy as tf.Tensor2D),
    ],
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (c: tf.Tensor, x: tf.Tensor) => tf.Tensor;

/**
 * `a @ c` with a constant `c` (`[k, n]`): the backward pass computes only `da = dy @ cᵀ`.
 * Differentiable to any order in `a`; `a` may have leading batch axes (`[..., k]`).
 */
export function matMulConst(a: tf.Tensor, c: tf.Tensor2D): tf.Tensor {
  if (a.shape[a.rank - 1] !== c.shape[0] || c.rank !== 2) {
    throw new Error(`matMulConst: inner dimensions differ: a is [${a.shape}], c is [${c.shape}]`);
  }
  return rightConst(a, c);
}

/** `c @ a` with a constant `c` (`[m, k]`) and `a` `[k, n]`: gradient only for `a`. */
export function constMatMul(c: tf.Tensor2D, a: tf.Tensor2D): tf.Tensor2D {
  if (a.rank !== 2 || c.rank !== 2 || c.shape[1] !== a.shape[0]) {
    throw new Error(`constMatMul: expected c [m, k] and a [k, n], received [${c.shape}] and [${a.shape}]`);
  }
  return leftConst(c, a) as tf.Tensor2D;
}
