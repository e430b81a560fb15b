/**
 * Markdown tables of the results README and the top-level README (`readme.ts`,
 * `readme_table1_block.ts`): Table I beside the paper-budget runs, and the paper's claims.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Row, parseCsv } from './csv';
import { meanStd } from '../util/spread';
import { roundTo } from '../util/round';

const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v).replace(/\|/g, '\\|'));

/**
 * The paper-budget cell of a Table I row: the seed-0 run of the `paper` profile of the same
 * dataset and variant (fixed initialisation), finished (`93.1`) or not (`91.5 at 11,600 / 23,200 it.`).
 */
function paperBudgetCell(r: Row, paperBudget: readonly Row[]): string {
  if (r.init !== 'fixed') return '';
  const p = paperBudget.find((x) => sameVariant(x, r));
  if (!p || p.accuracy === null) return '';
  const n = (v: unknown) => Number(v).toLocaleString('en-US');
  return p.status === 'finished'
    ? `${p.accuracy}`
    : `${p.accuracy} at ${n(p.accuracy_at)} / ${n(p.total_iterations)} it.`;
}

/** Variant keys of the rows of tables written before the `variant` column (one row per model columns then). */
const LEGACY_VARIANTS: Record<string, string> = {
  'classical_lenet/none/false': 'classical',
  'quantum_lenet/hermitian/true': 'q-res-hermitian',
  'quantum_lenet/hermitian/false': 'q-hermitian',
  'quantum_lenet/pauliz/false': 'q-pauliz',
  'quantum_lenet/pauliz/true': 'q-res-pauliz',
  'quantum_lenet/hermitian_fixed/true': 'q-res-hermitian-fixed',
};

/** A Table I row's variant key: its `variant` column, or, in an older table, the key of its model columns. */
export const variantOf = (r: Row): string =>
  r.variant ? String(r.variant) : LEGACY_VARIANTS[`${r.model}/${r.observable}/${r.residual}`] ?? '';

const sameVariant = (x: Row, r: Row) => x.dataset === r.dataset && variantOf(x) === variantOf(r);

/** `a ± s` over seeds (sample std), `a (n = 1)` for one seed. */
function spread(values: readonly number[]): string {
  const { mean, std } = meanStd(values);
  const r2 = (v: number) => roundTo(v, 2);
  return values.length === 1 ? `${r2(mean)} (n = 1)` : `${r2(mean)} ± ${r2(std)} (n = ${values.length})`;
}

/**
 * The store cell of a Table I row: its runs in the committed profile's store
 * (`table1-standard-runs-<dataset>.csv`): the finished ones over seeds, and how many are under way.
 */
function storeCell(r: Row, store: readonly Row[]): string {
  if (r.init !== 'fixed') return '';
  const mine = store.filter((x) => sameVariant(x, r));
  const done = mine.filter((x) => x.status === 'finished' && x.accuracy !== null).map((x) => Number(x.accuracy));
  const running = mine.length - done.length;
  const under = running > 0 ? `${running} under way` : '';
  return done.length ? `${spread(done)}${under ? `, ${under}` : ''}` : under;
}

/**
 * Table I rows (from `table1.csv`'s manifest) as a Markdown table, with the paper-budget runs
 * (rows of `table1-paper-budget-<dataset>.csv`) in a column of their own, and, while they differ
 * from the table, the committed profile's runs in the store (`standardRuns`).
 */
