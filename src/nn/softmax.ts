/**
 * Softmax, log-softmax and softmax cross-entropy over the last axis of `[N, C]` logits,
 * correct to second order (and beyond).
 *
 * TF.js's `tf.softmax`, `tf.logSoftmax` and `tf.losses.softmaxCrossEntropy` compute their
 * gradients from their saved OUTPUTS, which an outer differentiation treats as constants:
 * their second derivatives are silently wrong. Here log-softmax is a log-sum-exp,
 * `z − m − log Σ safeExp(z − m)`, with every gradient computed from inputs; the shift
 * `m = max_c z` (for overflow safety) is `detached`: it cancels mathematically, so a zero
 * gradient for it is exact (and `tf.max` itself has no second-order gradient).
 * `softmaxCrossEntropyFast` is a first-order-only equivalent (not TF.js's loss, whose
 * labels gradient is wrong; see there).
 */
import * as tf from '@tensorflow/tfjs';
import { safeExp } from './activations';
import { detached } from './kernel';
import { tidy } from '../util/tidy';

function checkLogits(name: string, logits: tf.Tensor): void {
  if (logits.rank !== 2) throw new Error(`${name}: expected logits of rank 2 [N, C], received shape [${logits.shape}]`);
}

/** z − max_c z (row-wise), the max treated as a constant. `[N, C]` → `[N, C]`. */
function shifted(z: tf.Tensor2D): tf.Tensor2D {
  return tf.sub(z, detached((v: tf.Tensor2D) => tf.max(v, 1, true), z));
}

/** log softmax(z) row-wise: `[N, C]` → `[N, C]`, second-order correct. */
export function logSoftmax(logits: tf.Tensor2D): tf.Tensor2D {
  checkLogits('logSoftmax', logits);
  return tidy(() => {
    const s = shifted(logits);
    return tf.sub(s, tf.log(tf.sum(safeExp(s), 1, true)));
  });
}

/** softmax(z) row-wise: `[N, C]` → `[N, C]` (rows sum to 1), second-order correct. */
export function softmax(logits: tf.Tensor2D): tf.Tensor2D {
  checkLogits('softmax', logits);
  return tidy(() => {
    const e = safeExp(shifted(logits));
    return tf.div(e, tf.sum(e, 1, true));
  });
}

/** Labels as `[N, C]` float32 rows: int32 class indices `[N]` one-hot encoded, or `[N, C]` as given. */
function labelRows(name: string, logits: tf.Tensor2D, labels: tf.Tensor1D | tf.Tensor2D): tf.Tensor2D {
  const [n, c] = logits.shape;
  if (labels.rank === 1) {
    if (labels.dtype !== 'int32') {
      throw new Error(`${name}: expected class labels [N] of dtype int32, received dtype ${labels.dtype}`);
    }
    if (labels.shape[0] !== n) {
      throw new Error(`${name}: expected ${n} labels for logits [${logits.shape}], received labels [${labels.shape}]`);
    }
    return tf.cast(tf.oneHot(labels, c), 'float32') as tf.Tensor2D;
  }
  if (labels.rank !== 2 || labels.shape[0] !== n || labels.shape[1] !== c) {
    throw new Error(
      `${name}: expected labels [${n}] (int32) or [${n}, ${c}] (one-hot or soft) ` +
        `for logits [${logits.shape}], received labels [${labels.shape}]`,
    );
  }
  if (labels.dtype !== 'float32') {
    throw new Error(`${name}: expected [N, C] labels of dtype float32, received dtype ${labels.dtype}`);
  }
  return labels as tf.Tensor2D;
}

/**
 * Mean over the batch of −Σ_c labels[n,c] · log softmax(logits)[n,c].
 * @param logits `[N, C]`
 * @param labels int32 class indices `[N]`, or `[N, C]` one-hot or soft labels (differentiable)
 * @returns scalar; second-order correct in logits and labels
 */
export function softmaxCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D | tf.Tensor2D): tf.Scalar {
  checkLogits('softmaxCrossEntropy', logits);
  return tidy(() => {
    const y = labelRows('softmaxCrossEntropy', logits, labels);
    return tf.neg(tf.mean(tf.sum(tf.mul(y, logSoftmax(logits)), 1))) as tf.Scalar;
  });
}

/**
 * `−mean_n Σ_c y·log softmax(z)` with a hand-written first-order gradient:
 * d/dz = (softmax(z)·Σ_c y − y)/N and d/dy = −log softmax(z)/N. Its second derivatives are
 * wrong (the gradient uses the saved log-softmax as a constant).
 */
const fastCe = tf.customGrad(((z: tf.Tensor2D, y: tf.Tensor2D, save: tf.GradSaveFunc) => {
  const lp = tf.logSoftmax(z);
  save([y, lp]);
  const n = z.shape[0];
  return {
    value: tf.neg(tf.div(tf.sum(tf.mul(y, lp)), n)),
    gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
      const [sy, slp] = saved;
      const k = tf.div(dy, n);
      return [tf.mul(k, tf.sub(tf.mul(tf.exp(slp), tf.sum(sy, 1, true)), sy)), tf.mul(tf.neg(k), slp)];
    },
  };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (z: tf.Tensor2D, y: tf.Tensor2D) => tf.Scalar;

/**
 * Same value and first-order gradients as `softmaxCrossEntropy` (in logits AND labels),
 * second derivatives WRONG: for paths where nothing differentiates through the gradient.
 * Not TF.js's `tf.losses.softmaxCrossEntropy`: its logits gradient is right only for labels
 * summing to 1 (softmax − y), and its labels gradient is wrong (y − softmax instead of
 * −log softmax); both matter when labels are learned (soft-label distillation).
 */
export function softmaxCrossEntropyFast(logits: tf.Tensor2D, labels: tf.Tensor1D | tf.Tensor2D): tf.Scalar {
  checkLogits('softmaxCrossEntropyFast', logits);
  return tidy(() => fastCe(logits, labelRows('softmaxCrossEntropyFast', logits, labels)));
}
