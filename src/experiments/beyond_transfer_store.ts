/**
 * Notebook 06's transfer while its runs compute across sessions: the QLeNet R+H runs of the study
 * (fixed or random initialisation) that have finished in the run store train the unseen target models
 * (`beyond_transfer.ts`, same cache, so the notebook reuses every cell). Writes
 * `beyond-transfer-<profile>-runs.csv` (one row per set × target) and
 * `beyond-transfer-matrix-<profile>-runs.csv` (mean over the finished seeds) through the results
 * writer. With `compute: false` (scripts/refresh-store-outputs.js) only cached cells are shown;
 * `scripts/store-transfer.js` computes the missing ones.
 */
import * as path from 'path';
import { ImageDataset } from '../data/dataset';
import { Profile } from '../results/profile';
import { ResultsWriter } from '../results/writer';
import { readDistilledSet } from '../runs/final_set';
import { loadSplits } from '../runs/datasets';
import { readRunInfo, runPaths } from '../runs/run_dir';
import { beyondRuns } from './beyond_study';
import {
  TRANSFER_COLUMNS, TRANSFER_TARGETS, TransferCell, TransferSource, readTransferCache, runTransfer, transferMatrix,
  transferRows, transferSeeds, transferSources,
} from './beyond_transfer';
import { runSpecDir } from './run_spec';
import { runProgress } from './run_progress';

/** The transfer sources of `profile`'s study that have finished in its run store, in the study's order. */
export function finishedTransferSources(profile: Profile): TransferSource[] {
  const candidates = beyondRuns(profile).map((r) => ({ ...r, config: r.run.cfg }));
  return transferSources(candidates).flatMap((r) => {
    if (runProgress(r.run, profile.name)?.status !== 'finished') return [];
    const runDir = runSpecDir(r.run, profile.name);
    const set = readDistilledSet(runPaths(runDir), r.config, readRunInfo(runDir).configHash, { trimmed: 'allow' });
    const { dataset, variant, init, imagesPerClass, distillSteps, method, seed, config } = r;
    return [{ dataset, variant, init, imagesPerClass, distillSteps, method, seed, config, set, runDir }];
  });
}

/** The cells of `sources` × every target already in the transfer cache (nothing is computed). */
export function cachedTransferCells(profile: Profile, sources: readonly TransferSource[]): TransferCell[] {
  const limit = profile.beyond.transferTestLimit;
  const tests = new Map<string, ImageDataset>();
  return sources.flatMap((s) => {
    if (!tests.has(s.dataset)) tests.set(s.dataset, loadSplits(s.dataset, { trainLimit: 1 }).test);
    const n = tests.get(s.dataset)!.n;
    const seeds = transferSeeds(s.config, profile.beyond.evalInits);
    return TRANSFER_TARGETS.flatMap((target) => {
      const accuracies = readTransferCache(s.runDir, s.set, target.model, seeds, limit, profile.name);
      return accuracies === null ? [] : [{ source: s, target, accuracies, testExamples: Math.min(n, limit ?? n) }];
    });
  });
}

/** Writes the transfer tables of the finished sets so far (module comment); returns the cells. */
export async function writeBeyondTransferStoreOutputs(writer: ResultsWriter, profile: Profile,
  o: { compute: boolean; print?: (line: string) => void }): Promise<TransferCell[]> {
  const print = o.print ?? console.log;
  const sources = finishedTransferSources(profile);
  const cells = o.compute ? await runTransfer(profile, sources, { print }) : cachedTransferCells(profile, sources);
  const meta = {
    config: { profile: profile.name, sources: sources.map((s) => path.basename(s.runDir)),
      evalInits: profile.beyond.evalInits, testLimit: profile.beyond.transferTestLimit },
    seeds: [...new Set(sources.map((s) => s.seed))],
  };
  print(`wrote ${writer.table(`beyond-transfer-${profile.name}-runs`, transferRows(cells), TRANSFER_COLUMNS, meta)}`);
  const matrix = transferMatrix(cells);
  print(`wrote ${writer.table(`beyond-transfer-matrix-${profile.name}-runs`, matrix.rows, matrix.columns, meta)}`);
  return cells;
}
