/**
 * Experiment runs that survive interruption: each distillation or full-data training run of a
 * notebook lives in the profile's run cache (`runCacheDir(profile)`), in a folder named after
 * its config and a hash of everything that determines its result (for a distillation, its
 * identity `runs/identity.ts`: result-neutral fields such as `checkpointEvery` left out; always
 * the numerics version). Calling again
 * - returns the stored result of a finished run (no work),
 * - resumes an interrupted distillation from its last checkpoint,
 * - starts a new run otherwise.
 * `make clean-results` deletes the cache (a full rebuild).
 */
import * as fs from 'fs';
import * as path from 'path';
import { DistillConfig } from '../distill/config';
import { modelTag } from '../models/spec';
import { NUMERICS_VERSION } from '../numerics';
import { configHash } from '../runs/config_compare';
import { runIdentity } from '../runs/identity';
import { provenance } from '../runs/provenance';
import { RunOutcome, RunProgress, runDistillation } from '../runs/distill_run';
import { readFinalResult, FinalResult } from '../runs/final_set';
import { checkRunDirPath, runPaths } from '../runs/run_dir';
import { acquireRunLock } from '../runs/lock';
import { StopRequested, eitherAborted, whileInterruptible } from '../runs/interrupt';
import { loadSplits } from '../runs/datasets';
import { TrainConfig } from '../train/config';
import { TrainProgress, TrainResult, trainFull } from '../train/full';
import { readJson, writeJsonAtomic } from '../util/fs';
import { runCacheDir } from '../results/paths';
import { checkStoreBackend } from './store_backend';

/**
 * A short readable folder name: `<prefix>-<12 hex of the hash of key and the numerics version>`,
 * so that a change of the numerics (`src/numerics.ts`) never reuses a run computed before it.
 */
export function cacheName(prefix: string, key: unknown): string {
  return (
    `${prefix.replace(/[^A-Za-z0-9_.-]+/g, '_')}-` +
    `${configHash({ numericsVersion: NUMERICS_VERSION, key }).slice(0, 12)}`
  );
}

export interface CachedDistillOptions {
  /** Profile name: selects the cache folder. */
  profile: string;
  trainLimit?: number | null;
  testLimit?: number | null;
  workers?: number;
  onProgress?: (p: RunProgress) => void;
  log?: (m: string) => void;
  /**
   * Checked between iterations: when set, the run checkpoints and `RunInterrupted` is thrown. The
   * process-wide stop request (`runs/interrupt.ts`: Ctrl-C, Jupyter's interrupt) does the same.
   */
  signal?: { readonly aborted: boolean };
}

export interface CachedDistill {
  runDir: string;
  final: FinalResult;
  /** True when the finished run was found in the cache (nothing was computed). */
  reused: boolean;
}

/** A readable prefix of a distillation run's folder. */
export function distillRunPrefix(cfg: DistillConfig): string {
  return `${cfg.dataset}-${modelTag(cfg.model)}-${cfg.init}-s${cfg.seed}`;
}

/** The cache folder of the distillation `cfg` (see `distillCached`). */
export function distillRunDir(
  cfg: DistillConfig,
  o: Pick<CachedDistillOptions, 'profile' | 'trainLimit' | 'testLimit'>,
): string {
  const key = { cfg: runIdentity(cfg).config, trainLimit: o.trainLimit ?? null, testLimit: o.testLimit ?? null };
  return path.join(runCacheDir(o.profile), cacheName(distillRunPrefix(cfg), key));
}

/**
 * Runs, resumes or reuses the distillation `cfg` (see module comment), holding the run's lock.
 * @throws RunSetupError at once when another process is computing the same run.
 */
export async function distillCached(cfg: DistillConfig, o: CachedDistillOptions): Promise<CachedDistill> {
  return whileInterruptible((stop) => distillCachedNow(cfg, { ...o, signal: eitherAborted(o.signal, stop) }));
}

