/**
 * The README's Table I: the paper-budget column joins the seed-0 paper-profile runs to the rows
 * of the same dataset and model (fixed initialisation only), finished or not; the standard
 * profile's runs in the store get a column while they differ from the table.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { claimsMarkdown, table1Markdown } from '../../src/results/readme';

/** The variant key of the model columns (as `TABLE1_VARIANTS` names them). */
const key = (model: string, observable: string, residual: boolean) =>
  model === 'classical_lenet' ? 'classical' : `q-${residual ? 'res-' : ''}${observable}`;

test('Table I markdown: a paper-budget cell for finished and unfinished runs of the same model, none elsewhere', () => {
  const row = (model: string, observable: string, residual: boolean, init = 'fixed') => ({
    dataset: 'mnist', model, observable, residual, init, images_per_class: 1, n_seeds: 3, accuracy_mean: 80,
    accuracy_std: 2,
    paper_accuracy: 91.9, delta_vs_paper: -11.9, profile: 'standard',
  });
  const pb = (model: string, observable: string, residual: boolean, status: string, accuracy: number) => ({
    dataset: 'mnist', variant: key(model, observable, residual), model, observable, residual, seed: 0, status,
    iteration: 15000,
    total_iterations: 23200,
    accuracy, accuracy_at: 11600, test_examples: 1000, paper_accuracy: 91.9, delta_vs_paper: 0, hours: 4, run: 'r',
  });
  const md = table1Markdown(
    [row('quantum_lenet', 'hermitian', true), row('classical_lenet', 'none', false),
      row('quantum_lenet', 'pauliz', false),
      row('quantum_lenet', 'hermitian', true, 'random')],
    [pb('quantum_lenet', 'hermitian', true, 'unfinished', 71.7),
      pb('classical_lenet', 'none', false, 'finished', 93.1)],
  ).split('\n');
  assert.match(md[0], /\| ours \(%\) \| paper budget, seed 0 \(%\) \| paper \(%\) \|/);
  const cells = (line: string) => line.split('|').map((c) => c.trim());
  assert.equal(cells(md[2])[10], '71.7 at 11,600 / 23,200 it.');
  assert.equal(cells(md[3])[10], '93.1');
  assert.equal(cells(md[4])[10], '');
  assert.equal(cells(md[5])[10], '', 'random initialisation has no paper-budget run');
  assert.equal(cells(md[2])[9], '80 ± 2');
});

test('Table I markdown: the standard runs in the store, over finished seeds with how many are under way; ' +
  'no column once the table has them', () => {
  const row = (model: string, observable: string, residual: boolean, mean: number | null, std: number | null,
    n: number) => ({
    dataset: 'mnist', model, observable, residual, init: 'fixed', images_per_class: 1, n_seeds: n, accuracy_mean: mean,
    accuracy_std: std, paper_accuracy: 91.9, delta_vs_paper: null, profile: 'standard',
  });
  const st = (model: string, observable: string, residual: boolean, seed: number, status: string,
    accuracy: number) => ({
    dataset: 'mnist', variant: key(model, observable, residual), model, observable, residual, seed, status,
    iteration: 1, total_iterations: 8190,
    accuracy, accuracy_at: 1, test_examples: 10000, paper_accuracy: 91.9, delta_vs_paper: 0, hours: 1, run: 'r',
  });
  const store = [
    st('quantum_lenet', 'hermitian', true, 1, 'finished', 79.14),
    st('quantum_lenet', 'hermitian', true, 2, 'finished', 81),
    st('quantum_lenet', 'hermitian', true, 3, 'unfinished', 40),
    st('classical_lenet', 'none', false, 1, 'unfinished', 70),
  ];
  const stale =
    [row('quantum_lenet', 'hermitian', true, 42.55, 4.77, 2), row('classical_lenet', 'none', false, 62.48, 0.08, 2),
    row('quantum_lenet', 'pauliz', false, 30, 1, 2)];
  const md = table1Markdown(stale, [], store).split('\n');
  const cells = (line: string) => line.split('|').map((c) => c.trim());
  assert.equal(cells(md[0])[10], 'standard runs in the store (%)');
  // mean (79.14 + 81) / 2 = 80.07; sample std |81 − 79.14| / √2 = 1.315
  assert.equal(cells(md[2])[10], '80.07 ± 1.32 (n = 2), 1 under way');
  assert.equal(cells(md[3])[10], '1 under way', 'an unfinished run has no number in this column');
  assert.equal(cells(md[4])[10], '');
  assert.equal(cells(md[1]).length, cells(md[2]).length, 'the alignment row has a cell per column');
  const current = [row('quantum_lenet', 'hermitian', true, 80.07, 1.32, 2)];
  const done = table1Markdown(current, [], store.slice(0, 2)).split('\n');
  assert.doesNotMatch(done[0], /in the store/, 'the table holds the store runs already');
});

