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

/** Which rounds `timeInterleaved` is in: untimed warm-up rounds first, then timed ones. */
export type TimingPhase = 'warmup' | 'timing';

/** Called after every round with the rounds done so far in the phase and the phase's total. */
export type TimingProgress = (done: number, total: number, phase: TimingPhase) => void;

/** Every sample (in ms) and its statistics, per operation. */
export interface InterleavedTimings<K extends string> {
  samples: Record<K, number[]>;
  stats: Record<K, TimingStats>;
}

/**
 * Times operations interleaved: `warmup` untimed rounds, then `repeats` timed rounds, each
 * round running every operation once in the key order of `ops` (so drift on a noisy machine
 * affects all alike). An operation must finish its work before returning (read results back
 * with `dataSync`); its wall time in ms, by `performance.now()`, is one sample.
 * @throws Error if repeats is not an integer ≥ 1 or warmup an integer ≥ 0.
 */
export async function timeInterleaved<K extends string>(
  ops: Record<K, () => unknown>,
  repeats: number,
  warmup: number,
  onProgress?: TimingProgress,
): Promise<InterleavedTimings<K>> {
  if (!Number.isInteger(repeats) || repeats < 1) {
    throw new Error(`timeInterleaved: expected repeats to be an integer ≥ 1, received ${repeats}`);
  }
  if (!Number.isInteger(warmup) || warmup < 0) {
    throw new Error(`timeInterleaved: expected warmup to be an integer ≥ 0, received ${warmup}`);
  }
  const names = Object.keys(ops) as K[];
  for (let r = 0; r < warmup; r++) {
    for (const m of names) await ops[m]();
    onProgress?.(r + 1, warmup, 'warmup');
  }
  const samples = Object.fromEntries(names.map((m) => [m, [] as number[]])) as Record<K, number[]>;
  for (let r = 0; r < repeats; r++) {
    for (const m of names) {
      const t0 = performance.now();
      await ops[m]();
      samples[m].push(performance.now() - t0);
    }
    onProgress?.(r + 1, repeats, 'timing');
  }
  const stats = Object.fromEntries(names.map((m) => [m, summarize(samples[m])])) as Record<K, TimingStats>;
  return { samples, stats };
}

/** Validates an integer option of a benchmark: `<bench>: expected <name> to be an integer …`. */
export function checkIntOption(bench: string, name: string, v: number, min: number, max = Infinity): number {
  if (!Number.isInteger(v) || v < min || v > max) {
    throw new Error(
      `${bench}: expected ${name} to be an integer ` +
        `${max === Infinity ? `≥ ${min}` : `from ${min} to ${max}`}, ` +
        `received ${v}`,
    );
  }
  return v;
}

/** `v` rounded to `digits` decimals. */
export { roundTo } from '../util/round';
