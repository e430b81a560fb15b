/**
 * The full-data baseline: a network from `initModel(spec, seed)` trained on the whole training
 * set with Adam (`adamStepRecord`, betas 0.9 / 0.999) on the fast path, mini-batches in a seeded
 * order (epoch e: a permutation from `deriveSeed(seed, 1, e)`), then its test accuracy.
 */
import * as tf from '@tensorflow/tfjs';
import { ImageDataset, toTensors } from '../data/dataset';
import { batchIndices } from '../data/sampling';
import { adamInit, adamStepRecord, disposeAdam } from '../distill/adam';
import { accuracy } from '../distill/evaluate';
import { Params, applyModel, disposeParams, initModel, trainableKeys } from '../models';
import { softmaxCrossEntropyFast } from '../nn';
import { NonFiniteError } from '../util/errors';
import { Rng, deriveSeed } from '../util/rng';
import { tidy } from '../util/tidy';
import { ExecutionCounts, countExecutions, sumCounts, zeroCounts } from '../sim/executions';
import { TrainConfig } from './config';

/** Progress after every mini-batch. */
export interface TrainProgress {
  epoch: number;
  step: number;
  totalSteps: number;
  loss: number;
  secondsPerStep: number;
  etaSeconds: number;
}

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

/** Adam betas of the baseline. */
export const TRAIN_BETAS = [0.9, 0.999] as const;

/**
 * Trains `cfg.model` on `train` and measures accuracy on `test`.
 * @throws NonFiniteError naming the epoch and step if the loss becomes NaN or infinite.
 */
export async function trainFull(cfg: TrainConfig, train: ImageDataset, test: ImageDataset, o: TrainOptions = {}): Promise<TrainResult> {
  const start = Date.now();
  let params: Params = initModel(cfg.model, cfg.seed);
  const keys = trainableKeys(cfg.model, params);
  let adam = adamInit(keys.map((k) => params[k]));
  const stepsPerEpoch = Math.ceil(train.n / cfg.batchSize);
  const totalSteps = cfg.epochs * stepsPerEpoch;
  const epochLosses: number[] = [];
  const limit = Math.min(test.n, o.testLimit ?? test.n);
  const points = o.curvePoints ? new Set(Array.from({ length: o.curvePoints }, (_, k) => Math.round(((k + 1) * totalSteps) / o.curvePoints!))) : new Set<number>();
  const curve: NonNullable<TrainResult['curve']> = [];
  let executions = zeroCounts();
  let examples = 0;
  let step = 0;
  try {
    for (let epoch = 0; epoch < cfg.epochs; epoch++) {
      let sum = 0;
      for (const idx of batchIndices(train.n, cfg.batchSize, new Rng(deriveSeed(cfg.seed, 1, epoch)))) {
        const { x, y } = toTensors(train, idx);
        const current: Params = params;
        const counted = countExecutions(() => tidy(() => {
          const f = (...t: tf.Tensor[]) => softmaxCrossEntropyFast(applyModel(cfg.model, { ...current, ...Object.fromEntries(keys.map((k, j) => [k, t[j]])) }, x, 'fast'), y);
          return tf.valueAndGrads(f)(keys.map((k) => current[k]));
        }));
        const { value, grads } = counted.result;
        executions = sumCounts(executions, counted.executions);
        tf.dispose([x, y]);
        const loss = value.dataSync()[0];
        value.dispose();
        if (!Number.isFinite(loss)) {
          tf.dispose(grads);
          throw new NonFiniteError(`training loss is ${loss} at epoch ${epoch}, step ${step + 1}/${totalSteps}; try a smaller lr`);
        }
        ({ params, state: adam } = adamStepRecord(current, keys, grads, adam, { lr: cfg.lr, beta1: TRAIN_BETAS[0], beta2: TRAIN_BETAS[1] }));
        sum += loss * idx.length;
        step++;
        examples += idx.length;
        if (points.has(step)) curve.push({ step, examples, accuracy: accuracy(cfg.model, params, test, { limit }), executions: { ...executions } });
        const sps = (Date.now() - start) / 1000 / step;
        o.onProgress?.({ epoch, step, totalSteps, loss, secondsPerStep: sps, etaSeconds: sps * (totalSteps - step) });
        if (step % 8 === 0) await new Promise<void>((r) => setImmediate(r));
      }
      epochLosses.push(sum / train.n);
    }
    const acc = curve.length && curve[curve.length - 1].step === step ? curve[curve.length - 1].accuracy : accuracy(cfg.model, params, test, { limit });
    o.onTrained?.(params);
    return { accuracy: acc, test_examples: limit, train_examples: train.n, epochLosses, seconds: (Date.now() - start) / 1000, executions, ...(o.curvePoints ? { curve } : {}) };
  } finally {
    disposeParams(params);
    disposeAdam(adam);
  }
}
