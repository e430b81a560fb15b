/**
 * Summary statistics of timing samples.
 */

/** Median, minimum, 90th percentile and mean of a sample, in the sample's unit. */
export interface TimingStats {
  median: number;
  min: number;
  p90: number;
  mean: number;
  n: number;
}

/**
 * The q-quantile (0 ≤ q ≤ 1) by linear interpolation between order statistics
 * (NumPy's default method).
 * @throws Error on an empty sample or q outside [0, 1].
 */
export function quantile(samples: readonly number[], q: number): number {
  if (samples.length === 0) throw new Error('quantile: expected at least one sample, received none');
  if (!(q >= 0 && q <= 1)) throw new Error(`quantile: expected q in [0, 1], received ${q}`);
  const s = [...samples].sort((a, b) => a - b);
  const pos = q * (s.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(lo + 1, s.length - 1);
  return s[lo] + (pos - lo) * (s[hi] - s[lo]);
}

/** Median, min, p90 and mean of a non-empty sample. */
export function summarize(samples: readonly number[]): TimingStats {
  return {
    median: quantile(samples, 0.5),
    min: Math.min(...samples),
    p90: quantile(samples, 0.9),
    mean: samples.reduce((a, b) => a + b, 0) / samples.length,
    n: samples.length,
  };
}
