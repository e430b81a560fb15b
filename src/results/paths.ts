/**
 * Where results and cached experiment runs live.
 *
 * - results folder: `<repo>/results` for the committed profile (`standard`), `<repo>/results-<profile>`
 *   (git-ignored) for the others, or `$QDISTILL_RESULTS_DIR`; written only through `ResultsWriter`;
 *   wiped and rebuilt by `make reproduce PROFILE=…` (that profile's folder only).
 * - run cache: the run directories of the notebooks' experiments, kept across `make reproduce`
 *   so an interrupted rebuild resumes: for the profiles whose results are committed
 *   (`STORED_PROFILES`), the tracked run store `<repo>/runstore/<profile>` (committed with its
 *   checkpoints, so a long run continues on another machine and every number can be audited);
 *   for the others `<repo>/runs/reproduce/<profile>` (git-ignored; `make clean-results` deletes
 *   it). `$QDISTILL_RUNS_DIR/<profile>` overrides both.
 */
import * as path from 'path';
import { findRepoRoot } from '../util/repo_root';

export const RESULTS_DIR_ENV = 'QDISTILL_RESULTS_DIR';
export const RUNS_DIR_ENV = 'QDISTILL_RUNS_DIR';

/** The profile whose outputs are committed in `results/` (and whose Table I the README shows). */
export const COMMITTED_PROFILE = 'standard';

/**
 * The results folder of `profile` (default `$QDISTILL_PROFILE`, else quick): `<repo>/results` for
 * the committed profile, `<repo>/results-<profile>` (git-ignored) for the others, so that a quick
 * run never touches the committed results; `$QDISTILL_RESULTS_DIR` overrides both.
 */
export function resultsDir(
  env: NodeJS.ProcessEnv = process.env,
  profile: string = env.QDISTILL_PROFILE?.trim() || 'quick',
): string {
  if (env[RESULTS_DIR_ENV]) return path.resolve(env[RESULTS_DIR_ENV]!);
  return path.join(findRepoRoot(__dirname), profile === COMMITTED_PROFILE ? 'results' : `results-${profile}`);
}

/** Profiles whose runs feed committed results, kept in the tracked run store `runstore/`. */
export const STORED_PROFILES: readonly string[] = ['standard', 'paper'];

export function runCacheDir(profile: string, env: NodeJS.ProcessEnv = process.env): string {
  const root = findRepoRoot(__dirname);
  const base =
    env[RUNS_DIR_ENV] ||
    (STORED_PROFILES.includes(profile) ? path.join(root, 'runstore') : path.join(root, 'runs', 'reproduce'));
  return path.resolve(base, profile);
}
