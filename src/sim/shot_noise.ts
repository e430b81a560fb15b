/**
 * Finite-shot versions of exact one-qubit expectation values, for evaluating a trained model as
 * a device with `shots` repetitions per expectation would.
 *
 * A one-qubit observable O with eigenvalues lo < hi returns hi with probability
 * p = (⟨O⟩ − lo)/(hi − lo) per shot, so the estimate is lo + (hi − lo)·k/shots with
 * k ~ Binomial(shots, p) — the exact law of each expectation's estimate (the joint law across
 * wires measured in the same shots is not modelled: each expectation is sampled independently).
 * PauliZ: lo = −1, hi = 1. Seeded; not differentiable.
 */
import { Rng } from '../util/rng';

export interface ShotOptions {
  /** Repetitions per expectation (positive integer). */
  shots: number;
  rng: Rng;
}

/**
 * @param exact `[batch·n]` row-major exact expectations of n observables.
 * @param lo, hi `[n]` smallest and largest eigenvalue of each observable.
 * @returns `[batch·n]` estimates.
 */
export function sampleExpvals(
  exact: ArrayLike<number>,
  lo: ArrayLike<number>,
  hi: ArrayLike<number>,
  o: ShotOptions,
): Float32Array {
  const n = lo.length;
  if (hi.length !== n || exact.length % n !== 0) {
    throw new Error(
      `sampleExpvals: expected [batch·${n}] values and ${n} eigenvalue pairs, ` +
        `received ${exact.length} values, ${lo.length} and ${hi.length} eigenvalues`,
    );
  }
  if (!Number.isInteger(o.shots) || o.shots < 1) {
    throw new Error(`sampleExpvals: shots: expected a positive integer, received ${o.shots}`);
  }
  const out = new Float32Array(exact.length);
  for (let i = 0; i < exact.length; i++) {
    const w = i % n, span = hi[w] - lo[w];
    const p = span > 0 ? Math.min(1, Math.max(0, (exact[i] - lo[w]) / span)) : 0;
    let k = 0;
    for (let s = 0; s < o.shots; s++) if (o.rng.uniform() < p) k++;
    out[i] = lo[w] + (span * k) / o.shots;
  }
  return out;
}

/** Eigenvalues a ± √(b² + x² + y²) of one-qubit Hermitians a·I + b·Z + x·X + y·Y. */
export function oneQubitEigenvalues(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
  x: ArrayLike<number>,
  y: ArrayLike<number>,
): { lo: number[]; hi: number[] } {
  const r = Array.from(a, (_, i) => Math.hypot(b[i], x[i], y[i]));
  return { lo: Array.from(a, (v, i) => v - r[i]), hi: Array.from(a, (v, i) => v + r[i]) };
}
