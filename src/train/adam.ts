/**
 * Adam (Kingma & Ba) for a list of tensors, with explicit state so that a checkpoint can save
 * and restore it exactly: first and second moment estimates and the step count.
 */
import * as tf from '@tensorflow/tfjs';
import { tidy } from '../util/tidy';

export interface AdamState {
  m: tf.Tensor[];
  v: tf.Tensor[];
  /** Steps taken so far. */
  t: number;
}

export interface AdamOptions {
  lr: number;
  beta1: number;
  beta2: number;
  eps?: number;
  /**
   * Update clipping (Adafactor, Shazeer & Stern 2018): if the root mean square of a tensor's
   * update m̂ / (√v̂ + ε) exceeds d, the update is scaled down to RMS d. Bounds the step taken
   * when one gradient is far larger than the recent ones (v̂ lags behind it by ~1/(1 − β2)
   * steps, so the plain step would be up to ~(1 − β1)/√(1 − β2) times lr per component).
   * Absent or 0: off.
   */
  updateClip?: number;
}

export function adamInit(params: tf.Tensor[]): AdamState {
  return { m: params.map((p) => tf.zerosLike(p)), v: params.map((p) => tf.zerosLike(p)), t: 0 };
}

/**
 * One Adam step: returns new parameters and a new state (the caller disposes the old ones).
 * θ ← θ − lr · u, u = m̂ / (√v̂ + ε), m̂ = m / (1 − β1^t), v̂ = v / (1 − β2^t); with
 * `updateClip` d, u ← u / max(1, RMS(u) / d) per tensor.
 */
export function adamStep(
  params: tf.Tensor[],
  grads: tf.Tensor[],
  state: AdamState,
  o: AdamOptions,
): { params: tf.Tensor[]; state: AdamState } {
  const eps = o.eps ?? 1e-8;
  const t = state.t + 1;
  return tidy(() => {
    const m = state.m.map((mi, i) => tf.add(tf.mul(mi, o.beta1), tf.mul(grads[i], 1 - o.beta1)));
    const v = state.v.map((vi, i) => tf.add(tf.mul(vi, o.beta2), tf.mul(tf.square(grads[i]), 1 - o.beta2)));
    const c1 = 1 - o.beta1 ** t, c2 = 1 - o.beta2 ** t;
    const next = params.map((p, i) => {
      // unclipped: the expression of earlier versions, so that runs stay bitwise reproducible
      if (!o.updateClip) return tf.sub(p, tf.mul(o.lr / c1, tf.div(m[i], tf.add(tf.sqrt(tf.div(v[i], c2)), eps))));
      const u = tf.div(tf.div(m[i], c1), tf.add(tf.sqrt(tf.div(v[i], c2)), eps));
      return tf.sub(p, tf.mul(tf.div(o.lr, tf.maximum(1, tf.div(tf.sqrt(tf.mean(tf.square(u))), o.updateClip))), u));
    });
    return { params: next, state: { m, v, t } };
  });
}

export function disposeAdam(s: AdamState): void {
  tf.dispose([...s.m, ...s.v]);
}

/**
 * One Adam step on the named entries `keys` of a parameter record (e.g. a model's trainable
 * ones): returns the new record (other entries shared) and state. Disposes the replaced
 * parameters, the gradients and the old state.
 */
export function adamStepRecord(
  params: Record<string, tf.Tensor>,
  keys: readonly string[],
  grads: tf.Tensor[],
  state: AdamState,
  o: AdamOptions,
): { params: Record<string, tf.Tensor>; state: AdamState } {
  const next = adamStep(
    keys.map((k) => params[k]),
    grads,
    state,
    o,
  );
  tf.dispose(grads);
  disposeAdam(state);
  const out = { ...params, ...Object.fromEntries(keys.map((k, j) => [k, next.params[j]])) };
  tf.dispose(keys.map((k) => params[k]));
  return { params: out, state: next.state };
}
