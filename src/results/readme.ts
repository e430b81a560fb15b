/**
 * `results/README.md`, generated (never hand-edited) from the manifests in the results folder:
 * a table mapping every output file to the notebook that writes it and the numerics version it
 * was computed under (outputs older than `NUMERICS_VERSION` are marked stale), and the Table I
 * comparison (ours beside the paper's) from `table1.csv`'s manifest and the paper-budget tables.
 */
import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic } from '../util/fs';
import { Row, parseCsv } from './csv';
import { MANIFEST_SUFFIX, Manifest, SharedManifest, isShared, isStale, manifestNumericsVersion } from './manifest';
import { NUMERICS_VERSION } from '../numerics';

const EXECUTED = 'executed';

function manifests(dir: string): Manifest[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir)
    .filter((f) => f.endsWith(MANIFEST_SUFFIX))
    .sort()
    .map((f) => JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as Manifest);
}

const cell = (v: unknown) => (v === null || v === undefined ? '' : String(v).replace(/\|/g, '\\|'));

/** The numerics cell of an output: `v2`, or `v1 (stale: regenerate)` when older than `NUMERICS_VERSION`. */
export function numericsCell(m: Manifest): string {
  return `v${manifestNumericsVersion(m)}${isStale(m) ? ' (stale: regenerate)' : ''}`;
}

/** The sentence saying how many of the outputs `ms` are stale (older numerics version). */
export function staleSummary(ms: readonly Manifest[]): string {
  if (ms.length === 0) return 'No outputs yet.';
  const stale = ms.filter(isStale);
  if (stale.length === 0) {
    return (
      `All ${ms.length} outputs were computed under the current numerics ` +
      `version (v${NUMERICS_VERSION}, \`src/numerics.ts\`).`
    );
  }
  const versions = [...new Set(stale.map(manifestNumericsVersion))]
    .sort((a, b) => a - b)
    .map((v) => `v${v}`)
    .join(', ');
  return (
    `**${stale.length} of ${ms.length} outputs are stale**: ` +
    `they were produced under an older numerics version (${versions}; current: v${NUMERICS_VERSION}, ` +
    `\`src/numerics.ts\`), so their numbers may differ from what the code computes now. ` +
    `Regenerate them with \`make reproduce\`; they are marked "stale" below.`
  );
}

/**
 * The paper-budget cell of a Table I row: the seed-0 run of the `paper` profile with the same
 * dataset and model (fixed initialisation), finished (`93.1`) or not (`91.5 at 11,600 / 23,200 it.`).
 */
function paperBudgetCell(r: Row, paperBudget: readonly Row[]): string {
  if (r.init !== 'fixed') return '';
  const p = paperBudget.find(
    (x) =>
      x.dataset === r.dataset &&
      x.model === r.model &&
      x.observable === r.observable &&
      String(x.residual) === String(r.residual),
  );
  if (!p || p.accuracy === null) return '';
  const n = (v: unknown) => Number(v).toLocaleString('en-US');
  return p.status === 'finished'
    ? `${p.accuracy}`
    : `${p.accuracy} at ${n(p.accuracy_at)} / ${n(p.total_iterations)} it.`;
}

/**
 * Table I rows (from `table1.csv`'s manifest) as a Markdown table, with the paper-budget runs
 * (rows of `table1-paper-budget-<dataset>.csv`) in a column of their own.
 */
export function table1Markdown(rows: readonly Row[], paperBudget: readonly Row[] = []): string {
  const head =
    '| dataset | model | observable | residual | init | images/class | seeds | ours (%) ' +
    '| paper budget, seed 0 (%) | paper (%) | ours − paper | profile |';
  const lines = rows.map((r) => {
    const ours =
      r.accuracy_mean === null
        ? ''
        : Number(r.n_seeds) === 1
          ? `${r.accuracy_mean} (n = 1)`
          : `${r.accuracy_mean} ± ${r.accuracy_std}`;
    return (
      `| ${cell(r.dataset)} | ${cell(r.model)} | ${cell(r.observable)} ` +
      `| ${cell(r.residual)} | ${cell(r.init)} | ${cell(r.images_per_class)} | ` +
      `${cell(r.n_seeds)} | ${ours} | ${paperBudgetCell(r, paperBudget)} ` +
      `| ${cell(r.paper_accuracy)} | ${cell(r.delta_vs_paper)} | ${cell(r.profile)} |`
    );
  });
  return [head, '| --- | --- | --- | --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- |', ...lines].join('\n');
}