test('Table I markdown: rows are variants; a variant with store runs but no table row yet gets its own row ' +
  '(the authors\' model shares R+H\'s model columns, not its row)', () => {
  const row = (dataset: string, variant: string | undefined, mean: number) => ({
    dataset, ...(variant ? { variant } : {}), model: 'quantum_lenet', observable: 'hermitian', residual: true,
    init: 'fixed', images_per_class: 1, n_seeds: 2, accuracy_mean: mean, accuracy_std: 1, paper_accuracy: 91.9,
    delta_vs_paper: mean - 91.9, profile: 'standard',
  });
  const st = (dataset: string, variant: string, seed: number, accuracy: number) => ({
    dataset, variant, model: 'quantum_lenet', observable: 'hermitian', residual: true, seed, status: 'finished',
    iteration: 8190, total_iterations: 8190, accuracy, accuracy_at: 8190, test_examples: 10000, paper_accuracy: 91.9,
    delta_vs_paper: 0, hours: 1, run: 'r',
  });
  const store = [st('mnist', 'q-res-hermitian', 1, 79.14), st('mnist', 'q-authors', 1, 87.61),
    st('mnist', 'q-authors', 2, 88.61)];
  const cells = (line: string) => line.split('|').map((c) => c.trim());
  for (const variant of ['q-res-hermitian', undefined]) { // a current table, and one written before the column
    const md = table1Markdown([row('mnist', variant, 42.55), row('cifar10', variant, 10.88)], [], store).split('\n');
    assert.equal(md.length, 5, 'header, alignment, 2 table rows and one for the authors\' model');
    assert.deepEqual(cells(md[2]).slice(1, 3), ['mnist', 'q-res-hermitian']);
    assert.equal(cells(md[2])[10], '79.14 (n = 1)', 'R+H gets its own run only');
    assert.deepEqual(cells(md[3]).slice(1, 3), ['mnist', 'q-authors'], 'beside its dataset\'s rows');
    assert.deepEqual([cells(md[3])[9], cells(md[3])[10], cells(md[3])[12]], ['', '88.11 ± 0.71 (n = 2)', '91.9']);
    assert.deepEqual(cells(md[4]).slice(1, 3), ['cifar10', 'q-res-hermitian']);
  }
});

test('claims markdown: one row per claim, pipes in a claim escaped, "no interval" below 2 seeds', () => {
  const md = claimsMarkdown([
    { claim: 'c1', dataset: 'mnist', difference_d: 'a − b', statement: '|d| ≤ 2', paper: '93.8', paper_d: null,
      ours_a: '93.00 ± 0.50 (n = 3)',
      ours_b: 'published 93.8', d: -0.8, ci95_low: -2.04, ci95_high: 0.44, verdict: 'inconclusive at this budget',
      profile: 'standard', notebook: '01' },
    { claim: 'c2', dataset: 'cifar10', difference_d: 'a − b', statement: 'd > 0', paper: '5.4', paper_d: 5.4,
      ours_a: '40.00 (n = 1)',
      ours_b: '30.00 (n = 1)', d: 10, ci95_low: null, ci95_high: null, verdict: 'inconclusive at this budget',
      profile: 'standard', notebook: '02' },
  ]).split('\n');
  assert.match(md[0], /profile standard/);
  const rows = md.filter((l) => /^\| c\d /.test(l));
  assert.equal(rows.length, 2);
  assert.equal(rows[0].split(/(?<!\\)\|/).length - 2, 7, 'seven cells: the escaped pipes do not split');
  assert.match(rows[0], /\\\|d\\\| ≤ 2/);
  assert.match(rows[0], /-0\.8 \[-2\.04, 0\.44\]/);
  assert.match(rows[1], /10 \(n < 2: no interval\)/);
});
