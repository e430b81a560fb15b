/**
 * Partial distillation runs in a run store that no queue plans: runs started by hand with
 * `scripts/store-distill.js` (a soft-label seed, the authors' model at another budget, ...). The
 * run queue resumes them first, from their own config.json, so that a run an earlier session
 * started is never forgotten on a fresh machine.
 *
 * A run is resumed only where it would be found again: its folder must be the cache folder of
 * its own config (`distillRunDir` with the profile's test limit for its dataset), as the notebooks
 * and `store-distill.js` name it. Anything else is reported, not touched.
 */
import * as fs from 'fs';
import * as path from 'path';
import { readRunInfo, runPaths, RunInfo } from '../runs/run_dir';
import { readFinalResult } from '../runs/final_set';
import { RunOptions, RunOutcome, runDistillation } from '../runs/distill_run';
import { readJson } from '../util/fs';
import { Profile } from '../results/profile_types';
import { runCacheDir } from '../results/paths';
import { distillRunDir } from './run_cache';
import { checkStoreBackend } from './store_backend';
import { checkpointIteration } from './run_specs';

/** A partial run no plan names. */
export interface OrphanRun {
  /** Its folder name (as a planned run's `id`). */
  id: string;
  dir: string;
  /** The profile whose run cache holds it. */
  profile: string;
  info: RunInfo;
  /** The test limit its folder name was made with (the profile's, for its dataset). */
  testLimit: number | null;
  /** The iteration its checkpoint resumes at (0 before the first checkpoint). */
  iteration: number;
}

/**
 * The partial runs in `profile`'s run cache (`runCacheDir`) whose folder names are not in `planned`,
 * sorted by name, and one line per folder that looks like a partial run but cannot be resumed
 * from here (its config.json unreadable or of other numerics, or a folder that is not its
 * config's cache folder).
 */
export function orphanPartialRuns(
  planned: ReadonlySet<string>,
  profile: Profile,
): { runs: OrphanRun[]; skipped: string[] } {
  const store = runCacheDir(profile.name);
  const runs: OrphanRun[] = [];
  const skipped: string[] = [];
  if (!fs.existsSync(store)) return { runs, skipped };
  const names = fs.readdirSync(store, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && !planned.has(e.name))
    .map((e) => e.name)
    .sort();
  for (const id of names) {
    const dir = path.join(store, id);
    const paths = runPaths(dir);
    if (!isDistillRun(paths.config) || readFinalResult(paths.final) !== null) continue;
    let info: RunInfo;
    try {
      info = readRunInfo(dir);
    } catch (e) {
      skipped.push(`${dir}: not resumed: ${(e as Error).message}`);
      continue;
    }
    const testLimit = profile.distill[info.config.dataset]?.testLimit ?? null;
    const expected = distillRunDir(info.config, { profile: profile.name, trainLimit: info.trainLimit, testLimit });
    if (path.resolve(expected) !== path.resolve(dir)) {
      skipped.push(`${dir}: not resumed: expected its config's cache folder to be ${path.basename(expected)} ` +
        `(profile ${profile.name}, test limit ${testLimit ?? 'none'}), received ${id}`);
      continue;
    }
    runs.push({ id, dir, profile: profile.name, info, testLimit, iteration: checkpointIteration(paths.checkpoint) });
  }
  return { runs, skipped };
}

/**
 * Resumes the orphan `r` to its end (or until `o.signal`), as its creator would: its own config,
 * input, training limit and test limit, holding its lock.
 * @throws RunSetupError at once when another process is computing it.
 */
export function resumeOrphan(
  r: OrphanRun,
  o: Pick<RunOptions, 'workers' | 'signal' | 'log' | 'onProgress'> = {},
): Promise<RunOutcome> {
  checkStoreBackend(r.profile, r.dir);
  return runDistillation(r.info.config, r.dir, {
    ...o,
    resume: true,
    input: r.info.input,
    trainLimit: r.info.trainLimit,
    testLimit: r.testLimit ?? undefined,
    logEvery: 1,
  });
}

/** Whether `configFile` exists and is a distillation run's (a full-data training's has no `format`). */
function isDistillRun(configFile: string): boolean {
  if (!fs.existsSync(configFile)) return false;
  try {
    const format = (readJson(configFile) as { format?: unknown } | null)?.format;
    return typeof format === 'string' && format.startsWith('qdistill-run/');
  } catch {
    return true; // unreadable: reported by readRunInfo
  }
}

/** Whether the orphan `r` has finished since it was found (by another lane, say). */
export const orphanFinished = (r: OrphanRun): boolean => readFinalResult(runPaths(r.dir).final) !== null;
