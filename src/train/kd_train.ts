/**
 * Knowledge-distillation training (Hinton et al. 2015; QNN → QNN as in Yan, Qian, Zhao, Zhang):
 * a student trained with Adam (betas 0.9 / 0.999, the `trainFull` settings) on mini-batches in a
 * seeded order (epoch e: a permutation from stream `trainBatchOrder` of the seed, part e), with
 * loss `kdLoss(student, teacher, labels, { lambda, temperature })` against a frozen teacher, or
 * plain cross-entropy (`softmaxCrossEntropyFast`) when there is no teacher or λ = 0. The loop is
 * `trainLoop` (trainer.ts), the one `trainFull` runs, so λ = 0 is exactly `trainFull`'s training.
 * Test accuracy is measured after every epoch.
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
import { ModelSpec, NUM_CLASSES, Params, applyModel, disposeParams, initModel } from '../models';
import { ExecutionCounts, countExecutions, sumCounts, zeroCounts } from '../sim/executions';
import { tidy } from '../util/tidy';
import { accuracy } from './accuracy';
import { KdTeacher, KdTrainOptions, KdTrainSet, checkKdTrainOptions, optionError } from './kd_options';
import { trainLoop } from './trainer';

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
      out.set(
        tidy(() => applyModel(t.spec, t.params, batchOf(s, idx).x, 'fast').dataSync() as Float32Array),
        start * NUM_CLASSES,
      );
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
export async function trainKd(
  student: ModelSpec,
  train: KdTrainSet,
  test: ImageDataset,
  o: KdTrainOptions,
): Promise<KdTrainResult> {
  const { lambda, temperature } = checkKdTrainOptions(student, o);
  if (!('n' in train) && (train.y.rank !== 1 || train.y.dtype !== 'int32' || train.y.shape[0] !== train.x.shape[0])) {
    optionError(
      'train.y',
      `${train.x.shape[0]} int32 labels (one per image of train.x)`,
      `${train.y.dtype} [${train.y.shape}]`,
    );
  }
  const start = Date.now();
  const n = sizeOf(train);
  const limit = Math.min(test.n, o.testLimit ?? test.n);
  let params: Params = o.initParams ? copyParams(o.initParams) : initModel(student, o.seed);
  let snapshot: Params | null = null;
  let soft: Float32Array | null = null;
  let teacherExecutions = zeroCounts();
  const setTeacher = (t: KdTeacher) => {
    const r = logitsOf(t, train);
    soft = r.logits;
    teacherExecutions = sumCounts(teacherExecutions, r.executions);
  };
  const record = (epoch: number, loss: number | null, p: Params, executions: ExecutionCounts): KdEpoch => ({
    epoch, accuracy: accuracy(student, p, test, { limit }), loss, executions, teacherExecutions,
    taught: loss !== null && soft !== null && lambda > 0, seconds: (Date.now() - start) / 1000,
  });
  const teacherLogits = (idx: Int32Array): tf.Tensor2D | null => {
    if (soft === null || lambda === 0) return null;
    const rows = Array.from(idx).flatMap((i) => Array.from(soft!.subarray(i * NUM_CLASSES, (i + 1) * NUM_CLASSES)));
    return tf.tensor2d(rows, [idx.length, NUM_CLASSES]);
  };
  try {
    if (o.teacher && lambda > 0) setTeacher(o.teacher);
    const history = [record(0, null, params, zeroCounts())];
    const sd = o.selfDistill;
    const init = params;
    params = {};
    const r = await trainLoop({
      spec: student, params: init, n, batch: (idx) => batchOf(train, idx), epochs: o.epochs, batchSize: o.batchSize,
      lr: o.lr, seed: o.seed, teacherLogits, kd: { lambda, temperature }, start,
      errors: { prefix: 'trainKd: ', epochBase: 1 }, onProgress: o.onProgress,
      onEpoch: (epoch, loss, s) => {
        history.push(record(epoch + 1, loss, s.params, s.executions));
        const since = sd ? epoch + 1 - sd.fromEpoch : -1;
        const refresh = since === 0 || ((sd?.refreshEvery ?? 0) > 0 && since % sd!.refreshEvery! === 0);
        if (sd && lambda > 0 && since >= 0 && epoch + 1 < o.epochs && refresh) {
          if (snapshot) disposeParams(snapshot);
          snapshot = copyParams(s.params);
          setTeacher({ spec: student, params: snapshot });
        }
      },
    });
    const final = history[history.length - 1].accuracy;
    const seconds = (Date.now() - start) / 1000;
    return { params: r.params, history, accuracy: final, train_examples: n, test_examples: limit, seconds };
  } finally {
    disposeParams(params);
    if (snapshot) disposeParams(snapshot);
  }
}
