/** The state of the source tree a result was computed from. */
import { spawnSync } from 'child_process';
import { findRepoRoot } from '../data/paths';

export interface GitState {
  /** HEAD commit, or null outside a git checkout. */
  commit: string | null;
  /** Whether tracked files differ from HEAD (null when unknown). */
  dirty: boolean | null;
}

/** HEAD and whether tracked files under `pathspec` (default: all) have uncommitted changes. */
export function gitState(root: string = findRepoRoot(__dirname), pathspec: string[] = []): GitState {
  const run = (args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  const head = run(['rev-parse', 'HEAD']);
  if (head.status !== 0) return { commit: null, dirty: null };
  const status = run(['status', '--porcelain', '--untracked-files=no', ...(pathspec.length ? ['--', ...pathspec] : [])]);
  return { commit: head.stdout.trim(), dirty: status.status === 0 ? status.stdout.trim().length > 0 : null };
}
