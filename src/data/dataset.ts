/**
 * The in-memory image dataset type and its conversion to tensors.
 *
 * Images stay uint8 in memory (MNIST train is 47 MB, CIFAR-10 train 154 MB); only the
 * batches that are actually used are converted to normalised float32 tensors.
 */
import * as tf from '@tensorflow/tfjs';

/** Names of the supported datasets. */
export type DatasetName = 'mnist' | 'cifar10';
/** Dataset split. */
export type Split = 'train' | 'test';

/** MNIST normalisation (pixel/255 space), as in the paper's code. */
export const MNIST_MEAN: readonly number[] = [0.1307];
/** MNIST normalisation standard deviation (pixel/255 space). */
export const MNIST_STD: readonly number[] = [0.3081];
/** CIFAR-10 per-channel (R, G, B) mean, pixel/255 space. */
export const CIFAR10_MEAN: readonly number[] = [0.4914, 0.4822, 0.4465];
/** CIFAR-10 per-channel (R, G, B) standard deviation, pixel/255 space. */
export const CIFAR10_STD: readonly number[] = [0.247, 0.243, 0.261];

/**
 * A labelled image dataset held as uint8.
 *
 * `images` has length n·height·width·channels in NHWC order: pixel (i, y, x, c) is at
 * `((i·height + y)·width + x)·channels + c`. `labels[i]` ∈ [0, numClasses).
 * `mean` / `std` have one entry per channel and are in pixel/255 space; the model input is
 * `(pixel/255 − mean[c]) / std[c]` (see `toTensors`).
 */
export interface ImageDataset {
  name: DatasetName;
  split: Split;
  /** n×height×width×channels, NHWC, uint8. */
  images: Uint8Array;
  /** n labels, uint8 in [0, numClasses). */
  labels: Uint8Array;
  n: number;
  height: number;
  width: number;
  channels: number;
  numClasses: 10;
  /** Per-channel mean, pixel/255 space. */
  mean: number[];
  /** Per-channel standard deviation, pixel/255 space. */
  std: number[];
}

/**
 * Checks the internal consistency of a dataset (array lengths, label range, per-channel
 * constants); throws an Error saying what was expected and what was received.
 */
export function validateDataset(ds: ImageDataset): void {
  const where = `${ds.name}/${ds.split}`;
  const pix = ds.height * ds.width * ds.channels;
  if (ds.images.length !== ds.n * pix) {
    throw new Error(
      `${where}: expected ${ds.n}×${ds.height}×${ds.width}×${ds.channels} ` +
        `= ${ds.n * pix} image bytes, received ${ds.images.length}`,
    );
  }
  if (ds.labels.length !== ds.n) {
    throw new Error(`${where}: expected ${ds.n} labels, received ${ds.labels.length}`);
  }
  if (ds.mean.length !== ds.channels || ds.std.length !== ds.channels) {
    throw new Error(`${where}: expected ${ds.channels} mean/std values, received ${ds.mean.length}/${ds.std.length}`);
  }
  for (let i = 0; i < ds.n; i++) {
    if (ds.labels[i] >= ds.numClasses) {
      throw new Error(`${where}: expected labels in [0, ${ds.numClasses}), received ${ds.labels[i]} at index ${i}`);
    }
  }
}

function checkIndices(ds: ImageDataset, indices: ArrayLike<number>): void {
  for (let j = 0; j < indices.length; j++) {
    const i = indices[j];
    if (!Number.isInteger(i) || i < 0 || i >= ds.n) {
      throw new Error(
        `${ds.name}/${ds.split}: expected indices to be integers in [0, ${ds.n}), received ${i} at position ${j}`,
      );
    }
  }
}

/**
 * Converts the examples `indices` (in that order, repeats allowed) to tensors.
 *
 * @returns `x`: [k, height, width, channels] float32 with value (pixel/255 − mean[c]) / std[c];
 *          `y`: [k] int32 labels. The caller owns (and must dispose) both tensors.
 */
export function toTensors(ds: ImageDataset, indices: ArrayLike<number>): { x: tf.Tensor4D; y: tf.Tensor1D } {
  checkIndices(ds, indices);
  const C = ds.channels;
  const pix = ds.height * ds.width * C;
  // Lookup table: lut[c·256 + v] = normalised value of byte v in channel c.
  const lut = new Float32Array(256 * C);
  for (let c = 0; c < C; c++) {
    for (let v = 0; v < 256; v++) lut[c * 256 + v] = (v / 255 - ds.mean[c]) / ds.std[c];
  }
  const k = indices.length;
  const xs = new Float32Array(k * pix);
  const ys = new Int32Array(k);
  for (let j = 0; j < k; j++) {
    const src = indices[j] * pix;
    const dst = j * pix;
    for (let p = 0; p < pix; p++) xs[dst + p] = lut[(p % C) * 256 + ds.images[src + p]];
    ys[j] = ds.labels[indices[j]];
  }
  return tf.tidy(() => ({
    x: tf.tensor4d(xs, [k, ds.height, ds.width, C], 'float32'),
    y: tf.tensor1d(ys, 'int32'),
  }));
}

/**
 * A new dataset holding copies of the examples `indices` (in that order). Same name,
 * split, shape and normalisation constants as `ds`.
 */
export function subsetDataset(ds: ImageDataset, indices: ArrayLike<number>): ImageDataset {
  checkIndices(ds, indices);
  const pix = ds.height * ds.width * ds.channels;
  const k = indices.length;
  const images = new Uint8Array(k * pix);
  const labels = new Uint8Array(k);
  for (let j = 0; j < k; j++) {
    const i = indices[j];
    images.set(ds.images.subarray(i * pix, (i + 1) * pix), j * pix);
    labels[j] = ds.labels[i];
  }
  return { ...ds, images, labels, n: k, mean: [...ds.mean], std: [...ds.std] };
}

/**
 * Number of examples per class: result[c] = #{i : labels[i] = c}, length `numClasses`.
 * Throws if a label is outside [0, numClasses).
 */
export function countPerClass(labels: ArrayLike<number>, numClasses = 10): number[] {
  const counts = new Array<number>(numClasses).fill(0);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (!Number.isInteger(l) || l < 0 || l >= numClasses) {
      throw new Error(`countPerClass: expected labels in [0, ${numClasses}), received ${l} at index ${i}`);
    }
    counts[l]++;
  }
  return counts;
}
