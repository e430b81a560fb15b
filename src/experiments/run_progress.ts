/**
 * How far one distillation run of a run store has got, read without computing anything: a
 * finished run's final accuracy on its test set; an unfinished one's latest evaluation (on
 * `evalTestLimit` test images, `testExamples` says how many) and its checkpoint's iteration; the
 * accuracy curve from `metrics.jsonl`. Used by the outputs that show long runs under way
 * (`paper_budget.ts`, `beyond_store.ts`).
 */
import * as path from 'path';
import * as fs from 'fs';
import { totalIterations } from '../distill/loop';
import { readCheckpointManifest } from '../runs/checkpoint';
import { readFinalResult } from '../runs/final_set';
import { PublishedCurve, lateGain, publishedCurve } from '../runs/flatness';
import { isEvalEvent, readMetrics } from '../runs/metrics';
import { runPaths } from '../runs/run_dir';
import { roundTo } from '../util/round';
import { trainSize } from './estimate';
import { runSpecDir } from './run_spec';
import { DistillRunSpec } from './run_specs';

export interface StoredRunProgress {
  status: 'finished' | 'unfinished';
  iteration: number;
  totalIterations: number;
  /** Test accuracy (%): final, else the latest evaluation; null before the first evaluation. */
  accuracy: number | null;
  /** The iteration `accuracy` was measured at, and on how many test images. */
  accuracyAt: number | null;
  testExamples: number | null;
  /** A finished run: what it publishes gained over its last 20 % (`lateGain`), else null. */
  lateGain: number | null;
  hours: number;
  /** The run folder's name. */
  run: string;
  /** Test accuracy at each evaluation (on `evalTestLimit` images). */
  curve: Array<{ iteration: number; accuracy: number }>;
  /** What the run would publish at each evaluation (best-so-far on training images with selection). */
  published: PublishedCurve;
}

/** The progress of `run` in profile `profileName`'s run cache, or null when it has not started there. */
export function runProgress(run: DistillRunSpec, profileName: string): StoredRunProgress | null {
  const dir = runSpecDir(run, profileName);
  const paths = runPaths(dir);
  if (!fs.existsSync(paths.config)) return null;
  const total = totalIterations(run.cfg, run.trainLimit ?? trainSize(run.cfg.dataset));
  const all = readMetrics(paths.metrics);
  const events = all.filter(isEvalEvent);
  const final = readFinalResult(paths.final);
  const last = events[events.length - 1];
  const ck = readCheckpointManifest(paths.checkpoint)?.manifest;
  const seconds = final ? final.seconds : ck?.seconds ?? 0;
  const accuracy = final ? final.eval.mean : last ? last.eval.mean : null;
  const gain = final ? lateGain(events, total) : null;
  return {
    status: final ? 'finished' : 'unfinished',
    iteration: final ? final.iteration : ck?.iteration ?? 0,
    totalIterations: total,
    accuracy: accuracy === null ? null : roundTo(accuracy, 2),
    accuracyAt: final ? final.iteration : last ? last.iteration : null,
    testExamples: final ? final.test_examples : last ? last.test_examples : null,
    lateGain: gain ? roundTo(gain.gain, 2) : null,
    hours: roundTo(seconds / 3600, 2),
    run: path.basename(dir),
    curve: events.map((e) => ({ iteration: e.iteration, accuracy: e.eval.mean })),
    published: publishedCurve(all),
  };
}
