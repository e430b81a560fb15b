/**
 * The full-data baseline: a network from `initModel(spec, seed)` trained on the whole training
 * set with Adam (`adamStepRecord`, betas 0.9 / 0.999) on the fast path, mini-batches in a seeded
 * order (epoch e: a permutation from stream `trainBatchOrder` of the seed, part e), then its test
 * accuracy. The loop is `trainLoop` (trainer.ts) without a teacher, i.e. `trainKd` with λ = 0.
 */
import { ImageDataset, toTensors } from '../data/dataset';
import { Params, disposeParams, initModel } from '../models';
import { ExecutionCounts } from '../sim/executions';
import { accuracy } from './accuracy';
import { TrainConfig } from './config';
import { TrainProgress, trainLoop } from './trainer';

export { TRAIN_BETAS } from './trainer';
export type { TrainProgress } from './trainer';

export interface TrainResult {
  /** Test accuracy in percent. */
  accuracy: number;
  test_examples: number;
  train_examples: number;
  /** Mean training loss of each epoch. */
  epochLosses: number[];
  seconds: number;
  /** Circuit executions of the training steps (evaluations excluded; zero for classical models). */
  executions: ExecutionCounts;
  /** With `curvePoints`: test accuracy after evenly spaced steps, with the executions so far. */
  curve?: Array<{ step: number; examples: number; accuracy: number; executions: ExecutionCounts }>;
}

export interface TrainOptions {
  onProgress?: (p: TrainProgress) => void;
  /** Test examples to evaluate (default: all). */
  testLimit?: number;
  /** Evaluate test accuracy after this many evenly spaced steps (the last one included). */
  curvePoints?: number;
  /** Called with the trained parameters before they are freed (e.g. a finite-shot evaluation). */
  onTrained?: (params: Params) => void;
}

/**
 * Trains `cfg.model` on `train` and measures accuracy on `test`.
 * @throws NonFiniteError naming the epoch and step if the loss becomes NaN or infinite.
 */
export async function trainFull(
  cfg: TrainConfig, train: ImageDataset, test: ImageDataset, o: TrainOptions = {},
): Promise<TrainResult> {
  const start = Date.now();
  const totalSteps = cfg.epochs * Math.ceil(train.n / cfg.batchSize);
  const limit = Math.min(test.n, o.testLimit ?? test.n);
  const at = Array.from({ length: o.curvePoints ?? 0 }, (_, k) => Math.round(((k + 1) * totalSteps) / o.curvePoints!));
  const points = new Set(at);
  const curve: NonNullable<TrainResult['curve']> = [];
  const { params, epochLosses, executions, steps } = await trainLoop({
    spec: cfg.model, params: initModel(cfg.model, cfg.seed), n: train.n, batch: (idx) => toTensors(train, idx),
    epochs: cfg.epochs, batchSize: cfg.batchSize, lr: cfg.lr, seed: cfg.seed, start, onProgress: o.onProgress,
    onStep: (s) => {
      if (!points.has(s.step)) return;
      const acc = accuracy(cfg.model, s.params, test, { limit });
      curve.push({ step: s.step, examples: s.examples, accuracy: acc, executions: { ...s.executions } });
    },
  });
  try {
    const last = curve[curve.length - 1];
    const acc = last && last.step === steps ? last.accuracy : accuracy(cfg.model, params, test, { limit });
    o.onTrained?.(params);
    const seconds = (Date.now() - start) / 1000;
    return {
      accuracy: acc, test_examples: limit, train_examples: train.n, epochLosses, seconds, executions,
      ...(o.curvePoints ? { curve } : {}),
    };
  } finally {
    disposeParams(params);
  }
}
