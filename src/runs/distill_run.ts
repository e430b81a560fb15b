/**
 * One distillation run from a config to a run directory (layout in `./run_dir`): loads the
 * data, starts or resumes the state, runs `distillStep` until `totalIterations`, logs metrics,
 * evaluates every `evalEvery` iterations (first `evalTestLimit` test examples; the synthetic sets
 * of some of these points are kept in `snapshots/`, see `./snapshot_retention`) and at the end
 * (whole test set, every `evalSeeds(cfg)` initialisation), checkpoints every
 * `checkpointEvery` iterations, on interruption and at the end, and writes `final/`: the last
 * synthetic set or, with `selectOnTrain`, the evaluated set that scores best on training
 * images (`selection.ts`).
 *
 * A non-finite update stops the run with a `NonFiniteError` naming the iteration; the last
 * good checkpoint stays on disk. An interruption (the `signal` flag, checked between
 * iterations) saves a checkpoint and returns `status: 'interrupted'`; `resume: true`
 * continues exactly where it stopped (same draws, same losses, same final set). While it runs,
 * the run directory is locked (`./lock`): a second writer fails at once, naming the first.
 *
 * Its options and outcome are in `./distill_run_types` (re-exported here), its start in
 * `./distill_run_start` and its end (final set, evaluation, `final/`) in `./distill_run_final`.
 */
import * as tf from '@tensorflow/tfjs';
import { DistillConfig } from '../distill/config';
import { evaluateDistilled } from '../distill/evaluate';
import {
  InitCache, NonFiniteError, disposeState, distillStep, evalSeeds, itersPerEpoch, outerLrAt,
} from '../distill/loop';
import { syntheticLabels } from '../distill/synthetic';
import { ImageDataset } from '../data/dataset';
import { saveCheckpoint } from './checkpoint';
import { RunLock, acquireRunLock } from './lock';
import { eitherAborted, whileInterruptible } from './interrupt';
import { WorkerPool, defaultWorkers, distillStepParallel } from '../distill/parallel';
import { diffCounts, executionCounts, sumCounts } from '../sim/executions';
import { EvalResult, appendMetrics, readEvents, readMetrics, truncateMetrics } from './metrics';
import { MAX_CONSECUTIVE_SKIPS, stepOrSkip, trailingSkips } from './skip_diverged';
import { roundTo as round } from '../util/round';
import { writeSnapshot } from './snapshots';
import { evalIterations, keptSnapshots, pruneSnapshots } from './snapshot_retention';
import { checkRunDirPath, runPaths } from './run_dir';
import { RunOptions, RunOutcome, RunProgress } from './distill_run_types';
import { firstState, openRun } from './distill_run_start';
import { finishRun, values } from './distill_run_final';

export type { RunOptions, RunOutcome, RunProgress } from './distill_run_types';

