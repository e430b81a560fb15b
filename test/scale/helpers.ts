/**
 * Tiny plans for the executor tests (not a test file itself): distillations of the tiny
 * quantum LeNet on 64 training images, written as a plan file, and their reference results
 * computed in this process without any executor.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PlannedRun } from '../../src/experiments/notebook_runs';
import { DistillRunSpec, runSpecDir, runState } from '../../src/experiments/run_spec';
import { runDistillation } from '../../src/runs/distill_run';
import { readMetrics } from '../../src/runs/metrics';
import { writePlanFile } from '../../src/scale/plan_file';
import { TEST_LIMIT, TRAIN_LIMIT, freshDir, tiny } from '../runs/helpers';

/** `n` tiny distillations (seeds 20, 21, …) of `epochs` × 4 iterations, checkpointed every 3. */
export function tinySpecs(n: number, epochs: number): DistillRunSpec[] {
  return Array.from({ length: n }, (_, i) => ({
    kind: 'distill', label: `tiny ${i}`, cfg: tiny({ seed: 20 + i, epochs, evalEvery: 0 }),
    trainLimit: TRAIN_LIMIT, testLimit: TEST_LIMIT, estimate: 1,
  }));
}

/**
 * Writes the specs as a plan of the `quick` profile (in the run cache of $QDISTILL_RUNS_DIR);
 * `needs[i]`: the indices run i needs done first.
 */
export function tinyPlan(specs: DistillRunSpec[],
  needs: Record<number, number[]> = {}): { file: string; dirs: string[] } {
  const ids = specs.map((s) => path.basename(runSpecDir(s, 'quick')));
  const withDeps = specs.map((s, i) => (needs[i] ? { ...s, dependsOn: needs[i].map((k) => ids[k]) } : s));
  const runs: PlannedRun[] = withDeps.map((spec) => {
    const dir = runSpecDir(spec, 'quick');
    return { id: path.basename(dir), dir, spec, notebooks: [], state: runState(spec, 'quick'), remaining: 1 };
  });
  return { file: writePlanFile('quick', runs, 'test'), dirs: runs.map((r) => r.dir) };
}

/** The final set's bytes of each spec computed here, uninterrupted, one after the other. */
export async function referenceSets(specs: DistillRunSpec[]): Promise<Buffer[]> {
  const out: Buffer[] = [];
  for (const s of specs) {
    const dir = freshDir('reference');
    await runDistillation(s.cfg, dir, { trainLimit: s.trainLimit, testLimit: s.testLimit ?? undefined, workers: 0 });
    out.push(fs.readFileSync(path.join(dir, 'final', 'images.bin')));
  }
  return out;
}

/** The iteration of a run's latest checkpoint (0 before the first). */
export function checkpointIteration(dir: string): number {
  const file = path.join(dir, 'checkpoint', 'state.json');
  try {
    return (JSON.parse(fs.readFileSync(file, 'utf8')) as { iteration: number }).iteration;
  } catch {
    return 0;
  }
}

/** Loss lines in a run's metrics (a restart from a checkpoint truncates and continues them). */
export const lossLines = (dir: string) =>
  readMetrics(path.join(dir, 'metrics.jsonl')).filter((e) => 'loss' in e).length;

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` every 200 ms until true, or fails after `ms`. */
export async function waitFor(what: string, cond: () => boolean, ms = 120000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out after ${ms / 1000} s waiting for ${what}`);
    await sleep(200);
  }
}
