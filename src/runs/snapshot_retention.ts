/**
 * Which intermediate synthetic sets (`snapshots/`) a run keeps, so that a tracked run store stays
 * small (a CIFAR-10 set of 100 images is 1.2 MB; a run evaluates it some 50 times):
 * - the trajectory: evenly spaced evaluation points, as many as fit in `TRAJECTORY_BYTES` and at
 *   most `MAX_TRAJECTORY` (MNIST's 10 images, 31 KiB: 16 points, for notebook 03's probes over
 *   the course of distillation; CIFAR-10's 100 images: none);
 * - the set the end-of-run selection (`selectOnTrain`) can still pick: the best so far on
 *   training images, the latest on ties (an earlier one can never win again, `selection.ts`).
 * The rule depends only on the config and the run's own metrics, so a resumed run (whose draws
 * repeat bitwise) keeps the same files. Results never depend on it. Once `final/` is written
 * (`tidyFinishedRun`), the selectable set is a copy of it and the checkpoint is of no further use
 * (a finished run is never resumed): both go (a CIFAR-10 checkpoint is 3.6 MB).
 */
import * as fs from 'fs';
import * as path from 'path';
import { MetricsEvent } from './metrics';
import { bestSelection } from './selection';
import { listSnapshots } from './snapshots';

export const TRAJECTORY_BYTES = 512 * 1024;
export const MAX_TRAJECTORY = 16;

/** The evaluation points of a run of `total` iterations evaluated every `evalEvery` (the last excluded). */
export function evalIterations(evalEvery: number, total: number): number[] {
  if (evalEvery <= 0) return [];
  const its: number[] = [];
  for (let i = evalEvery; i < total; i += evalEvery) its.push(i);
  return its;
}

/** The evenly spaced evaluation points kept for trajectories, for snapshots of `bytes` each. */
export function trajectoryPoints(evals: readonly number[], bytes: number): number[] {
  const n = Math.min(MAX_TRAJECTORY, Math.floor(TRAJECTORY_BYTES / Math.max(1, bytes)));
  if (n <= 0) return [];
  if (n >= evals.length) return [...evals];
  const stride = Math.ceil(evals.length / n);
  return evals.filter((_, j) => (j + 1) % stride === 0);
}

/**
 * The intermediate evaluation point the end-of-run selection can still pick (null: none, or no
 * selection): `bestSelection`'s choice against a last set that never wins.
 */
export function selectableSnapshot(events: readonly MetricsEvent[]): number | null {
  const never = { iteration: Infinity, accuracy: -Infinity, train_examples: 0 };
  const best = bestSelection(events, never);
  return best === never ? null : best.iteration;
}

/** The iterations whose snapshots stay: the trajectory and the selectable one. */
export function keptSnapshots(evals: readonly number[], bytes: number, events: readonly MetricsEvent[]): Set<number> {
  const keep = new Set(trajectoryPoints(evals, bytes));
  const best = selectableSnapshot(events);
  if (best !== null) keep.add(best);
  return keep;
}

/** Deletes the snapshots in `dir` whose iteration is not in `keep`; returns the deleted iterations. */
export function pruneSnapshots(dir: string, keep: ReadonlySet<number>): number[] {
  const gone = listSnapshots(dir).filter((it) => !keep.has(it));
  for (const it of gone) {
    const n = String(it).padStart(7, '0');
    for (const f of [`images-${n}.bin`, `labels-${n}.bin`, `lrs-${n}.json`]) {
      fs.rmSync(path.join(dir, f), { force: true });
    }
  }
  return gone;
}

/**
 * What a finished run (with `final/` written) keeps besides `final/`: the trajectory snapshots only.
 * Deletes `checkpoint/` and every other snapshot; returns the deleted snapshot iterations.
 */
export function tidyFinishedRun(
  paths: { checkpoint: string; snapshots: string },
  evalEvery: number,
  total: number,
  bytes: number,
): number[] {
  fs.rmSync(paths.checkpoint, { recursive: true, force: true });
  return pruneSnapshots(paths.snapshots, new Set(trajectoryPoints(evalIterations(evalEvery, total), bytes)));
}
