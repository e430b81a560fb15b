/**
 * A plan frozen to a file, so that executors and their tasks agree on which run an index names
 * even while other runs finish: `<run cache>/.plans/<name>.json` holding the profile and, per
 * index, the run's spec and folder. A task re-derives the folder from the spec and refuses to
 * run when it differs (another `QDISTILL_RUNS_DIR`, another numerics version, another checkout).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseDistillConfig } from '../distill/config';
import { PlannedRun } from '../experiments/notebook_runs';
import { RunSpec, runSpecDir, runState } from '../experiments/run_spec';
import { runCacheDir } from '../results/paths';
import { parseTrainConfig } from '../train/config';
import { readJson, writeJsonAtomic } from '../util/fs';

export const PLAN_FORMAT = 'qdistill-plan/1';

export interface PlanFile {
  format: string;
  profile: string;
  created: string;
  runs: Array<{ id: string; dir: string; spec: RunSpec }>;
}

/** Writes the runs to a new plan file in the profile's run cache and returns its path. */
export function writePlanFile(profile: string, runs: readonly PlannedRun[], tag: string): string {
  const dir = path.join(runCacheDir(profile), '.plans');
  fs.mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const file = path.join(dir, `${tag}-${stamp}-${process.pid}.json`);
  const entries = runs.map((r) => ({ id: r.id, dir: r.dir, spec: r.spec }));
  const plan: PlanFile = { format: PLAN_FORMAT, profile, created: new Date().toISOString(), runs: entries };
  writeJsonAtomic(file, plan);
  return file;
}

/** Reads a plan file. @throws Error naming the file and what is wrong. */
export function readPlanFile(file: string): PlanFile {
  const raw = readJson(file) as PlanFile;
  if (raw?.format !== PLAN_FORMAT || !Array.isArray(raw.runs)) {
    throw new Error(
      `${file}: expected a plan file (format ${PLAN_FORMAT}), received format ${JSON.stringify(raw?.format)}`,
    );
  }
  return raw;
}

/** Whether the plan's run `id` is done in the cache (false for an id the plan does not hold). */
export function planRunDone(plan: PlanFile, file: string, id: string): boolean {
  const i = plan.runs.findIndex((r) => r.id === id);
  return i >= 0 && runState(planEntry(plan, file, i).spec, plan.profile).status === 'done';
}

/** The spec with its config validated again (a plan file is input like any other). */
function revalidated(spec: RunSpec): RunSpec {
  if (spec.kind === 'study') return spec;
  // A validated config holds its model's derived input shape, which the parser does not accept back.
  const raw = { ...spec.cfg, model: { ...(spec.cfg.model as unknown as Record<string, unknown>) } };
  delete raw.model.input;
  return spec.kind === 'distill' ? { ...spec, cfg: parseDistillConfig(raw) } : { ...spec, cfg: parseTrainConfig(raw) };
}

/** Run `index` of the plan, its config re-validated and its folder checked. */
export function planEntry(plan: PlanFile, file: string, index: number): { id: string; dir: string; spec: RunSpec } {
  const entry = plan.runs[index];
  if (!Number.isInteger(index) || entry === undefined) {
    throw new Error(`${file}: run index: expected 0 to ${plan.runs.length - 1}, received ${index}`);
  }
  const spec = revalidated(entry.spec);
  const dir = runSpecDir(spec, plan.profile);
  if (path.resolve(dir) !== path.resolve(entry.dir)) {
    throw new Error(
      `${file}: run ${index} (${entry.id}) lives in ${entry.dir}, but this process would compute it in ${dir}: ` +
        'run every task with the same checkout, numerics version and QDISTILL_RUNS_DIR as the executor',
    );
  }
  return { id: entry.id, dir, spec };
}
