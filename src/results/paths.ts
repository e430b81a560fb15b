/**
 * Where results and cached experiment runs live.
 *
 * - results folder: `<repo>/results` (or `$QDISTILL_RESULTS_DIR`); written only through
 *   `ResultsWriter`; wiped and rebuilt by `make reproduce`.
 * - run cache: `<repo>/runs/reproduce/<profile>` (or `$QDISTILL_RUNS_DIR/<profile>`): the
 *   run directories of the notebooks' experiments, kept across `make reproduce` so an
 *   interrupted rebuild resumes; `make clean-results` deletes it.
 */
import * as path from 'path';
import { findRepoRoot } from '../data/paths';

export const RESULTS_DIR_ENV = 'QDISTILL_RESULTS_DIR';
export const RUNS_DIR_ENV = 'QDISTILL_RUNS_DIR';

export function resultsDir(env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env[RESULTS_DIR_ENV] || path.join(findRepoRoot(__dirname), 'results'));
}

export function runCacheDir(profile: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.resolve(env[RUNS_DIR_ENV] || path.join(findRepoRoot(__dirname), 'runs', 'reproduce'), profile);
}
