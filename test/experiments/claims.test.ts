/**
 * The claims table: intervals against hand computations (equal variances and sizes, where
 * Welch's degrees of freedom are 2(n − 1), with printed t quantiles), the verdict rules at their
 * edges, and the claims built from Table I rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CLAIM_COLUMNS, differenceFrom, verdict, welchDifference, claimRow } from '../../src/experiments/claims';
import { paperClaims } from '../../src/experiments/claims_list';
import { csvText } from '../../src/results/csv';

const near = (a: number, b: number, what: string) => assert.ok(Math.abs(a - b) < 1e-5, `${what}: ${a} vs ${b}`);

test('Welch and Student intervals by hand; no interval below 2 seeds', () => {
  // d = 3, se = √(1/3 + 1/3), df = 4, t = 2.776445: half-width 2.266891
  const w = welchDifference({ mean: 5, std: 1, n: 3 }, { mean: 2, std: 1, n: 3 });
  near(w.d, 3, 'd');
  near(w.interval![0], 3 - 2.776445 * Math.sqrt(2 / 3), 'low');
  near(w.interval![1], 3 + 2.776445 * Math.sqrt(2 / 3), 'high');
  // d = −4, half-width t(0.975, 3) · 2 / √4 = 3.182446
  const s = differenceFrom({ mean: 50, std: 2, n: 4 }, 54);
  near(s.interval![0], -4 - 3.182446, 'one-sample low');
  near(s.interval![1], -4 + 3.182446, 'one-sample high');
  assert.equal(welchDifference({ mean: 5, std: 0, n: 1 }, { mean: 2, std: 1, n: 3 }).interval, null);
  assert.equal(differenceFrom({ mean: 5, std: 0, n: 1 }, 4).interval, null);
});

test('verdicts: reproduced, not reproduced and inconclusive for each kind of statement', () => {
  const at = (lo: number, hi: number) => ({ d: (lo + hi) / 2, interval: [lo, hi] as [number, number] });
  assert.equal(verdict({ kind: 'greater' }, at(0.1, 3)), 'reproduced');
  assert.equal(verdict({ kind: 'greater' }, at(-3, -0.1)), 'not reproduced');
  assert.equal(verdict({ kind: 'greater' }, at(-1, 3)), 'inconclusive at this budget');
  assert.equal(verdict({ kind: 'atMost', bound: 1.8 }, at(-2, 1.8)), 'reproduced');
  assert.equal(verdict({ kind: 'atMost', bound: 1.8 }, at(1.9, 4)), 'not reproduced');
  assert.equal(verdict({ kind: 'atMost', bound: 1.8 }, at(1, 4)), 'inconclusive at this budget');
  assert.equal(verdict({ kind: 'within', target: 0, bound: 2 }, at(-1.5, 2)), 'reproduced');
  assert.equal(verdict({ kind: 'within', target: 0, bound: 2 }, at(-9, -2.5)), 'not reproduced');
  assert.equal(verdict({ kind: 'within', target: 0, bound: 2 }, at(-3, 1)), 'inconclusive at this budget');
  assert.equal(verdict({ kind: 'greater' }, { d: 5, interval: null }), 'inconclusive at this budget');
});

test("claims from Table I rows with variant keys: R+H and the authors' model share model columns, " +
  'not rows; a table without the key never yields the authors\' claim', () => {
  const row = (variant: string, model: string, observable: string, residual: boolean, mean: number) =>
    ({ dataset: 'mnist', variant, model, observable, residual, init: 'fixed', n_seeds: 2, accuracy_mean: mean,
      accuracy_std: 0 });
  const rows = [row('classical', 'classical_lenet', 'none', false, 90),
    row('q-authors', 'quantum_lenet', 'hermitian', true, 88),
    row('q-res-hermitian', 'quantum_lenet', 'hermitian', true, 79)];
  const all = paperClaims(rows, [], 'standard');
  assert.doesNotThrow(() => csvText('claims.csv', all, CLAIM_COLUMNS), 'every text fits in a CSV cell');
  const claims = all.filter((c) => c.claim.startsWith('1.'));
  assert.deepEqual(claims.map((c) => [c.difference_d, c.d]),
    [['classical − R+H', 11], ["classical − R+H (authors' code)", 2]]);
  const legacy = rows.map(({ variant: _, ...r }) => r);
  const old = paperClaims(legacy, [], 'standard').filter((c) => c.claim.startsWith('1.'));
  assert.deepEqual(old.map((c) => [c.difference_d, c.d]), [['classical − R+H', 2]],
    'the first row of its model columns');
});

test('claims from Table I rows: both sides needed; texts, numbers and notebooks in the rows', () => {
  const row =
    (dataset: string, model: string, observable: string, residual: boolean, mean: number, std: number, n: number) =>
    ({ dataset, model, observable, residual, init: 'fixed', n_seeds: n, accuracy_mean: mean, accuracy_std: std });
  const rows = [
    row('mnist', 'classical_lenet', 'none', false, 93, 0.5, 3),
    row('mnist', 'quantum_lenet', 'hermitian', true, 90, 0.5, 3),
    row('mnist', 'quantum_lenet', 'hermitian', false, 80, 1, 3),
    row('cifar10', 'classical_lenet', 'none', false, 40, 1, 1),
  ];
  const claims = paperClaims(rows, [], 'standard');
  assert.deepEqual(claims.map((c) => [c.claim.slice(0, 2), c.dataset]),
    [['1.', 'mnist'], ['2.', 'mnist'], ['Di', 'mnist'], ['Di', 'cifar10']]);
  const [close, residual, wangMnist, wangCifar] = claims;
  assert.deepEqual([close.d, close.statement, close.verdict, close.notebook],
    [3, 'd ≤ 5', 'reproduced', '01-table1-mnist']);
  assert.equal(residual.verdict, 'reproduced');
  assert.equal(residual.ours_a, '90.00 ± 0.50 (n = 3)');
  // 3 ± t(0.975, 4) · √(0.5²/3 + 0.5²/3) = 3 ± 1.13 ≤ 5. Wang: 93 ± 0.5 (n = 3) vs 93.8: d = −0.8,
  // half-width 4.302653 · 0.5 / √3 = 1.2421
  assert.deepEqual([wangMnist.d, wangMnist.ci95_low, wangMnist.ci95_high, wangMnist.verdict],
    [-0.8, -2.04, 0.44, 'inconclusive at this budget']);
  assert.deepEqual([wangCifar.ours_a, wangCifar.ci95_low, wangCifar.verdict],
    ['40.00 (n = 1)', null, 'inconclusive at this budget']);
  assert.equal(claimRow({ claim: 'x', dataset: 'mnist', what: 'a − b', statement: { kind: 'greater' }, paper: '1',
    a: { mean: 2, std: 0, n: 2 }, b: 1,
    profile: 'p', notebook: 'n' }).ours_b, 'published 1');
});
