/** The repository root: where `data/`, `results/`, `runstore/` and `notebooks/` live. */
import * as fs from 'fs';
import * as path from 'path';

/**
 * The nearest ancestor of `startDir` (inclusive) containing a package.json (works from `src/…`
 * under tsx and from `dist/…` after the build).
 * @throws Error if none exists up to the filesystem root.
 */
export function findRepoRoot(startDir: string = __dirname): string {
  let dir = path.resolve(startDir);
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) {
      throw new Error(`findRepoRoot: expected a package.json in ${startDir} or one of its parents, found none`);
    }
    dir = parent;
  }
}
