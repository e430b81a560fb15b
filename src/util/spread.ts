/**
 * How spreads are written. "±" has one meaning everywhere: the sample standard deviation over
 * seeds, with n (`results/readme.ts` writes one seed as `(n = 1)`). A spread over anything else
 * (a distilled set's evaluation initialisations, random-real draws) is written out in words, and a single value
 * is never shown as "± 0".
 */

/** `85.10 % (mean of 10 initialisations, sample std 1.20)`; `85.10 % (1 initialisation)` for one. */
export function overDraws(mean: number, std: number, n: number, what: [string, string], digits = 2): string {
  if (n === 1) return `${mean.toFixed(digits)} % (1 ${what[0]})`;
  return `${mean.toFixed(digits)} % (mean of ${n} ${what[1]}, sample std ${std.toFixed(digits)})`;
}
