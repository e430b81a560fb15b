/**
 * Knowledge-distillation training (Hinton et al. 2015; QNN → QNN as in Yan, Qian, Zhao, Zhang):
 * a student trained with Adam (betas 0.9 / 0.999, the `trainFull` settings) on mini-batches in a
 * seeded order (epoch e: a permutation from `deriveSeed(seed, 1, e)`), with loss
 * `kdLoss(student, teacher, labels, { lambda, temperature })` against a frozen teacher, or plain
 * cross-entropy (`softmaxCrossEntropyFast`, exactly `trainFull`'s step) when there is no teacher
 * or λ = 0. Test accuracy is measured after every epoch.
 *
 * Teachers:
 * - `teacher: { spec, params }`: any frozen model (a larger QNN, or a same-size trained copy);
 *   its parameters are read, never changed or disposed.
 * - `selfDistill: { fromEpoch: k, refreshEvery: r }`: epochs 1..k are plain cross-entropy; after
 *   epoch k a frozen copy of the student's current parameters becomes its teacher for the
 *   remaining epochs; with r > 0 that copy is replaced by the then-current student after every r
 *   further epochs (r = 0: kept).
 * The teacher's logits are computed once per teacher (on the fast path, outside any gradient
 * tape, in chunks of 1,000) for every training example and sliced per batch: they are constant,
 * so this equals computing them per batch, and a device would also run the teacher once per
 * example. Their circuit executions are counted apart from the student's.
 */
import * as tf from '@tensorflow/tfjs';
import { ImageDataset, toTensors } from '../data/dataset';
import { batchIndices } from '../data/sampling';
import { ModelSpec, NUM_CLASSES, Params, applyModel, disposeParams, initModel, trainableKeys } from '../models';
import { softmaxCrossEntropyFast } from '../nn';
import { ExecutionCounts, countExecutions, sumCounts, zeroCounts } from '../sim/executions';
import { TRAIN_BETAS } from '../train/full';
import { NonFiniteError } from '../util/errors';
import { Rng, deriveSeed } from '../util/rng';
import { tidy } from '../util/tidy';
import { adamInit, adamStepRecord, disposeAdam } from './adam';
import { accuracy } from './evaluate';
import { kdLoss } from './kd_loss';
import { KdTeacher, KdTrainOptions, KdTrainSet, checkKdTrainOptions, optionError } from './kd_options';

export * from './kd_options';

/** The state after an epoch (epoch 0: the initialisation, loss null). Execution counts are cumulative. */
export interface KdEpoch {
  epoch: number;
  /** Test accuracy in percent. */
  accuracy: number;
  /** Mean training loss of the epoch (the loss that was minimised). */
  loss: number | null;
  /** Circuit executions of the student's training steps (forward + gradient). */
  executions: ExecutionCounts;
  /** Circuit executions of the teacher's logits. */
  teacherExecutions: ExecutionCounts;
  /** Whether a teacher term was in this epoch's loss. */
  taught: boolean;
  seconds: number;
}

export interface KdTrainResult {
  /** Trained student parameters (the caller disposes them, e.g. with `disposeParams`). */
  params: Params;
  history: KdEpoch[];
  /** Final test accuracy (%). */
  accuracy: number;
  train_examples: number;
  test_examples: number;
  seconds: number;
}

const sizeOf = (s: KdTrainSet) => ('n' in s ? s.n : s.y.shape[0]);

function batchOf(s: KdTrainSet, idx: ArrayLike<number>): { x: tf.Tensor4D; y: tf.Tensor1D } {
  if ('n' in s) return toTensors(s, idx);
  return tidy(() => {
    const i = tf.tensor1d(Array.from(idx), 'int32');
    return { x: tf.gather(s.x, i) as tf.Tensor4D, y: tf.gather(s.y, i) as tf.Tensor1D };
  });
}

/** Logits `[n·10]` (row-major) of a frozen model on every training example, with their executions. */
function logitsOf(t: KdTeacher, s: KdTrainSet): { logits: Float32Array; executions: ExecutionCounts } {
  const n = sizeOf(s), out = new Float32Array(n * NUM_CLASSES);
  const { executions } = countExecutions(() => {
    for (let start = 0; start < n; start += 1000) {
      const idx = Array.from({ length: Math.min(1000, n - start) }, (_, i) => start + i);
      out.set(tidy(() => applyModel(t.spec, t.params, batchOf(s, idx).x, 'fast').dataSync() as Float32Array), start * NUM_CLASSES);
    }
  });
  return { logits: out, executions };
}

