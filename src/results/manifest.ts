/**
 * Provenance of one output file, written beside it as `<file>.manifest.json`: what produced it
 * (notebook, profile, config, seeds), with which code (git commit, library versions, TF.js
 * backend) and how long it took.
 */
import { ExecutionCounts } from '../sim/executions';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { findRepoRoot } from '../data/paths';

export const MANIFEST_FORMAT = 'qdistill-manifest/1';
export const MANIFEST_SUFFIX = '.manifest.json';

export interface Manifest {
  format: typeof MANIFEST_FORMAT;
  /** Output file, relative to the results folder. */
  output: string;
  /** Notebook (file name) that wrote it, e.g. `01-table1-mnist.ipynb`. */
  notebook: string;
  profile: string;
  git: { commit: string | null; dirty: boolean | null };
  /** The experiment configuration (whatever the notebook passes: profile scales, run configs). */
  config: unknown;
  seeds: number[];
  backend: string;
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

/** The commit checked out in `root` and whether tracked files differ from it (null: not a git checkout). */
export function gitState(root: string = findRepoRoot(__dirname)): Manifest['git'] {
  const run = (args: string[]) => spawnSync('git', args, { cwd: root, encoding: 'utf8' });
  const head = run(['rev-parse', 'HEAD']);
  if (head.status !== 0) return { commit: null, dirty: null };
  const status = run(['status', '--porcelain', '--untracked-files=no']);
  return { commit: head.stdout.trim(), dirty: status.status === 0 ? status.stdout.trim().length > 0 : null };
}

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
  if (m.format !== MANIFEST_FORMAT) throw new Error(`${file}: expected format ${MANIFEST_FORMAT}, received ${JSON.stringify(m.format)}`);
  return m;
}
