/**
 * Where downloaded datasets live.
 *
 * Resolution order: an explicit `dataDir` option, else the environment variable
 * `QDISTILL_DATA_DIR`, else `<repo root>/data`, where the repo root is the nearest folder
 * above this module that holds a package.json (works from `src/data` under tsx and from
 * `dist/data` after the build).
 */
import * as path from 'path';
import { findRepoRoot } from '../util/repo_root';

export { findRepoRoot };

/** Environment variable overriding the data directory. */
export const DATA_DIR_ENV = 'QDISTILL_DATA_DIR';

/** Where a resolved data directory came from (for error messages). */
export type DataDirSource = 'option' | 'env' | 'default';

/** A resolved, absolute data directory and how it was chosen. */
export interface ResolvedDataDir {
  dir: string;
  source: DataDirSource;
}

/** Resolves the data directory: `explicit` option, else $QDISTILL_DATA_DIR, else <repo>/data. */
export function resolveDataDir(explicit?: string): ResolvedDataDir {
  if (explicit !== undefined && explicit !== '') return { dir: path.resolve(explicit), source: 'option' };
  const env = process.env[DATA_DIR_ENV];
  if (env !== undefined && env !== '') return { dir: path.resolve(env), source: 'env' };
  return { dir: path.join(findRepoRoot(), 'data'), source: 'default' };
}

/** Human-readable description of where a data directory came from. */
export function describeDataDir(r: ResolvedDataDir): string {
  switch (r.source) {
    case 'option':
      return `${r.dir} (from the dataDir option)`;
    case 'env':
      return `${r.dir} (from the ${DATA_DIR_ENV} environment variable)`;
    case 'default':
      return `${r.dir} (the default <repo>/data; set ${DATA_DIR_ENV} or pass dataDir to change it)`;
  }
}
