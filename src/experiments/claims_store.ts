/**
 * The paper's claims on the standard profile's runs finished so far (`claims-standard-runs.csv`):
 * while the long runs of the redefined `standard` profile compute across sessions, Table I's
 * committed numbers still come from the old budget. This tests the claims on what the run store
 * already holds (`table1-standard-runs-<dataset>.csv`, notebooks 01/02): finished runs only,
 * mean ± sample std over their seeds, with the same rules as `claims.csv` (`claims_list.ts`).
 * Claim 5 (stability, notebook 03) is not among them: its runs are not in those tables.
 */
import { showPlotly } from '../plot/plotly';
import { Row } from '../results/csv';
import { Profile } from '../results/profile_types';
import { standardRunsRows } from '../results/readme_tables';
import { wroteLine } from '../results/summary';
import { ResultsWriter } from '../results/writer';
import { meanStd } from '../util/spread';
import { CLAIM_COLUMNS, ClaimRow } from './claims';
import { paperClaims } from './claims_list';
import { claimsFigure } from './claims_study';

/** The profile column of these claims. */
export const STORE_CLAIMS_PROFILE = 'standard (runs finished so far)';

/**
 * Table I-like rows (`dataset`, `variant`, `init`, `accuracy_mean`, `accuracy_std`, `n_seeds`) from
 * the rows of the standard-runs tables: one per dataset and variant with a finished run.
 */
export function finishedRunSummaries(store: readonly Row[]): Row[] {
  const groups = new Map<string, { dataset: string; variant: string; acc: number[] }>();
  for (const r of store) {
    if (r.status !== 'finished' || r.accuracy === null || r.accuracy === undefined) continue;
    const acc = Number(r.accuracy);
    if (!Number.isFinite(acc)) {
      throw new Error(`run ${String(r.run)}: expected a finished run's accuracy as a number, received ${r.accuracy}`);
    }
    const key = `${r.dataset}/${r.variant}`;
    const g = groups.get(key) ?? { dataset: String(r.dataset), variant: String(r.variant), acc: [] };
    g.acc.push(acc);
    groups.set(key, g);
  }
  return [...groups.values()].map(({ dataset, variant, acc }) => {
    const { mean, std } = meanStd(acc);
    return { dataset, variant, init: 'fixed', accuracy_mean: mean, accuracy_std: std, n_seeds: acc.length };
  });
}

/** The claims (1-4 and the distiller check) on the finished standard runs whose tables are in `dir`. */
export function storeClaimsOf(dir: string): ClaimRow[] {
  return paperClaims(finishedRunSummaries(standardRunsRows(dir)), [], STORE_CLAIMS_PROFILE);
}

/**
 * Notebook 07's outputs on the finished standard runs, from the standard-runs tables in the results
 * folder `inputs`: `claims-standard-runs.csv` and its figure (withdrawn while no claim has a finished
 * run on both sides, so an older one is never shown as current). Returns the rows.
 */
export async function writeStoreClaimsOutputs(
  writer: ResultsWriter,
  inputs: string,
  profile: Profile,
  print: (line: string) => void = console.log,
): Promise<ClaimRow[]> {
  const rows = storeClaimsOf(inputs);
  const tables = ['table1-standard-runs-mnist.csv', 'table1-standard-runs-cifar10.csv'];
  const meta = { config: { profile, inputs: tables } };
  print(`wrote ${writer.table('claims-standard-runs', rows, CLAIM_COLUMNS, meta)}`);
  if (rows.length === 0) {
    writer.withdrawFigure('claims-standard-runs');
    return rows;
  }
  const fig = claimsFigure("The paper's claims on the standard runs finished so far", rows);
  print(wroteLine(await writer.figure('claims-standard-runs', fig, meta)));
  showPlotly(fig, 'claims on the standard runs so far');
  return rows;
}