/** The rows of the paper-budget tables in the results folder `dir` (none when absent). */
export function paperBudgetRows(dir: string): Row[] {
  return ['mnist', 'cifar10'].flatMap((d) => {
    const f = path.join(dir, `table1-paper-budget-${d}.csv`);
    return fs.existsSync(f) ? parseCsv(f, fs.readFileSync(f, 'utf8')) : [];
  });
}

/** The README text for the results folder `dir`. */
export function resultsReadme(dir: string): string {
  const ms = manifests(dir);
  const executed = fs.existsSync(path.join(dir, EXECUTED))
    ? fs.readdirSync(path.join(dir, EXECUTED)).filter((f) => f.endsWith('.ipynb')).sort()
    : [];
  const rows: string[] = [];
  for (const m of ms) {
    const writers = isShared(m) ? Object.keys(m.contributions).sort() : [m.notebook];
    rows.push(
      `| [\`${m.output}\`](${m.output}) | ${writers.map((n) => `\`notebooks/${n}\``).join(', ')} ` +
        `| ${m.profile} | ${numericsCell(m)} | [manifest](${m.output}${MANIFEST_SUFFIX}) |`,
    );
  }
  for (const nb of executed) {
    rows.push(
      `| [\`${EXECUTED}/${nb}\`](${EXECUTED}/${nb}) | \`notebooks/${nb}\` (executed copy, with outputs) | | | |`,
    );
  }
  const profiles = [...new Set(ms.map((m) => m.profile))].sort();
  const table1 = ms.find((m): m is SharedManifest => m.output === 'table1.csv' && isShared(m));
  const t1rows = table1 ? Object.keys(table1.contributions).sort().flatMap((k) => table1.contributions[k].rows) : [];
  const commits = [...new Set(ms.map((m) => m.git.commit?.slice(0, 10) ?? 'unknown'))];
  return [
    '# results/',
    '',
    '<!-- Generated by src/results/readme.ts (ResultsWriter.finish, run at the end of every notebook',
    '     and of `make reproduce`). Do not edit: changes are overwritten. -->',
    '',
    'Everything here is produced by `make reproduce` (see the top-level README): it wipes this',
    'folder, executes every `notebooks/*.ipynb` in name order with the project-local tslab kernel',
    'and `PROFILE` (default `quick`; the committed files use `standard`), and regenerates this file.',
    'Every output has a `<file>.manifest.json` beside it (format: `src/results/manifest.ts`): git',
    'commit, numerics version, config, seeds, backend, threads, library versions, wall time, and the',
    'circuit executions simulated while producing it (each run keeps its own totals in `<run>/final/result.json`).',
    '',
    staleSummary(ms),
    '',
    `Profile(s) of the files present: ${profiles.length ? profiles.join(', ') : 'none'}; ` +
      `code: ${commits.join(', ') || 'none'}.`,
    '',
    '## Table I: test accuracy of a model trained on the distilled set',
    '',
    ...(table1 && isStale(table1)
      ? [
          `_Stale: computed under numerics v${manifestNumericsVersion(table1)}, ` +
            `older than the current v${NUMERICS_VERSION}; regenerate with \`make reproduce\`._`,
          '',
        ]
      : []),
    t1rows.length
      ? table1Markdown(t1rows)
      : '_Not computed yet (`notebooks/01-table1-mnist.ipynb`, `02-table1-cifar10.ipynb`)._',
    '',
    'Paper values are from the abstract and summaries of Phalak, Li, Ghosh (arXiv 2503.17935);',
    'empty where the paper gives none (for the fixed Hermitian it says only "up to 1.8 (MNIST) /',
    '1.3 (CIFAR-10) points below the trainable one"). Accuracies in percent, mean ± std over seeds.',
    '',
    '## Files',
    '',
    '| output | written by | profile | numerics | provenance |',
    '| --- | --- | --- | --- | --- |',
    ...rows,
    '',
    '`make clean-results` removes these files and the git-ignored run cache (`runs/reproduce/`); the runs behind',
    'committed numbers stay in the tracked run store `runstore/<profile>/`.',
    '',
  ].join('\n');
}

