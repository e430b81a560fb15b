/**
 * The knowledge-distillation loss of Hinton et al. (2015), as used for QNN → QNN distillation
 * (Yan, Qian, Zhao, Zhang, "Distilling the knowledge with quantum neural networks"):
 *
 *   L = (1 − λ)·CE(student, labels) + λ·T²·KL(softmax(teacher/T) ‖ softmax(student/T)),
 *
 * averaged over the batch. The teacher's logits are constants (the teacher is frozen); the T²
 * factor keeps the soft term's gradient scale independent of T. Built from the
 * second-order-safe softmax family, so it can sit inside an unrolled inner loop.
 */
import * as tf from '@tensorflow/tfjs';
import { logSoftmax, softmax, softmaxCrossEntropy } from '../nn';
import { tidy } from '../util/tidy';

export interface KdOptions {
  /** Weight λ ∈ [0, 1] of the soft (teacher) term. */
  lambda: number;
  /** Temperature T > 0. */
  temperature: number;
}

/** Checks λ and T, naming the field. */
export function checkKdOptions(o: KdOptions): void {
  if (!(Number.isFinite(o.lambda) && o.lambda >= 0 && o.lambda <= 1)) {
    throw new Error(`kdLoss: lambda: expected a number in [0, 1], received ${o.lambda}`);
  }
  if (!(Number.isFinite(o.temperature) && o.temperature > 0)) {
    throw new Error(`kdLoss: temperature: expected a positive number, received ${o.temperature}`);
  }
}

/**
 * KL(softmax(teacher/T) ‖ softmax(student/T)), mean over the batch.
 * @param student `[batch, classes]` logits @param teacher `[batch, classes]` logits (constant)
 */
export function softKl(student: tf.Tensor2D, teacher: tf.Tensor2D, temperature: number): tf.Scalar {
  return tidy(() => {
    const t = tf.div(teacher, temperature) as tf.Tensor2D;
    const p = softmax(t);
    const kl = tf.sum(tf.mul(p, tf.sub(logSoftmax(t), logSoftmax(tf.div(student, temperature) as tf.Tensor2D))), 1);
    return tf.mean(kl) as tf.Scalar;
  });
}

/**
 * The KD loss (module comment). `labels` `[batch]` int32 class indices.
 * @throws Error on mismatched shapes or λ, T out of range.
 */
export function kdLoss(student: tf.Tensor2D, teacher: tf.Tensor2D, labels: tf.Tensor1D, o: KdOptions): tf.Scalar {
  checkKdOptions(o);
  if (student.rank !== 2 || teacher.rank !== 2 || student.shape.join() !== teacher.shape.join()) {
    throw new Error(
      'kdLoss: expected student and teacher logits of the same shape [batch, classes], ' +
        `received [${student.shape}] and [${teacher.shape}]`,
    );
  }
  if (labels.rank !== 1 || labels.shape[0] !== student.shape[0]) {
    throw new Error(`kdLoss: expected ${student.shape[0]} labels, received shape [${labels.shape}]`);
  }
  return tidy(() => {
    const hard = softmaxCrossEntropy(student, labels);
    if (o.lambda === 0) return hard;
    const soft = tf.mul(softKl(student, teacher, o.temperature), o.temperature * o.temperature);
    return tf.add(tf.mul(hard, 1 - o.lambda), tf.mul(soft, o.lambda)) as tf.Scalar;
  });
}
