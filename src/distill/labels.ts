/**
 * The labels the inner loop trains on: fixed hard labels, or learned soft labels.
 *
 * - hard (the paper): `[m]` int32 class indices, class-major (`imagesPerClass` images of class 0,
 *   then class 1, …), the same for every group;
 * - soft (`learnLabels`): `[distillSteps, m, 10]` float32, one label vector per synthetic image,
 *   initialised one-hot to the hard label (so the first outer iteration equals the hard-label one
 *   up to rounding) and learned with the images.
 */
import * as tf from '@tensorflow/tfjs';
import { NUM_CLASSES } from '../models/spec';

/** Hard `[m]` int32 or soft `[distillSteps, m, 10]` float32 labels (see the file comment). */
export type SetLabels = tf.Tensor1D | tf.Tensor3D;

/** Class of image i of a group: class-major. */
const classOf = (i: number, imagesPerClass: number) => Math.floor(i / imagesPerClass);

/** Labels of one group, `[imagesPerClass·10]` int32, class-major. */
export function syntheticLabels(imagesPerClass: number): tf.Tensor1D {
  return tf.tensor1d(
    Array.from({ length: imagesPerClass * NUM_CLASSES }, (_, i) => classOf(i, imagesPerClass)),
    'int32',
  );
}

/** Initial soft labels `[distillSteps, imagesPerClass·10, 10]`: one-hot of the hard labels. */
export function initSoftLabels(imagesPerClass: number, distillSteps: number): tf.Tensor3D {
  const m = imagesPerClass * NUM_CLASSES;
  const v = new Float32Array(distillSteps * m * NUM_CLASSES);
  for (let s = 0; s < distillSteps; s++) {
    for (let i = 0; i < m; i++) v[(s * m + i) * NUM_CLASSES + classOf(i, imagesPerClass)] = 1;
  }
  return tf.tensor3d(v, [distillSteps, m, NUM_CLASSES]);
}

/** Shape of the soft labels of a config. */
export const softLabelShape = (imagesPerClass: number, distillSteps: number) => [
  distillSteps,
  imagesPerClass * NUM_CLASSES,
  NUM_CLASSES,
];

/**
 * The label tensor of a set: its soft labels when it has them (values `[distillSteps, m, 10]`),
 * else the hard labels. New tensor; the caller disposes it.
 */
export function setLabels(
  cfg: { imagesPerClass: number; distillSteps: number },
  soft?: Float32Array | null,
): SetLabels {
  if (!soft) return syntheticLabels(cfg.imagesPerClass);
  const shape = softLabelShape(cfg.imagesPerClass, cfg.distillSteps);
  const n = shape[0] * shape[1] * shape[2];
  if (soft.length !== n) {
    throw new Error(`setLabels: expected ${n} soft-label values [${shape}], received ${soft.length}`);
  }
  return tf.tensor3d(soft, shape as [number, number, number]);
}

/**
 * The labels of inner step group `group` as the cross-entropy takes them: `[m]` int32 (hard)
 * or `[m, 10]` float32 (soft). `groups` are the soft labels unstacked once per unroll.
 */
export function groupLabels(labels: SetLabels, groups: tf.Tensor2D[] | null, group: number): tf.Tensor1D | tf.Tensor2D {
  return groups === null ? (labels as tf.Tensor1D) : groups[group];
}

/**
 * Top-k classes of each soft label vector with their weights, e.g. for image captions:
 * `[[{ cls: 3, weight: 0.81 }, { cls: 5, weight: 0.22 }], …]` per image of `[distillSteps, m, 10]`.
 */
export function topClasses(soft: Float32Array, k = 2): Array<Array<{ cls: number; weight: number }>> {
  if (soft.length % NUM_CLASSES !== 0) {
    throw new Error(`topClasses: expected a multiple of ${NUM_CLASSES} values, received ${soft.length}`);
  }
  const out: Array<Array<{ cls: number; weight: number }>> = [];
  for (let i = 0; i < soft.length; i += NUM_CLASSES) {
    const row = Array.from(soft.subarray(i, i + NUM_CLASSES), (weight, cls) => ({ cls, weight }));
    out.push(row.sort((a, b) => b.weight - a.weight || a.cls - b.cls).slice(0, k));
  }
  return out;
}
