/**
 * The outer gradient of one iteration, decomposed into a fixed number of shards of the real
 * batch (`cfg.shards`), so that its value does not depend on how many threads compute it:
 *
 * 1. `unrollOnce`: the trained weights θ_T (the inner loop on the synthetic set, values only);
 * 2. `shardGradient`, per shard s of the real batch: the loss share ℓ_s = (n_s / B)·CE_s(θ_T) and
 *    its first-order gradient g_s = ∇_θ ℓ_s on the fast path (any thread may compute any shard);
 * 3. `finishGradient`: g = g_0 + g_1 + … in shard order, then the pull-back of g through the
 *    unrolled inner loop: d/d(images, lrs) of Σ_k ⟨θ_T,k(images, lrs), g_k⟩ (one reverse pass).
 *
 * By the chain rule this is the gradient of the batch-mean outer loss (`hypergradient`, the
 * single-tape reference). The inner loop runs once per iteration; step 1 is a value-only replay
 * of the forward part of step 3, so its circuit executions are not counted (the counts are those
 * of the hypergradient: one unroll and every shard).
 *
 * A truncated unroll (`UnrollOptions.steps` = [s, t)) first runs steps [0, s) in step 1 on the
 * fast path (counted: step 3 does not repeat them); steps 1 and 3 then start from that network,
 * held constant, so only the window's steps are differentiated.
 */
import * as tf from '@tensorflow/tfjs';
import { ImageDataset, toTensors } from '../data/dataset';
import { ModelSpec, Params, applyModel, trainableKeys } from '../models';
import { softmaxCrossEntropyFast } from '../nn';
import { uncountedExecutions } from '../sim/executions';
import { tidy } from '../util/tidy';
import { SetLabels } from './labels';
import { UnrollOptions, unrolledTrain } from './unroll';

/** Contiguous, near-equal parts of `idx` (fixed by the batch size and `parts`; empty parts dropped). */
export function shards(idx: Int32Array, parts: number): Int32Array[] {
  if (!Number.isInteger(parts) || parts < 1) throw new Error(`shards: expected a positive integer, received ${parts}`);
  const out: Int32Array[] = [];
  for (let p = 0; p < parts; p++) {
    out.push(idx.subarray(Math.floor((p * idx.length) / parts), Math.floor(((p + 1) * idx.length) / parts)));
  }
  return out.filter((s) => s.length > 0);
}

/** What the shards of one iteration need: the trained weights and the names of the trained ones. */
export interface Unrolled {
  /** θ_T: every parameter (the untrained ones are `params0`'s own tensors). */
  trained: Params;
  /** Trained parameter names, in the order of the shard gradients. */
  keys: string[];
  /** A truncated unroll's network before its window (a constant of step 3), else null. */
  start: Params | null;
}

/**
 * Step 1: θ_T as values (no tape); dispose with `disposeUnrolled`. Executions of the window not
 * counted (step 3 replays it); those of a truncated unroll's prefix are.
 */
export function unrollOnce(spec: ModelSpec, params0: Params, images: tf.Tensor, rawLrs: tf.Tensor1D,
  labels: SetLabels, o: UnrollOptions): Unrolled {
  const keys = trainableKeys(spec, params0);
  const from = o.steps?.[0] ?? 0;
  const start =
    from > 0
      ? tidy(() =>
          unrolledTrain(spec, params0, images, labels, rawLrs, {
            ...o,
            path: 'fast',
            trainable: keys,
            steps: [0, from],
          }),
        )
      : null;
  const trained = uncountedExecutions(() =>
    tidy(() => unrolledTrain(spec, start ?? params0, images, labels, rawLrs, { ...o, path: 'safe', trainable: keys })),
  );
  return { trained, keys, start };
}

export function disposeUnrolled(u: Unrolled): void {
  tf.dispose(u.keys.map((k) => u.trained[k]));
  if (u.start) tf.dispose(u.keys.map((k) => (u.start as Params)[k]));
}

/** One shard's loss share and gradient with respect to the trained parameters (`keys` order). */
export interface ShardGradient {
  loss: number;
  grads: Float32Array[];
}

/** Step 2 for the real examples `idx` of a batch of `batchTotal`. */
export function shardGradient(
  spec: ModelSpec,
  train: ImageDataset,
  u: Pick<Unrolled, 'trained' | 'keys'>,
  idx: ArrayLike<number>,
  batchTotal: number,
): ShardGradient {
  const { x, y } = toTensors(train, idx);
  const w = idx.length / batchTotal;
  try {
    return tidy(() => {
      const f = (...t: tf.Tensor[]) => {
        const p = { ...u.trained };
        u.keys.forEach((k, j) => (p[k] = t[j]));
        return tf.mul(softmaxCrossEntropyFast(applyModel(spec, p, x, 'fast'), y), w) as tf.Scalar;
      };
      const { value, grads } = tf.valueAndGrads(f)(u.keys.map((k) => u.trained[k]));
      return { loss: value.dataSync()[0], grads: grads.map((g) => g.dataSync() as Float32Array) };
    });
  } finally {
    tf.dispose([x, y]);
  }
}

/** The outer loss and its gradient with respect to the images, raw learning rates and soft labels. */
export interface OuterGradient {
  loss: number;
  dImages: tf.Tensor;
  dRawLrs: tf.Tensor1D;
  /** With soft labels only: `[distillSteps, m, 10]`. */
  dLabels?: tf.Tensor3D;
}

/** Step 3: the shard results summed in shard order, pulled back through the inner loop. */
export function finishGradient(spec: ModelSpec, params0: Params, images: tf.Tensor, rawLrs: tf.Tensor1D,
  labels: SetLabels, o: UnrollOptions, u: Unrolled, parts: ShardGradient[]): OuterGradient {
  if (parts.length === 0) throw new Error('finishGradient: expected at least one shard result, received none');
  let loss = 0;
  for (const s of parts) loss += s.loss;
  return tidy(() => {
    const g = u.keys.map((k, j) => {
      let sum = tf.tensor(parts[0].grads[j], u.trained[k].shape);
      for (let s = 1; s < parts.length; s++) sum = tf.add(sum, tf.tensor(parts[s].grads[j], u.trained[k].shape));
      return sum;
    });
    const soft = labels.rank === 3;
    const f = (im: tf.Tensor, lr: tf.Tensor, y?: tf.Tensor) => {
      const th = unrolledTrain(spec, u.start ?? params0, im, (y ?? labels) as SetLabels, lr as tf.Tensor1D, {
        ...o,
        path: 'safe',
        trainable: u.keys,
      });
      return u.keys.reduce((acc, k, j) => tf.add(acc, tf.sum(tf.mul(th[k], g[j]))), tf.scalar(0)) as tf.Scalar;
    };
    const [dImages, dRawLrs, dLabels] = tf.grads(f)(soft ? [images, rawLrs, labels] : [images, rawLrs]);
    return { loss, dImages, dRawLrs: dRawLrs as tf.Tensor1D, ...(soft ? { dLabels: dLabels as tf.Tensor3D } : {}) };
  });
}

/**
 * Computes shards until the shared counter runs past the last one: each thread (this one and
 * every worker) takes the next shard index with an atomic increment, so no thread waits for
 * another to hand out work. Results go to their shard's slot.
 */
export function takeShards(
  counter: Int32Array,
  total: number,
  compute: (s: number) => ShardGradient,
  out: Array<ShardGradient & { shard: number }>,
): void {
  for (let s = Atomics.add(counter, 0, 1); s < total; s = Atomics.add(counter, 0, 1)) {
    out.push({ shard: s, ...compute(s) });
  }
}
