/**
 * A cached run as data: what a notebook needs computed, what `qdistill plan` lists and what an
 * executor computes (`qdistill run-plan`). Every study builds its runs with the helpers below
 * and computes them with `computeRun`, so the notebooks and the plan cannot disagree.
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
import { writeJsonAtomic } from '../util/fs';
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

type CachedTrain = Awaited<ReturnType<typeof trainCached>>;

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
  const state = path.join(paths.checkpoint, 'state.json'); // where a resume starts
  const iteration = fs.existsSync(state) ? Number((readJson(state) as { iteration?: number }).iteration ?? 0) : 0;
  return { status: 'partial', iteration };
}

export interface ComputeOptions {
  workers?: number;
  signal?: { readonly aborted: boolean };
  onDistill?: (p: RunProgress) => void;
  onTrain?: (p: TrainProgress) => void;
  log?: (m: string) => void;
}

/** Computes (or reuses, or resumes) the run in `profile`'s cache. */
export async function computeRun(spec: DistillRunSpec, profile: string, o?: ComputeOptions): Promise<CachedDistill>;
export async function computeRun(spec: TrainRunSpec, profile: string, o?: ComputeOptions): Promise<CachedTrain>;
export async function computeRun(spec: RunSpec, profile: string, o?: ComputeOptions): Promise<unknown>;
export async function computeRun(spec: RunSpec, profile: string, o: ComputeOptions = {}): Promise<unknown> {
  if (spec.kind === 'study') return computeStudy(spec, profile, o);
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

/** Runs the notebook's study in this process (its trainings are cached) and marks it done. */
async function computeStudy(
  spec: StudyRunSpec,
  profile: string,
  o: ComputeOptions,
): Promise<{ reused: boolean; accuracy: null }> {
  const dir = runSpecDir(spec, profile);
  if (fs.existsSync(path.join(dir, 'done.json'))) return { reused: true, accuracy: null };
  const { profileNamed } = await import('../results/profile');
  const print = (line: string) => o.log?.(line);
  const start = Date.now();
  if (spec.notebook.startsWith('20-')) {
    await (await import('./kd_study')).runKdStudy(profileNamed(profile), { print });
  } else if (spec.notebook.startsWith('21-')) {
    await (await import('./self_distill')).runSelfDistill(profileNamed(profile), { print });
  } else {
    throw new Error(`computeRun: no study for notebook ${spec.notebook}`);
  }
  fs.mkdirSync(dir, { recursive: true });
  writeJsonAtomic(path.join(dir, 'done.json'), {
    notebook: spec.notebook,
    key: spec.key,
    seconds: (Date.now() - start) / 1000,
  });
  return { reused: false, accuracy: null };
}
