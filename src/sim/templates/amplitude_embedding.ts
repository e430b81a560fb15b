/**
 * AmplitudeEmbedding (PennyLane semantics): features become the amplitudes of |ψ⟩.
 *
 * features: `[batch, k]` with k ≤ 2^n. If k < 2^n the vector is first padded with
 * `padWith` (required then) up to 2^n; with `normalize` it is then divided by the L2 norm
 * of the padded vector. Gradients flow to the raw (unpadded, unnormalised) features.
 * An all-zero (or non-finite) feature vector cannot be normalised and is an error.
 */
import * as tf from '@tensorflow/tfjs';
import { tidy } from '../../util/tidy';
import { State, checkWireCount } from '../state';
import { NonFiniteError } from '../../util/errors';

export interface AmplitudeEmbeddingOptions {
  /** Divide by the L2 norm (default true). Without it the input must already have norm 1. */
  normalize?: boolean;
  /** Value used to pad up to 2^n features; `null` (default) forbids padding. */
  padWith?: number | null;
  /** Check norms and finiteness (one small device read); default true. */
  check?: boolean;
}

/** The real amplitudes `[batch, 2^n]` that AmplitudeEmbedding prepares. */
export function amplitudeVectors(
  features: tf.Tensor2D,
  nWires: number,
  options: AmplitudeEmbeddingOptions = {},
): tf.Tensor2D {
  checkWireCount(nWires);
  const dim = 2 ** nWires;
  const normalize = options.normalize ?? true;
  const padWith = options.padWith ?? null;
  if (features.rank !== 2) {
    throw new Error(`AmplitudeEmbedding: expected features of shape [batch, k], received [${features.shape}]`);
  }
  const k = features.shape[1];
  if (k > dim) {
    throw new Error(`AmplitudeEmbedding: features must have at most 2^${nWires} = ${dim} entries, received ${k}`);
  }
  if (k < dim && padWith === null) {
    throw new Error(
      `AmplitudeEmbedding: ${k} features for 2^${nWires} = ${dim} amplitudes needs padWith, received none`,
    );
  }
  return tidy(() => {
    const padded = k < dim ? tf.pad(features, [[0, 0], [0, dim - k]], padWith as number) : features;
    const norm2 = tf.sum(tf.square(padded), 1, true);
    if (options.check ?? true) checkNorms(norm2.dataSync(), normalize);
    return (normalize ? tf.div(padded, tf.sqrt(norm2)) : padded) as tf.Tensor2D;
  });
}

function checkNorms(norm2: Float32Array | Int32Array | Uint8Array, normalize: boolean): void {
  for (let b = 0; b < norm2.length; b++) {
    const v = norm2[b];
    if (!Number.isFinite(v)) {
      throw new NonFiniteError(`AmplitudeEmbedding: feature vector ${b} is not finite (squared norm ${v})`);
    }
    if (normalize && !(v > 1e-30)) {
      throw new Error(`AmplitudeEmbedding: feature vector ${b} is all zeros and cannot be normalised`);
    }
    if (!normalize && Math.abs(Math.sqrt(v) - 1) > 1e-4) {
      throw new Error(
        `AmplitudeEmbedding: with normalize=false feature vector ${b} must have norm 1, received ${Math.sqrt(v)}`,
      );
    }
  }
}

/** The embedded states (real amplitudes, zero imaginary part). */
export function amplitudeEmbedding(
  features: tf.Tensor2D,
  nWires: number,
  options: AmplitudeEmbeddingOptions = {},
): State {
  return tidy(() => {
    const re = amplitudeVectors(features, nWires, options);
    return { re, im: tf.zerosLike(re), nWires };
  });
}
