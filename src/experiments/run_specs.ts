/**
 * What a run of the plan is (a distillation, a full-data training, or a notebook's study), where
 * its folder is, how far it got, and how to compute a distillation or training run
 * (`computeCached`); `run_spec.ts` adds the studies (`computeRun`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { DistillConfig } from '../distill/config';
import { DatasetName } from '../models/spec';
import { DistillScale, FullDataScale } from '../results/profile';
import { RunProgress } from '../runs/distill_run';
import { readFinalResult } from '../runs/final_set';
import { runPaths } from '../runs/run_dir';
import { TrainConfig } from '../train/config';
import { TrainProgress } from '../train/full';
import { readJson } from '../util/fs';
import { runCacheDir } from '../results/paths';
import { distillSeconds, trainSeconds } from './estimate';
import { CachedDistill, cacheName, distillCached, distillRunDir, trainCached, trainRunDir } from './run_cache';

interface Limits {
  trainLimit: number | null;
  testLimit: number | null;
  /** Folder names of runs of the plan that must be done first (none by default). */
  dependsOn?: string[];
}

/** A distillation run (`distillCached`). */
export interface DistillRunSpec extends Limits {
  kind: 'distill';
  label: string;
  cfg: DistillConfig;
  /** Estimated seconds on the reference machine (`estimate.ts`). */
  estimate: number;
}

/** A full-data training run (`trainCached`). */
export interface TrainRunSpec extends Limits {
  kind: 'train';
  label: string;
  cfg: TrainConfig;
  estimate: number;
}

/**
 * The knowledge-distillation trainings of a notebook (20, 21) as one unit: many short trainings
 * (each cached by `kdRunCached`), computed by running the notebook's study; it may need runs
 * of the plan first (`dependsOn`: their folder names). Done when its `done.json` exists.
 */
export interface StudyRunSpec {
  kind: 'study';
  label: string;
  /** The notebook whose study this is ('20-kd-teacher-student.ipynb', '21-self-distillation.ipynb'). */
  notebook: string;
  /** What determines the result: the profile's KD scale. */
  key: unknown;
  estimate: number;
  dependsOn: string[];
}

export type RunSpec = DistillRunSpec | TrainRunSpec | StudyRunSpec;

export type CachedTrain = Awaited<ReturnType<typeof trainCached>>;

/** The distillation `cfg` at `scale` (its limits and estimated cost). */
export function distillSpec(label: string, cfg: DistillConfig, scale: DistillScale): DistillRunSpec {
  const estimate = distillSeconds(cfg.dataset as DatasetName, cfg.model as unknown as Record<string, unknown>, scale);
  return { kind: 'distill', label, cfg, trainLimit: scale.trainLimit, testLimit: scale.testLimit, estimate };
}

/** The full-data training `cfg` at `scale`. */
export function trainSpec(label: string, cfg: TrainConfig, scale: FullDataScale): TrainRunSpec {
  const estimate = trainSeconds(cfg.dataset as DatasetName, scale);
  return { kind: 'train', label, cfg, trainLimit: scale.trainLimit, testLimit: scale.testLimit, estimate };
}

/** The run's folder in `profile`'s run cache. */
export function runSpecDir(spec: RunSpec, profile: string): string {
  if (spec.kind === 'study') {
    return path.join(runCacheDir(profile), cacheName(`study-${spec.notebook.slice(0, 2)}`, spec.key));
  }
  const o = { profile, trainLimit: spec.trainLimit, testLimit: spec.testLimit };
  return spec.kind === 'distill' ? distillRunDir(spec.cfg, o) : trainRunDir(spec.cfg, o);
}

/** Where a run stands in the cache: done, partial (a distillation's last checkpoint), or absent. */
export type RunState = { status: 'done' } | { status: 'partial'; iteration: number } | { status: 'absent' };

export function runState(spec: RunSpec, profile: string): RunState {
  const dir = runSpecDir(spec, profile);
  if (spec.kind === 'study') {
    return fs.existsSync(path.join(dir, 'done.json')) ? { status: 'done' } : { status: 'absent' };
  }
  if (spec.kind === 'train') return fs.existsSync(`${dir}/result.json`) ? { status: 'done' } : { status: 'absent' };
  const paths = runPaths(dir);
  if (!fs.existsSync(paths.config)) return { status: 'absent' };
  if (readFinalResult(paths.final)) return { status: 'done' };
  return { status: 'partial', iteration: checkpointIteration(paths.checkpoint) };
}

/** The iteration a resume of the run whose checkpoint folder is `checkpoint` starts at (0 before the first). */
export function checkpointIteration(checkpoint: string): number {
  const state = path.join(checkpoint, 'state.json');
  return fs.existsSync(state) ? Number((readJson(state) as { iteration?: number }).iteration ?? 0) : 0;
}

export interface ComputeOptions {
  workers?: number;
  signal?: { readonly aborted: boolean };
  onDistill?: (p: RunProgress) => void;
  onTrain?: (p: TrainProgress) => void;
  log?: (m: string) => void;
}

/** Computes (or reuses, or resumes) a distillation or full-data training run in `profile`'s cache. */
export async function computeCached(spec: DistillRunSpec, profile: string, o?: ComputeOptions): Promise<CachedDistill>;
export async function computeCached(spec: TrainRunSpec, profile: string, o?: ComputeOptions): Promise<CachedTrain>;
export async function computeCached(
  spec: DistillRunSpec | TrainRunSpec, profile: string, o?: ComputeOptions,
): Promise<CachedDistill | CachedTrain>;
export async function computeCached(
  spec: DistillRunSpec | TrainRunSpec, profile: string, o: ComputeOptions = {},
): Promise<CachedDistill | CachedTrain> {
  const limits = { profile, trainLimit: spec.trainLimit, testLimit: spec.testLimit };
  if (spec.kind === 'train') return trainCached(spec.cfg, { ...limits, onProgress: o.onTrain });
  return distillCached(spec.cfg, {
    ...limits,
    workers: o.workers,
    onProgress: o.onDistill,
    signal: o.signal,
    log: o.log,
  });
}
