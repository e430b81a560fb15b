/**
 * Outer-gradient clipping relative to the running mean norm (RaT-BPTT, Feng et al. 2024): a
 * gradient whose global L2 norm exceeds k × the mean norm of the earlier iterations is scaled
 * down to that bound. The mean is over the clipped norms, so one spike does not raise the bound
 * of the next iterations. The first gradient is never clipped (there is no mean yet).
 *
 * Norms are summed in float64 on the CPU, in a fixed order, so the running mean (kept in the
 * checkpoint as a JSON number, which round-trips exactly) is the same on every machine.
 */
import * as tf from '@tensorflow/tfjs';

/** Running statistics of the outer-gradient norms: their sum and count. */
export interface GradNorms {
  sum: number;
  count: number;
}

/** Global L2 norm of a list of tensors, accumulated in float64 in tensor and element order. */
export function globalNorm(ts: tf.Tensor[]): number {
  let s = 0;
  for (const t of ts) for (const v of t.dataSync() as Float32Array) s += v * v;
  return Math.sqrt(s);
}

/**
 * @param k the bound's factor (k > 0)
 * @returns the gradients to use (the same tensors when not clipped; new ones owned by the caller
 *   otherwise), the updated statistics, and the norm before and after
 */
export function clipToRunningMean(
  grads: tf.Tensor[],
  norms: GradNorms,
  k: number,
): { grads: tf.Tensor[]; norms: GradNorms; norm: number; clippedTo: number | null } {
  if (!(k > 0 && Number.isFinite(k))) throw new Error(`clipToRunningMean: expected k > 0, received ${k}`);
  const norm = globalNorm(grads);
  const bound = norms.count > 0 ? (k * norms.sum) / norms.count : Infinity;
  if (!(norm > bound)) {
    return { grads, norms: { sum: norms.sum + norm, count: norms.count + 1 }, norm, clippedTo: null };
  }
  const scale = bound / norm;
  return {
    grads: grads.map((g) => tf.mul(g, scale)),
    norms: { sum: norms.sum + bound, count: norms.count + 1 },
    norm,
    clippedTo: bound,
  };
}
