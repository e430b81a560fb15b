/**
 * One distillation run from a config to a run directory (layout in `./run_dir`): loads the
 * data, starts or resumes the state, runs `distillStep` until `totalIterations`, logs metrics,
 * evaluates every `evalEvery` iterations (first `evalTestLimit` test examples; the synthetic set
 * of each such point is kept in `snapshots/`) and at the end
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
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { DistillConfig } from '../distill/config';
import { evaluateDistilled } from '../distill/evaluate';
import {
  DistillState,
  InitCache,
  NonFiniteError,
  disposeState,
  distillStep,
  evalSeeds,
  initState,
  itersPerEpoch,
  outerLrAt,
  totalIterations,
} from '../distill/loop';
import { syntheticLabels } from '../distill/synthetic';
import { ImageDataset } from '../data/dataset';
import { DirWriteHooks } from '../util/fs';
import { provenance } from './provenance';
import { loadCheckpoint, saveCheckpoint } from './checkpoint';
import { RunLock, acquireRunLock } from './lock';
import { eitherAborted, whileInterruptible } from './interrupt';
import { loadSplits } from './datasets';
import { WorkerPool, defaultWorkers, distillStepParallel } from '../distill/parallel';
import { FinalResult, readFinalResult, writeFinalSet } from './final_set';
import { ExecutionCounts, diffCounts, executionCounts, sumCounts, zeroCounts } from '../sim/executions';
import { EvalResult, appendMetrics, readMetrics, truncateMetrics } from './metrics';
import { Selection, bestSelection } from './selection';
import { roundTo as round } from '../util/round';
import { readSnapshot, writeSnapshot } from './snapshots';
import { RunInfo, checkNewRunDir, checkRunDirPath, checkSameRun, createRunDir, readRunInfo, runPaths } from './run_dir';

/** What `onProgress` receives after every iteration and at each phase change. */
export interface RunProgress {
  phase: 'distill' | 'evaluate' | 'final';
  iteration: number;
  total: number;
  /** Outer loss of the latest iteration of this session (null before the first). */
  loss: number | null;
  /** Mean accuracy (%) of the latest evaluation (null before the first). */
  accuracy: number | null;
  /** Mean wall time per iteration in this session, evaluations included (null before the first). */
  secondsPerIteration: number | null;
  /** Estimated seconds to the last iteration (null before the first). */
  etaSeconds: number | null;
}

export interface RunOptions {
  /** Continue the run in `runDir` (it must exist and have the same config). */
  resume?: boolean;
  /** The config as given (recorded in config.json; default: `cfg`). */
  input?: unknown;
  onProgress?: (p: RunProgress) => void;
  /** Checked between iterations; when set, the run saves a checkpoint and returns. */
  signal?: { readonly aborted: boolean };
  /** Worker threads sharing each real batch (default: one per extra core on wasm/cpu, none with tfjs-node). */
  workers?: number;
  /** Informational messages (the CLI writes them to stderr). */
  log?: (message: string) => void;
  /** Write a loss line every this many iterations (default 1). */
  logEvery?: number;
  /** Use only the first n training examples (tests, quick trials; recorded in the run). */
  trainLimit?: number | null;
  /** Limit of the final evaluation's test examples (tests only; default: all). */
  testLimit?: number;
  /** Data directory for CIFAR-10. */
  dataDir?: string;
  /** The lock of `runDir`, already taken by the caller (who releases it); default: taken here. */
  lock?: RunLock;
  /** Fault injection for checkpoint saves (tests). */
  checkpointHooks?: DirWriteHooks;
}

