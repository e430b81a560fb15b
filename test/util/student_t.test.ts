/**
 * Student's t against closed forms (df = 1: Cauchy, CDF 1/2 + atan(t)/π; df = 2: 1/2 + t/(2√(2 + t²)))
 * and against printed quantile tables (e.g. Abramowitz & Stegun Table 26.10; t₀.₉₇₅).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { studentTCdf, studentTQuantile } from '../../src/util/student_t';

const near = (a: number, b: number, tol: number, what: string) =>
  assert.ok(Math.abs(a - b) <= tol, `${what}: ${a} vs ${b}`);

test('CDF: closed forms for 1 and 2 degrees of freedom, symmetry, non-integer df between its neighbours', () => {
  for (const t of [-7, -1, -0.3, 0, 0.5, 1, 2.5, 40]) {
    near(studentTCdf(t, 1), 0.5 + Math.atan(t) / Math.PI, 1e-12, `df 1, t ${t}`);
    near(studentTCdf(t, 2), 0.5 + t / (2 * Math.sqrt(2 + t * t)), 1e-12, `df 2, t ${t}`);
    near(studentTCdf(-t, 7) + studentTCdf(t, 7), 1, 1e-12, `symmetry, t ${t}`);
  }
  const [a, b, c] = [3, 3.5, 4].map((df) => studentTCdf(2, df));
  assert.ok(a < b && b < c, `CDF at 2 rises with df: ${a}, ${b}, ${c}`);
  assert.throws(() => studentTCdf(1, 0), /expected df > 0, received 0/);
});

test('quantiles: the printed t₀.₉₇₅ and t₀.₉₅ table values', () => {
  const table: Array<[number, number, number]> = [
    [0.975, 1, 12.7062047], [0.975, 2, 4.30265273], [0.975, 3, 3.18244631], [0.975, 4, 2.77644511],
    [0.975, 5, 2.57058184], [0.975, 10, 2.22813885], [0.975, 30, 2.04227246], [0.95, 1, 6.31375151],
    [0.95, 2, 2.91998558],
  ];
  for (const [p, df, q] of table) near(studentTQuantile(p, df), q, 1e-6, `t(${p}, ${df})`);
  near(studentTQuantile(0.975, 1e6), 1.959966, 1e-5, 'normal limit');
  near(studentTQuantile(0.025, 4), -2.77644511, 1e-6, 'lower tail');
  assert.throws(() => studentTQuantile(1, 3), /expected 0 < p < 1, received 1/);
});
