/**
 * The start of a distillation run (`./distill_run`): checking or creating its run directory, loading
 * its data, and the state it starts from (a fresh one, or the latest checkpoint's when resuming).
 */
import { DistillConfig } from '../distill/config';
import { DistillState, disposeState, initState, totalIterations } from '../distill/loop';
import { ImageDataset } from '../data/dataset';
import { loadCheckpoint } from './checkpoint';
import { loadSplits } from './datasets';
import { FinalResult, readFinalResult } from './final_set';
import { ExecutionCounts, zeroCounts } from '../sim/executions';
import { RunInfo, RunPaths, checkNewRunDir, checkSameRun, createRunDir, readRunInfo } from './run_dir';
import { RunOptions } from './distill_run_types';
import { identityHash } from './identity';

/** A run directory checked for the run, with the run's data. */
export interface OpenedRun {
  train: ImageDataset;
  test: ImageDataset;
  /** Iterations of the whole run. */
  total: number;
  /** The config hash recorded (or, for a new run, to be recorded) in the run directory. */
  hash: string;
  /** The result in `final/` (resuming a run that has one; null otherwise). */
  finished: FinalResult | null;
  /** Creates the run directory of a new run (nothing when resuming); call once the run's state exists. */
  create: () => void;
}

/**
 * Checks `runDir` (new, or with `o.resume` the same run), loads the data and, when resuming, reads
 * the result in `final/`. Creates nothing: a new run's directory is made by `create`, after the
 * state is allocated, so a run that cannot start leaves no directory behind.
 */
export function openRun(
  cfg: DistillConfig,
  runDir: string,
  paths: RunPaths,
  trainLimit: number | null,
  o: RunOptions,
  log: (message: string) => void,
): OpenedRun {
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
  const hash = info?.configHash ?? identityHash(cfg);
  const finished = o.resume ? readFinalResult(paths.final) : null;
  const create = () => {
    if (info === null) info = createRunDir(runDir, cfg, o.input ?? cfg, trainLimit, train.n);
  };
  return { train, test, total, hash, finished, create };
}

/** The state a run starts from, with the seconds and circuit executions of its iterations so far. */
export interface FirstState {
  state: DistillState;
  seconds0: number;
  /** null when resumed from a checkpoint without counts. */
  executions: ExecutionCounts | null;
  /** Whether `state` is the latest checkpoint's (a checkpoint of it is on disk already). */
  fromCheckpoint: boolean;
}

/**
 * With `resume`, the latest checkpoint's state (at most `total` iterations), else a fresh one.
 * @throws Error when the checkpoint is past the run's length.
 */
export function firstState(
  cfg: DistillConfig,
  runDir: string,
  paths: RunPaths,
  hash: string,
  total: number,
  resume: boolean | undefined,
  log: (message: string) => void,
): FirstState {
  let state: DistillState;
  let seconds0 = 0;
  let executions: ExecutionCounts | null = zeroCounts();
  const ck = resume ? loadCheckpoint(paths.checkpoint, cfg, hash) : null;
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
  return { state, seconds0, executions, fromCheckpoint: ck !== null };
}