export interface RunOutcome {
  status: 'completed' | 'interrupted';
  runDir: string;
  iteration: number;
  total: number;
  /** The final evaluation (status 'completed'). */
  final?: FinalResult;
}

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
    fs.mkdirSync(path.dirname(path.resolve(runDir)), { recursive: true });
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
  let info: RunInfo | null = null;
  if (o.resume) {
    info = readRunInfo(runDir);
    checkSameRun(info, runDir, cfg, trainLimit);
  } else {
    checkNewRunDir(runDir);
  }
  const { train, test } = loadSplits(cfg.dataset, { trainLimit, dataDir: o.dataDir }); // before creating anything
  const total = totalIterations(cfg, train.n);
  if (cfg.batchSize > train.n) {
    log(
      `warning: batchSize ${cfg.batchSize} exceeds the ${train.n} ` +
        `training examples; every outer batch is all ${train.n} of them`,
    );
  }
  info ??= createRunDir(runDir, cfg, o.input ?? cfg, trainLimit, train.n);
  const hash = info.configHash;
  const finished = o.resume ? readFinalResult(paths.final) : null;
  if (finished && finished.iteration === total) {
    log(`${runDir}: the run is complete already (${total} iterations); nothing to do`);
    return { status: 'completed', runDir, iteration: total, total, final: finished };
  }

  let state: DistillState;
  let seconds0 = 0;
  let executions: ExecutionCounts | null = zeroCounts();
  const ck = o.resume ? loadCheckpoint(paths.checkpoint, cfg, hash) : null;
  if (ck) {
    state = ck.state;
    seconds0 = ck.manifest.seconds;
    executions = state.iteration === 0 ? zeroCounts() : ck.manifest.executions ?? null;
    if (state.iteration > total) {
      disposeState(state);
      throw new Error(
        `${ck.dir}: iteration: expected at most ${total} (the run's length), received ${state.iteration}`,
      );
    }
    log(`${runDir}: resuming at iteration ${state.iteration}/${total} from ${ck.dir}`);
  } else {
    state = initState(cfg);
  }
  const start = Date.now(), startIteration = state.iteration;
  const elapsed = () => seconds0 + (Date.now() - start) / 1000;
  let saved = ck ? state.iteration : -1;
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
  const values = (t: tf.Tensor | undefined) => (t ? (t.dataSync() as Float32Array) : null);
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
    if (saved < 0) save(); // iteration 0: the run always has a last good checkpoint
    while (state.iteration < total) {
      await yieldToEventLoop(); // lets signal handlers run
      if (o.signal?.aborted) break;
      lock.heartbeat();
      const epoch = Math.floor(state.iteration / itersPerEpoch(cfg, train.n));
      const before = executionCounts();
      try {
        const r = pool
          ? await distillStepParallel(cfg, train, inits, state, pool)
          : distillStep(cfg, train, inits, state);
        state = r.state;
        loss = r.loss;
      } catch (e) {
        if (!(e instanceof NonFiniteError)) throw e;
        throw new NonFiniteError(
          `iteration ${state.iteration + 1}/${total} diverged (${e.message}); stopped. The last good checkpoint ` +
            `(iteration ${saved}) is kept in ${paths.checkpoint}; try a smaller lr or distillLr in the config`,
        );
      }
      if (executions) executions = sumCounts(executions, diffCounts(executionCounts(), before));
      const i = state.iteration;
      if (i % (o.logEvery ?? 1) === 0 || i === total) {
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
        const ev = evaluate(test, cfg.evalTestLimit);
        accuracy = ev.mean;
        const select = selectOnTrain
          ? { accuracy: evaluate(train, selectOnTrain).mean, train_examples: selectOnTrain }
          : undefined;
        appendMetrics(paths.metrics, {
          iteration: i,
          eval: ev,
          test_examples: Math.min(test.n, cfg.evalTestLimit),
          ...(select ? { select } : {}),
        });
        writeSnapshot(
          paths.snapshots,
          i,
          state.images.dataSync() as Float32Array,
          state.rawLrs.dataSync() as Float32Array,
          values(state.labels),
        );
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
    const limit = Math.min(test.n, o.testLimit ?? test.n);
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
    accuracy = ev.mean;
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
    return { status: 'completed', runDir, iteration: total, total, final };
  } finally {
    disposeState(state);
    inits.dispose();
    await pool?.close();
  }
}

