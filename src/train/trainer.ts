/**
 * The one mini-batch training loop behind the full-data baseline (`trainFull`, full.ts) and the
 * knowledge-distillation trainer (`trainKd`, kd_train.ts): Adam (`adamStepRecord`, betas
 * `TRAIN_BETAS`) on the fast path, the batches of epoch e in a permutation from stream
 * `trainBatchOrder` of the seed (parts: e), and as loss either cross-entropy
 * (`softmaxCrossEntropyFast`) or, for a batch with teacher logits, `kdLoss` with λ and T.
 * `trainFull` is the case without teacher logits (λ = 0).
 */
import * as tf from '@tensorflow/tfjs';
import { batchIndices } from '../data/sampling';
import { ModelSpec, Params, applyModel, disposeParams, trainableKeys } from '../models';
import { softmaxCrossEntropyFast } from '../nn';
import { ExecutionCounts, countExecutions, sumCounts, zeroCounts } from '../sim/executions';
import { NonFiniteError } from '../util/errors';
import { stream } from '../util/streams';
import { tidy } from '../util/tidy';
import { adamInit, adamStepRecord, disposeAdam } from './adam';
import { kdLoss } from './kd_loss';

/** Adam betas of the full-data and knowledge-distillation trainers. */
export const TRAIN_BETAS = [0.9, 0.999] as const;

/** Progress after every mini-batch. */
export interface TrainProgress {
  epoch: number;
  step: number;
  totalSteps: number;
  loss: number;
  secondsPerStep: number;
  etaSeconds: number;
}

/** The state after a training step (`executions`: cumulative, of the training steps only). */
export interface StepState {
  epoch: number;
  step: number;
  /** Training examples seen so far. */
  examples: number;
  params: Params;
  executions: ExecutionCounts;
}

export interface LoopOptions {
  spec: ModelSpec;
  /** Starting parameters; the loop owns them (replaced at every step, the final ones returned). */
  params: Params;
  /** Number of training examples. */
  n: number;
  /** Normalised images and int32 labels of the examples `idx` (the loop disposes them). */
  batch: (idx: Int32Array) => { x: tf.Tensor4D; y: tf.Tensor1D };
  epochs: number;
  batchSize: number;
  /** Adam learning rate. */
  lr: number;
  /** Seed of the batch order. */
  seed: number;
  /** Teacher logits `[batch, classes]` of the examples `idx` (disposed by the loop), or null: cross-entropy. */
  teacherLogits?: (idx: Int32Array) => tf.Tensor2D | null;
  /** KD weight λ and temperature T of `kdLoss` (used with teacher logits only). */
  kd?: { lambda: number; temperature: number };
  /** Start of the run (ms, default now), for `secondsPerStep`. */
  start?: number;
  /** Non-finite loss errors: prefix (e.g. 'trainKd: ') and whether epochs are counted from 0 or 1. */
  errors?: { prefix: string; epochBase: 0 | 1 };
  onProgress?: (p: TrainProgress) => void;
  /** Called after every step with the updated parameters. */
  onStep?: (s: StepState) => void;
  /** Called after every epoch with its mean training loss (`epoch` from 0). */
  onEpoch?: (epoch: number, loss: number, s: StepState) => void;
}

export interface LoopResult {
  /** Trained parameters (the caller disposes them). */
  params: Params;
  /** Mean training loss of each epoch. */
  epochLosses: number[];
  /** Circuit executions of the training steps (zero for classical models). */
  executions: ExecutionCounts;
  steps: number;
}

/**
 * Trains `o.params` for `o.epochs` epochs (module comment).
 * @throws NonFiniteError naming the epoch and step if the loss becomes NaN or infinite; the
 *   parameters are then disposed.
 */
export async function trainLoop(o: LoopOptions): Promise<LoopResult> {
  const start = o.start ?? Date.now();
  const { spec, n } = o;
  let params = o.params;
  const keys = trainableKeys(spec, params);
  let adam = adamInit(keys.map((k) => params[k]));
  const totalSteps = o.epochs * Math.ceil(n / o.batchSize);
  const epochLosses: number[] = [];
  const errors = o.errors ?? { prefix: '', epochBase: 0 };
  let executions = zeroCounts();
  let examples = 0;
  let step = 0;
  try {
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      let sum = 0;
      for (const idx of batchIndices(n, o.batchSize, stream(o.seed, 'trainBatchOrder', epoch))) {
        const { x, y } = o.batch(idx);
        const t = o.teacherLogits?.(idx) ?? null;
        const current: Params = params;
        const f = (...w: tf.Tensor[]) => {
          const trial = { ...current, ...Object.fromEntries(keys.map((k, j) => [k, w[j]])) };
          const logits = applyModel(spec, trial, x, 'fast');
          return t === null ? softmaxCrossEntropyFast(logits, y) : kdLoss(logits, t, y, o.kd!);
        };
        let counted: ReturnType<typeof countExecutions<{ value: tf.Scalar; grads: tf.Tensor[] }>>;
        try {
          counted = countExecutions(() => tidy(() => tf.valueAndGrads(f)(keys.map((k) => current[k]))));
        } finally {
          tf.dispose([x, y, ...(t ? [t] : [])]);
        }
        executions = sumCounts(executions, counted.executions);
        const { value, grads } = counted.result;
        const loss = value.dataSync()[0];
        value.dispose();
        if (!Number.isFinite(loss)) {
          tf.dispose(grads);
          const at = `epoch ${epoch + errors.epochBase}, step ${step + 1}/${totalSteps}`;
          throw new NonFiniteError(`${errors.prefix}training loss is ${loss} at ${at}; try a smaller lr`);
        }
        const betas = { beta1: TRAIN_BETAS[0], beta2: TRAIN_BETAS[1] };
        ({ params, state: adam } = adamStepRecord(current, keys, grads, adam, { lr: o.lr, ...betas }));
        sum += loss * idx.length;
        step++;
        examples += idx.length;
        o.onStep?.({ epoch, step, examples, params, executions });
        const sps = (Date.now() - start) / 1000 / step;
        o.onProgress?.({ epoch, step, totalSteps, loss, secondsPerStep: sps, etaSeconds: sps * (totalSteps - step) });
        if (step % 8 === 0) await new Promise<void>((r) => setImmediate(r));
      }
      epochLosses.push(sum / n);
      o.onEpoch?.(epoch, sum / n, { epoch, step, examples, params, executions });
    }
    const out = { params, epochLosses, executions, steps: step };
    params = {};
    return out;
  } finally {
    disposeParams(params);
    disposeAdam(adam);
  }
}
