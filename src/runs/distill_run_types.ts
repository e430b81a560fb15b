/** The options, progress reports and outcome of a distillation run (`runDistillation` in `./distill_run`). */
import { DirWriteHooks } from '../util/fs';
import { RunLock } from './lock';
import { FinalResult } from './final_set';

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
