/**
 * How spreads are written. "±" has one meaning everywhere: the sample standard deviation over
 * seeds, with n (`results/readme.ts` writes one seed as `(n = 1)`). A spread over anything else
 * (a distilled set's evaluation initialisations, random-real draws) is written out in words, and a single value
 * is never shown as "± 0". Both are sample standard deviations (divisor n − 1), computed here from the values.
 */

/** Mean and sample standard deviation (divisor n − 1; 0 for a single value). */
export function meanStd(values: readonly number[]): { mean: number; std: number } {
  if (values.length === 0) throw new Error('meanStd: expected at least one value, received none');
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const v = values.length > 1 ? values.reduce((a, b) => a + (b - mean) ** 2, 0) / (values.length - 1) : 0;
  return { mean, std: Math.sqrt(v) };
}

/**
 * `85.10 % (mean of 10 initialisations, sample std 1.20)`; `85.10 % (1 initialisation)` for one.
 * @param values the accuracies (percent), one a draw; mean and sample std are computed from them
 */
export function overDraws(values: readonly number[], what: [string, string], digits = 2): string {
  const { mean, std } = meanStd(values);
  if (values.length === 1) return `${mean.toFixed(digits)} % (1 ${what[0]})`;
  return `${mean.toFixed(digits)} % (mean of ${values.length} ${what[1]}, sample std ${std.toFixed(digits)})`;
}
