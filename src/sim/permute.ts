/**
 * `permuteAxes(x, dims, perm)`: x viewed as `dims`, its axes permuted by `perm`, as one
 * transpose of the smallest rank. Axes that stay neighbours under the permutation are merged
 * first, e.g. moving qubit w of an n-qubit state to the end is a rank-3 transpose
 * `[B·2^w, 2, 2^(n−w−1)] → [B·2^w, 2^(n−w−1), 2]`, not a rank-(n+1) one: on wasm a
 * high-rank transpose costs about as much as the rest of a gate. Pure data movement, so the
 * result (and its gradient) is bitwise that of `tf.transpose(tf.reshape(x, dims), perm)`.
 */
import * as tf from '@tensorflow/tfjs';

/** Runs of `perm` whose source axes are consecutive: `[0, 2, 3, 1] → [[0], [2, 3], [1]]`. */
export function mergedRuns(perm: readonly number[]): number[][] {
  const runs: number[][] = [];
  for (const a of perm) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[last.length - 1] + 1 === a) last.push(a);
    else runs.push([a]);
  }
  return runs;
}

/** x reshaped to `dims` and transposed by `perm` (shape `perm.map(a => dims[a])`). */
export function permuteAxes(x: tf.Tensor, dims: readonly number[], perm: readonly number[]): tf.Tensor {
  if (perm.length !== dims.length || [...perm].sort((a, b) => a - b).some((a, i) => a !== i)) {
    throw new Error(`permuteAxes: expected a permutation of 0…${dims.length - 1}, received [${perm}]`);
  }
  const out = perm.map((a) => dims[a]);
  const runs = mergedRuns(perm);
  if (runs.length === 1) return tf.reshape(x, out);
  const bySource = runs.slice().sort((p, q) => p[0] - q[0]);
  const merged = bySource.map((r) => r.reduce((s, a) => s * dims[a], 1));
  const mergedPerm = runs.map((r) => bySource.indexOf(r));
  return tf.reshape(tf.transpose(tf.reshape(x, merged), mergedPerm), out);
}
