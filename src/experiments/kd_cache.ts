/**
 * Knowledge-distillation training runs cached in the profile's run cache (`runCacheDir`), like
 * `trainCached`: a folder `<prefix>-<12 hex of the hash of key>` holding `config.json` (the key),
 * `result.json` (history and accuracy) and, when asked for, `params.json` (the trained parameters
 * as `{ name: { shape, values } }`, float32 values written exactly). A finished run is read back
 * instead of recomputed; a run is short and has no checkpoints, so an interrupted one starts again.
 * `key` must hold everything that determines the result (model, options, data, teacher identity).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { KdEpoch, KdTrainResult } from '../train/kd_train';
import { Params, disposeParams } from '../models';
import { runCacheDir } from '../results/paths';
import { readJson, writeJsonAtomic } from '../util/fs';
import { cacheName } from './run_cache';
import { provenance } from '../runs/provenance';
import { checkStoreBackend } from './store_backend';
import { acquireRunLock } from '../runs/lock';

export interface CachedKdRun {
  /** The cache folder (its name identifies the run, e.g. as a teacher in another run's key). */
  dir: string;
  history: KdEpoch[];
  /** Final test accuracy (%). */
  accuracy: number;
  train_examples: number;
  test_examples: number;
  /** Seconds of the computation (when reused: of the original run). */
  seconds: number;
  /** Trained parameters when `keepParams` (the caller disposes them), else null. */
  params: Params | null;
  reused: boolean;
}

type Stored = Omit<CachedKdRun, 'dir' | 'params' | 'reused'>;

function readParams(file: string): Params {
  const raw = readJson(file) as Record<string, { shape: number[]; values: number[] }>;
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, tf.tensor(v.values, v.shape, 'float32')]));
}

function writeParams(file: string, p: Params): void {
  writeJsonAtomic(
    file,
    Object.fromEntries(Object.entries(p).map(([k, v]) => [k, { shape: v.shape, values: Array.from(v.dataSync()) }])),
  );
}

/** The cache folder of a run (see module comment). */
export const kdRunDir = (profile: string, prefix: string, key: unknown) =>
  path.join(runCacheDir(profile), cacheName(prefix, key));

/**
 * Returns the cached result of `key`, or runs `train` and stores its result (and parameters when
 * `keepParams`), holding the run's lock: a second process asking for it meanwhile fails at once
 * (`RunSetupError`). `train`'s parameters are disposed unless returned.
 */
export async function kdRunCached(
  profile: string,
  prefix: string,
  key: unknown,
  train: () => Promise<KdTrainResult>,
  keepParams = false,
): Promise<CachedKdRun> {
  const dir = kdRunDir(profile, prefix, key);
  const resultFile = path.join(dir, 'result.json'), paramsFile = path.join(dir, 'params.json');
  const stored = (): CachedKdRun | null => fs.existsSync(resultFile) && (!keepParams || fs.existsSync(paramsFile))
    ? { ...(readJson(resultFile) as Stored), dir, params: keepParams ? readParams(paramsFile) : null, reused: true }
    : null;
  const before = stored();
  if (before) return before;
  checkStoreBackend(profile, dir);
  const lock = acquireRunLock(dir); // a second writer (another lane) fails at once, naming the first
  try {
    const meanwhile = stored(); // finished by another process since
    if (meanwhile) return meanwhile;
    const r = await train();
    const result: Stored = {
      history: r.history,
      accuracy: r.accuracy,
      train_examples: r.train_examples,
      test_examples: r.test_examples,
      seconds: r.seconds,
    };
    fs.mkdirSync(dir, { recursive: true });
    writeJsonAtomic(path.join(dir, 'config.json'), key);
    if (keepParams) writeParams(paramsFile, r.params);
    writeJsonAtomic(resultFile, { ...result, provenance: provenance(1) }); // trainKd runs on this thread
    if (!keepParams) disposeParams(r.params);
    return { ...result, dir, params: keepParams ? r.params : null, reused: false };
  } finally {
    lock.release();
  }
}
