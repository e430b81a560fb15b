/**
 * The claims notebook's work: read our Table I (the shared `table1.csv`'s manifest, every
 * notebook's rows) and the stability study's `stability-hermitian.csv` from a results folder,
 * test the claims, and draw them as a dot-and-interval chart.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Row, parseCsv } from '../results/csv';
import { MANIFEST_SUFFIX, SharedManifest, isShared, manifestNumericsVersion, readManifest } from '../results/manifest';
import { PlotlyFigure } from '../plot/plotly';
import { ClaimRow } from './claims';
import { paperClaims } from './claims_list';

/** Table I rows of the results folder `dir` (every contributing notebook), or [] before any. */
export function table1Rows(dir: string): Row[] {
  const m = readManifest(path.join(dir, 'table1.csv' + MANIFEST_SUFFIX));
  if (m === null) return [];
  if (!isShared(m)) {
    throw new Error(
      `${path.join(dir, 'table1.csv' + MANIFEST_SUFFIX)}: expected the manifest of a shared table (contributions)`,
    );
  }
  const s = m as SharedManifest;
  return Object.keys(s.contributions).sort().flatMap((k) => s.contributions[k].rows);
}

/**
 * The claims of the results in `dir` (what is missing is left out), what was missing, and the
 * oldest numerics version among the inputs (`OutputMeta.numericsVersion` of the claims' outputs).
 */
export function claimsOf(
  dir: string,
  profile: string,
): { rows: Array<ClaimRow>; missing: string[]; numericsVersion?: number } {
  const missing: string[] = [];
  const versions = ['table1.csv', 'stability-hermitian.csv']
    .map((f) => readManifest(path.join(dir, f + MANIFEST_SUFFIX)))
    .flatMap((m) => (m === null ? [] : [manifestNumericsVersion(m)]));
  const t1 = table1Rows(dir);
  if (t1.length === 0) missing.push('table1.csv (notebooks 01, 02)');
  const stabFile = path.join(dir, 'stability-hermitian.csv');
  const stab = fs.existsSync(stabFile) ? parseCsv(stabFile, fs.readFileSync(stabFile, 'utf8')) : [];
  if (stab.length === 0) missing.push('stability-hermitian.csv (notebook 03)');
  return {
    rows: paperClaims(t1, stab, profile),
    missing,
    ...(versions.length ? { numericsVersion: Math.min(...versions) } : {}),
  };
}

const COLOUR = {
  reproduced: '#2a9d2a',
  'not reproduced': '#c0392b',
  'inconclusive at this budget': '#7f7f7f',
} as const;

/** One line per claim: our d with its 95 % interval (coloured by verdict), the paper's d as a diamond. */
export function claimsFigure(title: string, rows: ReadonlyArray<ClaimRow>): PlotlyFigure {
  const label = (r: (typeof rows)[number]) =>
    `${String(r.claim)
      .split(':')[0]
      .replace(/ \(within.*\)$/, '')} · ${r.dataset}<br>${r.difference_d}`;
  const y = rows.map(label);
  const traces = (Object.keys(COLOUR) as Array<keyof typeof COLOUR>).map((v) => {
    const sel = rows.map((r, i) => [r, i] as const).filter(([r]) => r.verdict === v);
    return {
      type: 'scatter', mode: 'markers', name: `ours: ${v}`, y: sel.map(([, i]) => y[i]), x: sel.map(([r]) => r.d),
      marker: { color: COLOUR[v], size: 9 },
      error_x: {
        type: 'data', symmetric: false, color: COLOUR[v],
        array: sel.map(([r]) => (r.ci95_high === null ? 0 : Number(r.ci95_high) - Number(r.d))),
        arrayminus: sel.map(([r]) => (r.ci95_low === null ? 0 : Number(r.d) - Number(r.ci95_low))),
      },
    };
  });
  const paper = rows.map((r, i) => [r, i] as const).filter(([r]) => r.paper_d !== null);
  return {
    data: [
      ...traces,
      {
        type: 'scatter',
        mode: 'markers',
        name: 'paper',
        y: paper.map(([, i]) => y[i]),
        x: paper.map(([r]) => r.paper_d),
        marker: { symbol: 'diamond-open', size: 11, color: 'black' },
      },
    ],
    layout: {
      title: { text: title }, font: { family: 'Arial, sans-serif', size: 13 },
      xaxis: { title: { text: 'difference d (accuracy points; stability rows: their own units)' }, zeroline: true },
      // rows in the table's order (not grouped by verdict), the first at the top
      yaxis: { automargin: true, autorange: 'reversed', categoryorder: 'array', categoryarray: y },
      legend: { orientation: 'h', x: 0, y: -60 / (60 * rows.length), yanchor: 'top' },
      height: 220 + 60 * rows.length, width: 1100, margin: { l: 20, r: 20, t: 70, b: 130 },
    },
  };
}
