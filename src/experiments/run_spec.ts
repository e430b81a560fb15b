/**
 * A cached run as data: what a notebook needs computed, what `qdistill plan` lists and what an
 * executor computes (`qdistill run-plan`). Every study builds its runs with the helpers of
 * `run_specs.ts` (re-exported here) and computes them with `computeRun`, so the notebooks and the
 * plan cannot disagree. `computeRun` also runs the notebooks' studies (20, 21), which compute
 * their own runs through `computeCached`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { writeJsonAtomic } from '../util/fs';
import { CachedDistill } from './run_cache';
import {
  CachedTrain, ComputeOptions, DistillRunSpec, RunSpec, StudyRunSpec, TrainRunSpec, computeCached, runSpecDir,
} from './run_specs';

export * from './run_specs';

/** Computes (or reuses, or resumes) the run in `profile`'s cache. */
export async function computeRun(spec: DistillRunSpec, profile: string, o?: ComputeOptions): Promise<CachedDistill>;
export async function computeRun(spec: TrainRunSpec, profile: string, o?: ComputeOptions): Promise<CachedTrain>;
export async function computeRun(spec: RunSpec, profile: string, o?: ComputeOptions): Promise<unknown>;
export async function computeRun(spec: RunSpec, profile: string, o: ComputeOptions = {}): Promise<unknown> {
  if (spec.kind === 'study') return computeStudy(spec, profile, o);
  return computeCached(spec, profile, o);
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