/** Writes `<dir>/README.md` (atomically). Returns its path. */
export function writeResultsReadme(dir: string): string {
  const file = path.join(dir, 'README.md');
  writeFileAtomic(file, resultsReadme(dir));
  return file;
}

export const TABLE1_BLOCK_START = '<!-- table1:start (generated by make reproduce from results/; do not edit) -->';
export const TABLE1_BLOCK_END = '<!-- table1:end -->';

/**
 * The top-level README's Table I block: the comparison table and the main figure, from the
 * results folder `dir` (linked relative to the repository root as `results/...`).
 */
export function table1Block(dir: string): string {
  const table1 = path.join(dir, 'table1.csv' + MANIFEST_SUFFIX);
  if (!fs.existsSync(table1)) {
    return `${TABLE1_BLOCK_START}\n_Table I has not been computed yet: run \`make reproduce\`._\n${TABLE1_BLOCK_END}`;
  }
  const m = JSON.parse(fs.readFileSync(table1, 'utf8')) as SharedManifest;
  const rows = Object.keys(m.contributions).sort().flatMap((k) => m.contributions[k].rows);
  const present = (fs: string[]) => fs.filter((f) => fsExists(path.join(dir, f)));
  const figs = present([
    'table1-mnist.png',
    'table1-cifar10.png',
    'table1-paper-budget-mnist.png',
    'table1-paper-budget-cifar10.png',
  ]);
  const claims = path.join(dir, 'claims.csv');
  return [
    TABLE1_BLOCK_START,
    table1Markdown(rows, paperBudgetRows(dir)),
    '',
    ...figs.map((f) => `![${f.replace('.png', '')}](results/${f})`),
    ...(fsExists(claims)
      ? [
          '',
          claimsMarkdown(parseCsv(claims, fs.readFileSync(claims, 'utf8'))),
          '',
          ...present(['claims.png']).map((f) => `![claims](results/${f})`),
        ]
      : []),
    TABLE1_BLOCK_END,
  ].join('\n');
}

const fsExists = (f: string) => fs.existsSync(f);

/** The claims (rows of `claims.csv`, notebook 07) as a Markdown table. */
export function claimsMarkdown(rows: readonly Row[]): string {
  const head = '| claim | dataset | d | paper | ours (a; b) | d (95 % interval) | verdict |';
  const lines = rows.map((r) => {
    const iv = r.ci95_low === null ? `${r.d} (n < 2: no interval)` : `${r.d} [${r.ci95_low}, ${r.ci95_high}]`;
    return (
      `| ${cell(r.claim)} | ${cell(r.dataset)} | ${cell(r.difference_d)}, claim: ${cell(r.statement)} ` +
      `| ${cell(r.paper)} | ${cell(r.ours_a)}; ${cell(r.ours_b)} | ${iv} | ${cell(r.verdict)} |`
    );
  });
  return [
    `**The paper's claims, tested** (notebook 07; profile ${rows[0]?.profile ?? ''}):`,
    '',
    head,
    '| --- | --- | --- | --- | --- | --- | --- |',
    ...lines,
  ].join('\n');
}

/**
 * Replaces the Table I block of the markdown file `readme` (between the markers) with `block`.
 * @returns false if the markers are missing.
 */
export function replaceTable1Block(readme: string, block: string): boolean {
  const text = fs.readFileSync(readme, 'utf8');
  const a = text.indexOf(TABLE1_BLOCK_START), b = text.indexOf(TABLE1_BLOCK_END);
  if (a < 0 || b < a) return false;
  writeFileAtomic(readme, text.slice(0, a) + block + text.slice(b + TABLE1_BLOCK_END.length));
  return true;
}
