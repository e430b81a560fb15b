/**
 * Provenance of one output file, written beside it as `<file>.manifest.json`: what produced it
 * (notebook, profile, config, seeds), with which code (git commit, numerics version, library
 * versions, TF.js backend, threads) and how long it took. The format is documented here only:
 * `MANIFEST_FORMAT`, `Manifest` and `SharedManifest`.
 */
import { ExecutionCounts } from '../sim/executions';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { findRepoRoot } from '../util/repo_root';
import { gitState } from '../util/git';
import { NUMERICS_VERSION } from '../numerics';
import { Row } from './csv';

/**
 * The format of the manifests written now. History:
 * - `qdistill-manifest/1`: no `numerics_version` (computed under numerics version 1) and no `threads`.
 * - `qdistill-manifest/2`: adds `numerics_version` and `threads`.
 */
export const MANIFEST_FORMAT = 'qdistill-manifest/2';
/** The formats `readManifest` accepts (older ones lack the fields added since). */
export const MANIFEST_FORMATS_READ = ['qdistill-manifest/1', MANIFEST_FORMAT] as const;
export const MANIFEST_SUFFIX = '.manifest.json';

export interface Manifest {
  format: (typeof MANIFEST_FORMATS_READ)[number];
  /** Output file, relative to the results folder. */
  output: string;
  /** Notebook (file name) that wrote it, e.g. `01-table1-mnist.ipynb`. */
  notebook: string;
  profile: string;
  /**
   * The commit checked out when the notebook's writer was created, and whether the source tree
   * (`SOURCE_PATHS` in `src/util/git.ts`; not the outputs) differed from it.
   */
  git: { commit: string | null; dirty: boolean | null };
  /**
   * `NUMERICS_VERSION` (`src/numerics.ts`) of the code that wrote it. Always written since format
   * 2; absent in format 1 manifests, whose outputs were computed under numerics version 1.
   */
  numerics_version?: number;
  /** The experiment configuration (whatever the notebook passes: profile scales, run configs). */
  config: unknown;
  seeds: number[];
  /** The TF.js backend (`tf.getBackend()`) when the output was written. */
  backend: string;
  /**
   * Threads that computed the output: the main thread plus its worker threads (`workers + 1`,
   * see `runs/distill_run.ts`): by default the count the experiments use (`defaultWorkers`),
   * or what the notebook told the writer. Speed only: since numerics version 2 the numbers do not
   * depend on it (a run reused from the cache may have used another count; its result.json
   * says which). Always written since format 2 (null: unknown); absent in format 1.
   */
  threads?: number | null;
  versions: Record<string, string>;
  /** Seconds from the notebook's writer creation to this write. */
  wallTimeSeconds: number;
  /**
   * Circuit executions the notebook's process simulated from the writer's creation to this write
   * (`sim/executions.ts`; worker threads included). Runs reused from the run cache add nothing
   * here: each run keeps its own totals in `<run>/final/result.json`.
   */
  executions: ExecutionCounts;
  created: string;
}

/**
 * A shared table's manifest (Table I): the fields of its latest write, the table's columns,
 * and one contribution per notebook (that notebook's provenance and rows).
 */
export interface SharedManifest extends Manifest {
  columns: string[];
  contributions: Record<string, Omit<Manifest, 'format' | 'output' | 'notebook'> & { rows: Row[] }>;
}

/** Whether `m` is a shared table's manifest. */
export function isShared(m: Manifest): m is SharedManifest {
  return 'contributions' in m;
}

/**
 * The numerics version an output was computed under: `numerics_version`, 1 where absent
 * (format 1); for a shared table, the oldest of its contributions.
 */
export function manifestNumericsVersion(m: Manifest): number {
  const own = m.numerics_version ?? 1;
  if (!isShared(m)) return own;
  return Math.min(own, ...Object.values(m.contributions).map((c) => c.numerics_version ?? 1));
}

/** Whether an output was computed under an older numerics version than the current `NUMERICS_VERSION`. */
export function isStale(m: Manifest): boolean {
  return manifestNumericsVersion(m) < NUMERICS_VERSION;
}

export { gitState };

function packageVersion(name: string): string {
  try {
    return JSON.parse(fs.readFileSync(require.resolve(`${name}/package.json`), 'utf8')).version;
  } catch {
    return 'absent';
  }
}

/** Versions of Node, qdistill and the libraries that compute or write results. */
export function libraryVersions(): Record<string, string> {
  const root = findRepoRoot(__dirname);
  const own = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')).version as string;
  return {
    node: process.versions.node,
    qdistill: own,
    '@tensorflow/tfjs': tf.version_core,
    '@tensorflow/tfjs-backend-wasm': packageVersion('@tensorflow/tfjs-backend-wasm'),
    '@tensorflow/tfjs-node': packageVersion('@tensorflow/tfjs-node'),
    'danfojs-node': packageVersion('danfojs-node'),
    'plotly.js-dist': packageVersion('plotly.js-dist'),
  };
}

/** Reads a manifest; null when the file does not exist. @throws Error naming the file if it is not a manifest. */
export function readManifest(file: string): Manifest | null {
  if (!fs.existsSync(file)) return null;
  const m = JSON.parse(fs.readFileSync(file, 'utf8')) as Manifest;
  if (!(MANIFEST_FORMATS_READ as readonly string[]).includes(m.format)) {
    throw new Error(
      `${file}: expected format ${MANIFEST_FORMATS_READ.join(' or ')}, received ${JSON.stringify(m.format)}`,
    );
  }
  return m;
}