const copyParams = (p: Params): Params => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, tf.clone(v)]));

/**
 * Trains `student` on `train` (module comment), evaluating on `test` after every epoch.
 * @throws Error naming an invalid option; NonFiniteError naming the epoch and step if the loss
 *   becomes NaN or infinite.
 */
export async function trainKd(student: ModelSpec, train: KdTrainSet, test: ImageDataset, o: KdTrainOptions): Promise<KdTrainResult> {
  const { lambda, temperature } = checkKdTrainOptions(student, o);
  if (!('n' in train) && (train.y.rank !== 1 || train.y.dtype !== 'int32' || train.y.shape[0] !== train.x.shape[0])) optionError('train.y', `${train.x.shape[0]} int32 labels (one per image of train.x)`, `${train.y.dtype} [${train.y.shape}]`);
  const start = Date.now();
  const n = sizeOf(train);
  const limit = Math.min(test.n, o.testLimit ?? test.n);
  let params: Params = o.initParams ? copyParams(o.initParams) : initModel(student, o.seed);
  const keys = trainableKeys(student, params);
  let adam = adamInit(keys.map((k) => params[k]));
  let snapshot: Params | null = null;
  let soft: Float32Array | null = null;
  let executions = zeroCounts(), teacherExecutions = zeroCounts();
  const setTeacher = (t: KdTeacher) => {
    const r = logitsOf(t, train);
    soft = r.logits;
    teacherExecutions = sumCounts(teacherExecutions, r.executions);
  };
  const record = (epoch: number, loss: number | null): KdEpoch => ({
    epoch, accuracy: accuracy(student, params, test, { limit }), loss, executions, teacherExecutions, taught: loss !== null && soft !== null && lambda > 0, seconds: (Date.now() - start) / 1000,
  });
  const stepsPerEpoch = Math.ceil(n / o.batchSize), totalSteps = o.epochs * stepsPerEpoch;
  let step = 0;
  try {
    if (o.teacher && lambda > 0) setTeacher(o.teacher);
    const history = [record(0, null)];
    for (let epoch = 0; epoch < o.epochs; epoch++) {
      let sum = 0;
      for (const idx of batchIndices(n, o.batchSize, new Rng(deriveSeed(o.seed, 1, epoch)))) {
        const { x, y } = batchOf(train, idx);
        const t = soft === null || lambda === 0 ? null : tf.tensor2d(Array.from(idx).flatMap((i) => Array.from(soft!.subarray(i * NUM_CLASSES, (i + 1) * NUM_CLASSES))), [idx.length, NUM_CLASSES]);
        const current: Params = params;
        const f = (...w: tf.Tensor[]) => {
          const logits = applyModel(student, { ...current, ...Object.fromEntries(keys.map((k, j) => [k, w[j]])) }, x, 'fast');
          return t === null ? softmaxCrossEntropyFast(logits, y) : kdLoss(logits, t, y, { lambda, temperature });
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
          throw new NonFiniteError(`trainKd: training loss is ${loss} at epoch ${epoch + 1}, step ${step + 1}/${totalSteps}; try a smaller lr`);
        }
        ({ params, state: adam } = adamStepRecord(current, keys, grads, adam, { lr: o.lr, beta1: TRAIN_BETAS[0], beta2: TRAIN_BETAS[1] }));
        sum += loss * idx.length;
        step++;
        const sps = (Date.now() - start) / 1000 / step;
        o.onProgress?.({ epoch, step, totalSteps, loss, secondsPerStep: sps, etaSeconds: sps * (totalSteps - step) });
        if (step % 8 === 0) await new Promise<void>((r) => setImmediate(r));
      }
      history.push(record(epoch + 1, sum / n));
      const sd = o.selfDistill;
      const since = sd ? epoch + 1 - sd.fromEpoch : -1;
      if (sd && lambda > 0 && since >= 0 && epoch + 1 < o.epochs && (since === 0 || ((sd.refreshEvery ?? 0) > 0 && since % sd.refreshEvery! === 0))) {
        if (snapshot) disposeParams(snapshot);
        snapshot = copyParams(params);
        setTeacher({ spec: student, params: snapshot });
      }
    }
    const final = history[history.length - 1].accuracy;
    const out = { params, history, accuracy: final, train_examples: n, test_examples: limit, seconds: (Date.now() - start) / 1000 };
    params = {};
    return out;
  } finally {
    disposeParams(params);
    disposeAdam(adam);
    if (snapshot) disposeParams(snapshot);
  }
}
