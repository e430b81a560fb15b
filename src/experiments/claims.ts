/**
 * The paper's claims, tested on our Table I (`results/claims.csv`). Each claim is a statement
 * about a difference d between two of our rows (or one row and a published number), tested with
 * a two-sided 95 % interval for d:
 *   greater  (d > 0):          reproduced if the interval is above 0, not reproduced if below;
 *   atMost   (d ≤ c):          reproduced if the interval is at or below c, not if above c;
 *   within   (|d − t| ≤ c):    reproduced if the interval lies in [t − c, t + c], not if outside it;
 * otherwise, or with fewer than 2 seeds on a side (no interval), "inconclusive at this budget".
 * Intervals: Welch's t interval for a difference of two means (Welch–Satterthwaite degrees of
 * freedom), Student's t interval for one mean against a published number. Inputs are per-row
 * means, sample stds and seed counts, as `table1.csv` holds them.
 */
import { studentTQuantile } from '../util/student_t';
import { roundTo } from '../util/round';

/** Mean, sample std over seeds, and number of seeds of one of our numbers. */
export interface Summary {
  mean: number;
  std: number;
  n: number;
}

export type Verdict = 'reproduced' | 'not reproduced' | 'inconclusive at this budget';

export type Statement =
  { kind: 'greater' } | { kind: 'atMost'; bound: number } | { kind: 'within'; target: number; bound: number };

/** A difference with its 95 % interval (null with fewer than 2 seeds on a side). */
export interface Difference {
  d: number;
  interval: [number, number] | null;
}

/** a − b with Welch's 95 % interval. */
export function welchDifference(a: Summary, b: Summary): Difference {
  const d = a.mean - b.mean;
  if (a.n < 2 || b.n < 2) return { d, interval: null };
  const va = a.std ** 2 / a.n, vb = b.std ** 2 / b.n;
  const se = Math.sqrt(va + vb);
  if (se === 0) return { d, interval: [d, d] };
  const df = (va + vb) ** 2 / (va ** 2 / (a.n - 1) + vb ** 2 / (b.n - 1));
  const h = studentTQuantile(0.975, df) * se;
  return { d, interval: [d - h, d + h] };
}

/** a − value (a published number) with Student's 95 % interval. */
export function differenceFrom(a: Summary, value: number): Difference {
  const d = a.mean - value;
  if (a.n < 2) return { d, interval: null };
  const h = (studentTQuantile(0.975, a.n - 1) * a.std) / Math.sqrt(a.n);
  return { d, interval: [d - h, d + h] };
}

/** The verdict of `s` on `diff` (see the file comment). */
export function verdict(s: Statement, diff: Difference): Verdict {
  const iv = diff.interval;
  if (iv === null) return 'inconclusive at this budget';
  const [lo, hi] = iv;
  if (s.kind === 'greater') return lo > 0 ? 'reproduced' : hi < 0 ? 'not reproduced' : 'inconclusive at this budget';
  if (s.kind === 'atMost') {
    return hi <= s.bound ? 'reproduced' : lo > s.bound ? 'not reproduced' : 'inconclusive at this budget';
  }
  const [a, b] = [s.target - s.bound, s.target + s.bound];
  return lo >= a && hi <= b ? 'reproduced' : hi < a || lo > b ? 'not reproduced' : 'inconclusive at this budget';
}

/** The statement in words, e.g. `d > 0`, `d ≤ 1.8`, `|d| ≤ 2`. */
export function describeStatement(s: Statement): string {
  if (s.kind === 'greater') return 'd > 0';
  if (s.kind === 'atMost') return `d ≤ ${s.bound}`;
  return s.target === 0 ? `|d| ≤ ${s.bound}` : `|d − ${s.target}| ≤ ${s.bound}`;
}

export const CLAIM_COLUMNS = [
  'claim', 'dataset', 'difference_d', 'statement', 'paper', 'paper_d', 'ours_a', 'ours_b', 'd', 'ci95_low', 'ci95_high',
  'verdict', 'profile', 'notebook',
] as const;

/** `42.55 ± 4.77 (n = 2)`, `42.55 (n = 1)`. */
export const showSummary = (s: Summary) =>
  s.n > 1 ? `${s.mean.toFixed(2)} ± ${s.std.toFixed(2)} (n = ${s.n})` : `${s.mean.toFixed(2)} (n = 1)`;

/** One row of claims.csv (`CLAIM_COLUMNS`); a type alias, so that it is a results `Row`. */
export type ClaimRow = {
  claim: string;
  dataset: string;
  difference_d: string;
  statement: string;
  paper: string;
  paper_d: number | null;
  ours_a: string;
  ours_b: string;
  d: number;
  ci95_low: number | null;
  ci95_high: number | null;
  verdict: Verdict;
  profile: string;
  notebook: string;
};

/** One row of claims.csv. */
export function claimRow(c: {
  claim: string;
  dataset: string;
  what: string;
  statement: Statement;
  paper: string;
  paperD?: number | null;
  a: Summary;
  b: Summary | number;
  profile: string;
  notebook: string;
}): ClaimRow {
  const diff = typeof c.b === 'number' ? differenceFrom(c.a, c.b) : welchDifference(c.a, c.b);
  const r = (x: number) => roundTo(x, 2);
  return {
    claim: c.claim,
    dataset: c.dataset,
    difference_d: c.what,
    statement: describeStatement(c.statement),
    paper: c.paper,
    paper_d: c.paperD ?? null,
    ours_a: showSummary(c.a),
    ours_b: typeof c.b === 'number' ? `published ${c.b}` : showSummary(c.b),
    d: r(diff.d),
    ci95_low: diff.interval ? r(diff.interval[0]) : null,
    ci95_high: diff.interval ? r(diff.interval[1]) : null,
    verdict: verdict(c.statement, diff),
    profile: c.profile,
    notebook: c.notebook,
  };
}
