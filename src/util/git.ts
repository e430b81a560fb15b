/** The state of the source tree a result was computed from. */
import { spawnSync } from 'child_process';
import { findRepoRoot } from './repo_root';

export interface GitState {
  /** HEAD commit, or null outside a git checkout. */
  commit: string | null;
  /** Whether tracked source files (`SOURCE_PATHS`) differ from HEAD (null when unknown). */
  dirty: boolean | null;
}

/**
 * What computes a result: the source tree. Outputs (`results/`, `results-<profile>/`, `runstore/`) and the README
 * (whose Table I block `make reproduce` rewrites) are not part of it, so a reproduction that
 * rewrites them still records a clean tree.
 */
export const SOURCE_PATHS: readonly string[] = [
  'src', 'notebooks', 'scripts', 'test', 'package.json', 'package-lock.json', 'tsconfig.json', 'Makefile',
];

/** HEAD and whether tracked files under `pathspec` (default: the source tree) have uncommitted changes. */
export function gitState(root: string = findRepoRoot(__dirname), pathspec: readonly string[] = SOURCE_PATHS): GitState {
  const run = (args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  const head = run(['rev-parse', 'HEAD']);
  if (head.status !== 0) return { commit: null, dirty: null };
  const status = run([
    'status',
    '--porcelain',
    '--untracked-files=no',
    ...(pathspec.length ? ['--', ...pathspec] : []),
  ]);
  return { commit: head.stdout.trim(), dirty: status.status === 0 ? status.stdout.trim().length > 0 : null };
}