export function table1Markdown(
  rows: readonly Row[],
  paperBudget: readonly Row[] = [],
  standardRuns: readonly Row[] = [],
): string {
  const ours = (r: Row) =>
    r.accuracy_mean === null
      ? ''
      : Number(r.n_seeds) === 1
        ? `${r.accuracy_mean} (n = 1)`
        : `${r.accuracy_mean} ± ${r.accuracy_std}`;
  const all = [...rows, ...storeOnlyRows(rows, [...standardRuns, ...paperBudget])];
  rows = [...new Set(all.map((r) => r.dataset))].flatMap((d) => all.filter((r) => r.dataset === d));
  const stored = rows.map((r) => storeCell(r, standardRuns));
  const withStore = rows.some((r, k) => stored[k] !== '' && !stored[k].startsWith(ours(r)));
  const head =
    '| dataset | variant | model | observable | residual | init | images/class | seeds | ours (%) ' +
    (withStore ? '| standard runs in the store (%) ' : '') +
    '| paper budget, seed 0 (%) | paper (%) | ours − paper | profile |';
  const lines = rows.map((r, k) =>
    `| ${cell(r.dataset)} | ${cell(variantOf(r))} | ${cell(r.model)} | ${cell(r.observable)} ` +
    `| ${cell(r.residual)} | ${cell(r.init)} | ${cell(r.images_per_class)} | ` +
    `${cell(r.n_seeds)} | ${ours(r)} | ${withStore ? `${stored[k]} | ` : ''}${paperBudgetCell(r, paperBudget)} ` +
    `| ${cell(r.paper_accuracy)} | ${cell(r.delta_vs_paper)} | ${cell(r.profile)} |`,
  );
  const align = ['---', '---', '---', '---', '---', '---', '---:', '---:', '---:', ...(withStore ? ['---:'] : []),
    '---:', '---:', '---:', '---'];
  return [head, `| ${align.join(' | ')} |`, ...lines].join('\n');
}

/**
 * Rows for the variants that have runs in a store table (`store`) but no row in `table1.csv` yet
 * (a variant added since the table was computed), without our mean: their store cells show them.
 */
function storeOnlyRows(rows: readonly Row[], store: readonly Row[]): Row[] {
  const out: Row[] = [];
  for (const x of store) {
    if ([...rows, ...out].some((r) => sameVariant(x, r))) continue;
    out.push({
      dataset: x.dataset, variant: variantOf(x), model: x.model, observable: x.observable, residual: x.residual,
      init: 'fixed', images_per_class: null, n_seeds: null, accuracy_mean: null, accuracy_std: null,
      paper_accuracy: x.paper_accuracy, delta_vs_paper: null, profile: null,
    });
  }
  return out;
}

/** The rows of the paper-budget tables in the results folder `dir` (none when absent). */
export function paperBudgetRows(dir: string): Row[] {
  return datasetRows(dir, 'table1-paper-budget');
}

/** The rows of the standard profile's store tables (`table1-standard-runs-<dataset>.csv`) in `dir`. */
export function standardRunsRows(dir: string): Row[] {
  return datasetRows(dir, 'table1-standard-runs');
}

function datasetRows(dir: string, name: string): Row[] {
  return ['mnist', 'cifar10'].flatMap((d) => {
    const f = path.join(dir, `${name}-${d}.csv`);
    return fs.existsSync(f) ? parseCsv(f, fs.readFileSync(f, 'utf8')) : [];
  });
}

/**
 * Claims (rows of `claims.csv` or `claims-standard-runs.csv`, notebook 07) as a Markdown table,
 * under `title` (default: the one of `claims.csv`, with the rows' profile).
 */
export function claimsMarkdown(rows: readonly Row[], title?: string): string {
  const head = '| claim | dataset | d | paper | ours (a; b) | d (95 % interval) | verdict |';
  const lines = rows.map((r) => {
    const iv = r.ci95_low === null ? `${r.d} (n < 2: no interval)` : `${r.d} [${r.ci95_low}, ${r.ci95_high}]`;
    return (
      `| ${cell(r.claim)} | ${cell(r.dataset)} | ${cell(r.difference_d)}, claim: ${cell(r.statement)} ` +
      `| ${cell(r.paper)} | ${cell(r.ours_a)}; ${cell(r.ours_b)} | ${iv} | ${cell(r.verdict)} |`
    );
  });
  return [
    title ?? `**The paper's claims, tested** (notebook 07; profile ${rows[0]?.profile ?? ''}):`,
    '',
    head,
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...lines,
  ].join('\n');
}