async function distillCachedNow(cfg: DistillConfig, o: CachedDistillOptions): Promise<CachedDistill> {
  const trainLimit = o.trainLimit ?? null, testLimit = o.testLimit ?? null;
  const runDir = distillRunDir(cfg, o);
  const paths = runPaths(runDir);
  const done = fs.existsSync(paths.config) ? readFinalResult(paths.final) : null;
  if (done) return { runDir, final: done, reused: true };
  checkRunDirPath(runDir);
  checkStoreBackend(o.profile, runDir);
  const lock = acquireRunLock(runDir);
  try {
    // A folder without config.json is a run that died while being created: start it again.
    if (fs.existsSync(runDir) && !fs.existsSync(paths.config)) fs.rmSync(runDir, { recursive: true, force: true });
    const resume = fs.existsSync(paths.config);
    if (resume) o.log?.(`resuming ${runDir}`);
    const outcome: RunOutcome = await runDistillation(cfg, runDir, {
      resume,
      trainLimit,
      testLimit: testLimit ?? undefined,
      workers: o.workers,
      onProgress: o.onProgress,
      log: o.log,
      logEvery: 1,
      signal: o.signal,
      lock,
    });
    if (outcome.status !== 'completed' || !outcome.final) {
      throw new RunInterrupted(
        `stopped at iteration ${outcome.iteration}/${outcome.total} of ${runDir} (checkpoint saved); ` +
          'run the cell (or the call) again to resume', outcome);
    }
    return { runDir, final: outcome.final, reused: false };
  } finally {
    lock.release();
  }
}

/** A cached run stopped by its `signal` (its checkpoint is saved; calling again resumes it). */
export class RunInterrupted extends StopRequested {
  override name = 'RunInterrupted';
  constructor(message: string, readonly outcome: RunOutcome) {
    super(message);
  }
}

export interface CachedTrainOptions {
  profile: string;
  trainLimit?: number | null;
  testLimit?: number | null;
  onProgress?: (p: TrainProgress) => void;
}

/** The cache folder of the full-data training `cfg` (see `trainCached`). */
export function trainRunDir(
  cfg: TrainConfig,
  o: Pick<CachedTrainOptions, 'profile' | 'trainLimit' | 'testLimit'>,
): string {
  const key = { cfg, trainLimit: o.trainLimit ?? null, testLimit: o.testLimit ?? null };
  return path.join(runCacheDir(o.profile), cacheName(`train-${cfg.dataset}-${modelTag(cfg.model)}-s${cfg.seed}`, key));
}

/**
 * Full-data training (`trainFull`) with its result cached in `<cache>/<name>/result.json`.
 * A run is short and has no checkpoints: an interrupted one starts again. It holds the run's lock while
 * it trains, so a second process asking for it fails at once (`RunSetupError`). A stop request
 * (`runs/interrupt.ts`) made while it trains ends the loop that called it before its next job.
 */
export async function trainCached(cfg: TrainConfig, o: CachedTrainOptions): Promise<TrainResult & { reused: boolean }> {
  return whileInterruptible(() => trainCachedNow(cfg, o));
}

async function trainCachedNow(cfg: TrainConfig, o: CachedTrainOptions): Promise<TrainResult & { reused: boolean }> {
  const trainLimit = o.trainLimit ?? null, testLimit = o.testLimit ?? null;
  const dir = trainRunDir(cfg, o);
  const file = path.join(dir, 'result.json');
  if (fs.existsSync(file)) return { ...(readJson(file) as TrainResult), reused: true };
  checkStoreBackend(o.profile, dir);
  const lock = acquireRunLock(dir); // a second writer (another lane) fails at once, naming the first
  try {
    if (fs.existsSync(file)) return { ...(readJson(file) as TrainResult), reused: true }; // finished meanwhile
    const { train, test } = loadSplits(cfg.dataset, { trainLimit });
    const onProgress = (p: TrainProgress) => (lock.heartbeat(), o.onProgress?.(p));
    const result = await trainFull(cfg, train, test, { onProgress, testLimit: testLimit ?? undefined });
    fs.mkdirSync(dir, { recursive: true });
    writeJsonAtomic(path.join(dir, 'config.json'), { cfg, trainLimit, testLimit });
    writeJsonAtomic(file, { ...result, provenance: provenance(1) }); // trainFull runs on this thread
    return { ...result, reused: false };
  } finally {
    lock.release();
  }
}