const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Runs (or resumes) the distillation `cfg` in `runDir`, holding its lock (`./lock`) throughout.
 * Stops, with a checkpoint, when `o.signal` or the process-wide stop request (`./interrupt`:
 * Ctrl-C, Jupyter's interrupt) is set.
 * @throws RunSetupError at once when another process is using `runDir`.
 */
export async function runDistillation(cfg: DistillConfig, runDir: string, o: RunOptions = {}): Promise<RunOutcome> {
  return whileInterruptible(async (stop) => {
    const run = { ...o, signal: eitherAborted(o.signal, stop) };
    if (o.lock) return runLocked(cfg, runDir, run, o.lock);
    checkRunDirPath(runDir);
    const lock = acquireRunLock(runDir);
    try {
      return await runLocked(cfg, runDir, run, lock);
    } finally {
      lock.release();
    }
  });
}

async function runLocked(cfg: DistillConfig, runDir: string, o: RunOptions, lock: RunLock): Promise<RunOutcome> {
  const log = o.log ?? (() => {});
  const trainLimit = o.trainLimit ?? null;
  const paths = runPaths(runDir);
  const { train, test, total, hash, finished, create } = openRun(cfg, runDir, paths, trainLimit, o, log);
  if (finished && finished.iteration === total) {
    log(`${runDir}: the run is complete already (${total} iterations); nothing to do`);
    return { status: 'completed', runDir, iteration: total, total, final: finished };
  }

  const first = firstState(cfg, runDir, paths, hash, total, o.resume, log);
  try {
    create(); // only now: a state that cannot be allocated leaves no run directory
  } catch (e) {
    disposeState(first.state);
    throw e;
  }
  let state = first.state;
  let executions = first.executions;
  const seconds0 = first.seconds0;
  const start = Date.now(), startIteration = state.iteration;
  const elapsed = () => seconds0 + (Date.now() - start) / 1000;
  let saved = first.fromCheckpoint ? state.iteration : -1;
  const save = () => {
    saveCheckpoint(
      paths.checkpoint,
      state,
      { configHash: hash, seed: cfg.seed, seconds: elapsed(), executions: executions ?? undefined },
      o.checkpointHooks,
    );
    saved = state.iteration;
  };
  const inits = new InitCache(cfg);
  const workers = o.workers ?? defaultWorkers(tf.getBackend(), cfg.shards);
  const pool =
    workers > 0
      ? await WorkerPool.start(cfg, workers, tf.getBackend(), { dataDir: o.dataDir, limit: trainLimit ?? undefined })
      : null;
  const unroll = { distillSteps: cfg.distillSteps, distillEpochs: cfg.distillEpochs };
  const seeds = evalSeeds(cfg);
  const selectOnTrain = Math.min(train.n, cfg.selectOnTrain ?? 0);
  const evaluate = (
    ds: ImageDataset,
    limit?: number,
    set: { images: tf.Tensor; rawLrs: tf.Tensor1D; labels?: tf.Tensor3D } = state,
  ): EvalResult => {
    const labels = set.labels ?? syntheticLabels(cfg.imagesPerClass);
    try {
      return evaluateDistilled(cfg.model, set.images, set.rawLrs, labels, unroll, seeds, ds, limit);
    } finally {
      if (labels !== set.labels) labels.dispose();
    }
  };
  let loss: number | null = null, accuracy: number | null = null;
  const progress = (phase: RunProgress['phase']) => {
    const done = state.iteration - startIteration;
    const spi = done > 0 ? (Date.now() - start) / 1000 / done : null;
    o.onProgress?.({
      phase,
      iteration: state.iteration,
      total,
      loss,
      accuracy,
      secondsPerIteration: spi,
      etaSeconds: spi === null ? null : spi * (total - state.iteration),
    });
  };
  try {
    if (o.resume) truncateMetrics(paths.metrics, state.iteration); // drop lines past the checkpoint
    const diverged = (i: number, why: string) => new NonFiniteError(`iteration ${i}/${total} diverged (${why}); ` +
      `stopped. The last good checkpoint (iteration ${saved}) is kept in ${paths.checkpoint}; try a smaller lr or ` +
      'distillLr in the config');
    let streak = o.resume ? trailingSkips(readEvents(paths.metrics), state.iteration) : 0;
    if (saved < 0) save(); // iteration 0: the run always has a last good checkpoint
    while (state.iteration < total) {
      await yieldToEventLoop(); // lets signal handlers run
      if (o.signal?.aborted) break;
      lock.heartbeat();
      const epoch = Math.floor(state.iteration / itersPerEpoch(cfg, train.n));
      const before = executionCounts();
      let skipped: string | null;
      try {
        const s0 = state;
        const r = await stepOrSkip(async () => pool ? distillStepParallel(cfg, train, inits, s0, pool)
          : distillStep(cfg, train, inits, s0), s0, streak);
        ({ state, skipped, streak } = r);
        if (!skipped) loss = r.loss;
      } catch (e) {
        if (!(e instanceof NonFiniteError)) throw e;
        throw diverged(state.iteration + 1, e.message);
      }
      if (executions) executions = sumCounts(executions, diffCounts(executionCounts(), before));
      const i = state.iteration;
      if (skipped) {
        log(`${runDir}: iteration ${i}/${total} diverged (${skipped}); skipped, the set unchanged ` +
          `(${streak} in a row; ${MAX_CONSECUTIVE_SKIPS + 1} stop the run)`);
        appendMetrics(paths.metrics, { iteration: i, epoch, skipped, seconds: round(elapsed(), 3) });
      } else if (i % (o.logEvery ?? 1) === 0 || i === total) {
        appendMetrics(paths.metrics, {
          iteration: i,
          epoch,
          loss: loss as number,
          lr: outerLrAt(cfg, epoch),
          seconds: round(elapsed(), 3),
        });
      }
      if (cfg.evalEvery > 0 && i % cfg.evalEvery === 0 && i < total) {
        progress('evaluate');
        let ev: EvalResult, select: { accuracy: number; train_examples: number } | undefined;
        try {
          ev = evaluate(test, cfg.evalTestLimit);
          select = selectOnTrain ? { accuracy: evaluate(train, selectOnTrain).mean, train_examples: selectOnTrain }
            : undefined;
        } catch (e) {
          if (!(e instanceof NonFiniteError)) throw e;
          throw diverged(i, `evaluating the set: ${e.message}`);
        }
        accuracy = ev.mean;
        appendMetrics(paths.metrics, {
          iteration: i,
          eval: ev,
          test_examples: Math.min(test.n, cfg.evalTestLimit),
          ...(select ? { select } : {}),
        });
        const images = state.images.dataSync() as Float32Array, labels = values(state.labels);
        const bytes = 4 * (images.length + (labels?.length ?? 0));
        const keep = keptSnapshots(evalIterations(cfg.evalEvery, total), bytes, readMetrics(paths.metrics));
        if (keep.has(i)) writeSnapshot(paths.snapshots, i, images, state.rawLrs.dataSync() as Float32Array, labels);
        pruneSnapshots(paths.snapshots, keep);
      }
      if (i % cfg.checkpointEvery === 0 || i === total) save();
      progress('distill');
    }
    if (state.iteration < total || o.signal?.aborted) {
      if (saved !== state.iteration) save();
      log(`${runDir}: interrupted at iteration ${state.iteration}/${total}; checkpoint saved in ${paths.checkpoint}`);
      return { status: 'interrupted', runDir, iteration: state.iteration, total };
    }
    progress('final');
    const final = finishRun({ cfg, runDir, paths, state, train, test, total, testLimit: o.testLimit, selectOnTrain,
      seeds, hash, executions, workers, evaluate, elapsed, log });
    return { status: 'completed', runDir, iteration: total, total, final };
  } finally {
    disposeState(state);
    inits.dispose();
    await pool?.close();
  }
}
