/**
 * The end of a completed distillation run (`./distill_run`): the final set (the last synthetic set
 * or, with `selectOnTrain`, the evaluated set that scores best on training images, `./selection`),
 * its evaluation on the test set, the final metrics line and `final/`; then drops the checkpoint
 * and the snapshots only the selection needed (`tidyFinishedRun`).
 */
import * as tf from '@tensorflow/tfjs';
import { DistillConfig } from '../distill/config';
import { DistillState } from '../distill/loop';
import { ImageDataset } from '../data/dataset';
import { provenance } from './provenance';
import { FinalResult, writeFinalSet } from './final_set';
import { ExecutionCounts } from '../sim/executions';
import { EvalResult, appendMetrics, readMetrics } from './metrics';
import { Selection, bestSelection } from './selection';
import { roundTo as round } from '../util/round';
import { readSnapshot } from './snapshots';
import { RunPaths } from './run_dir';
import { tidyFinishedRun } from './snapshot_retention';

/** The values of a tensor, or null without one. */
export const values = (t: tf.Tensor | undefined) => (t ? (t.dataSync() as Float32Array) : null);

/** What the end of a run needs from the run. */
export interface RunEnd {
  cfg: DistillConfig;
  runDir: string;
  paths: RunPaths;
  /** The state after the last iteration. */
  state: DistillState;
  train: ImageDataset;
  test: ImageDataset;
  total: number;
  /** Test examples of the final evaluation (default: all). */
  testLimit: number | undefined;
  /** Training images of the selection (0: none). */
  selectOnTrain: number;
  seeds: number[];
  hash: string;
  executions: ExecutionCounts | null;
  workers: number;
  /** Evaluates a synthetic set (default: the run's state) on the first `limit` examples of `ds`. */
  evaluate: (
    ds: ImageDataset,
    limit?: number,
    set?: { images: tf.Tensor; rawLrs: tf.Tensor1D; labels?: tf.Tensor3D },
  ) => EvalResult;
  /** Seconds of the run so far, all sessions together. */
  elapsed: () => number;
  log: (message: string) => void;
}

/** Chooses, evaluates and writes the final set of a completed run; returns its result. */
export function finishRun(r: RunEnd): FinalResult {
  const { cfg, runDir, paths, state, train, test, total, testLimit, selectOnTrain, seeds, hash, executions } = r;
  const { workers, evaluate, elapsed, log } = r;
  const limit = Math.min(test.n, testLimit ?? test.n);
  let set = {
    images: state.images.dataSync() as Float32Array,
    rawLrs: state.rawLrs.dataSync() as Float32Array,
    labels: values(state.labels),
  };
  let selected: Selection | undefined;
  if (selectOnTrain) {
    selected = bestSelection(readMetrics(paths.metrics), {
      iteration: total,
      accuracy: evaluate(train, selectOnTrain).mean,
      train_examples: selectOnTrain,
    });
    if (selected.iteration !== total) {
      set = readSnapshot(paths.snapshots, selected.iteration, state.images.shape, state.labels?.shape);
    }
    log(
      `${runDir}: selected the set of iteration ${selected.iteration} ` +
        `(${selected.accuracy.toFixed(2)} % on ${selectOnTrain} training images)`,
    );
  }
  const chosen = {
    images: tf.tensor(set.images, state.images.shape), rawLrs: tf.tensor1d(set.rawLrs),
    ...(set.labels && state.labels ? { labels: tf.tensor3d(set.labels, state.labels.shape) } : {}),
  };
  let ev: EvalResult;
  try {
    ev = evaluate(test, limit, chosen);
  } finally {
    tf.dispose(Object.values(chosen));
  }
  appendMetrics(paths.metrics, {
    iteration: total,
    eval: ev,
    test_examples: limit,
    final: true,
    ...(selected ? { selected } : {}),
  });
  const final: FinalResult = { iteration: total, eval: ev, test_examples: limit, seeds, seconds: round(elapsed(),
    3), configHash: hash, executions, ...(selected ? { selected } : {}),
    provenance: provenance(1 + workers) };
  writeFinalSet(paths.final, cfg, set, final);
  tidyFinishedRun(paths, cfg.evalEvery, total, 4 * (set.images.length + (set.labels?.length ?? 0)));
  return final;
}
