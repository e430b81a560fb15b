/**
 * Benchmark of the layers on the active backend (call `initBackend()` first).
 *
 * Each timed operation is a forward and backward pass with every gradient read back
 * (`dataSync`) inside the timing, on a seeded random batch:
 * - `conv1_*`: LeNet's first convolution, x `[B, 28, 28, 1]`, 6 filters 5×5, pad 2, gradients
 *   in x and w of ⟨y, c⟩ (c a fixed random cotangent); `conv2_*`: the second, x `[B, 14, 14, 6]`,
 *   16 filters 5×5, pad 0;
 * - `maxpool_*`, `avgpool_*`: x `[B, 28, 28, 6]`, gradient in x;
 * - `lenet_*`: the classical LeNet trunk (conv6@5×5 pad 2 → relu → maxpool → conv16@5×5 →
 *   relu → maxpool → flatten 400 → 120 → relu → 84 → relu → 10, cross-entropy with int
 *   labels), gradients in all ten parameter tensors;
 * `_safe` = the second-order layers, `_fast` = the `…Fast` layers, `_builtin` = TF.js's own
 * ops (only on backends that have `Conv2DBackpropFilter`, i.e. not wasm);
 * - `lenet_unrolled`: the distillation unit of work: one SGD step of LeNet on a synthetic
 *   batch `[synBatch, 28, 28, 1]` (safe layers), the loss of the stepped weights on the real
 *   batch (fast layers), and its gradient with respect to the synthetic images (second order
 *   through the inner step).
 * After `warmup` untimed rounds, `repeats` rounds each run every operation once, in turn.
 */
import * as tf from '@tensorflow/tfjs';
import { TimingStats, summarize } from '../bench/stats';
import { Rng } from '../util/rng';
import { tidy } from '../util/tidy';
import { conv2d, conv2dFast } from './conv2d';
import { dense, flatten } from './dense';
import { xavierNormal } from './init';
import { avgPool2x2, maxPool2x2, maxPool2x2Fast } from './pool';
import { relu } from './activations';
import { softmaxCrossEntropy, softmaxCrossEntropyFast } from './softmax';

/** The layer functions a LeNet forward pass uses. */
export interface Layers {
  conv: (x: tf.Tensor4D, w: tf.Tensor4D, pad: number) => tf.Tensor4D;
  pool: (x: tf.Tensor4D) => tf.Tensor4D;
  loss: (logits: tf.Tensor2D, labels: tf.Tensor1D) => tf.Scalar;
}

export const SAFE_LAYERS: Layers = { conv: conv2d, pool: maxPool2x2, loss: softmaxCrossEntropy };
export const FAST_LAYERS: Layers = { conv: conv2dFast, pool: maxPool2x2Fast, loss: softmaxCrossEntropyFast };
/** TF.js's own ops (their conv2d weight gradient does not run on wasm). */
export const BUILTIN_LAYERS: Layers = {
  conv: (x, w, pad) => tf.conv2d(x, w, 1, pad === 0 ? 'valid' : [[0, 0], [pad, pad], [pad, pad], [0, 0]]),
  pool: (x) => tf.maxPool(x, 2, 2, 'valid'),
  loss: (z, y) => tf.losses.softmaxCrossEntropy(tf.cast(tf.oneHot(y, z.shape[1]), 'float32'), z) as tf.Scalar,
};

/** Classical LeNet parameter shapes for 28×28×1 inputs and 10 classes (conv weights [kh, kw, Cin, Cout]). */
export const LENET_SHAPES: number[][] = [[5, 5, 1, 6], [6], [5, 5, 6, 16], [16], [400, 120], [120], [120, 84], [84], [84, 10], [10]];

/** Xavier-normal weights (PyTorch fans), zero biases. */
export function lenetParams(rng: Rng): tf.Tensor[] {
  return LENET_SHAPES.map((s) => {
    if (s.length === 1) return tf.zeros(s);
    const field = s.length === 4 ? s[0] * s[1] : 1;
    return xavierNormal(s, s[s.length - 2] * field, s[s.length - 1] * field, rng);
  });
}

/** LeNet loss for x `[N, 28, 28, 1]` and int32 labels `[N]` with the given layers. */
export function lenetLoss(layers: Layers, p: tf.Tensor[], x: tf.Tensor4D, labels: tf.Tensor1D): tf.Scalar {
  return tidy(() => {
    const c1 = layers.pool(relu(tf.add(layers.conv(x, p[0] as tf.Tensor4D, 2), p[1])));
    const c2 = layers.pool(relu(tf.add(layers.conv(c1, p[2] as tf.Tensor4D, 0), p[3])));
    const h1 = relu(dense(flatten(c2), p[4] as tf.Tensor2D, p[5] as tf.Tensor1D));
    const h2 = relu(dense(h1, p[6] as tf.Tensor2D, p[7] as tf.Tensor1D));
    return layers.loss(dense(h2, p[8] as tf.Tensor2D, p[9] as tf.Tensor1D), labels);
  });
}

/**
 * Loss on (x, labels), fast layers, of the weights after one SGD step (rate `lr`) on the
 * synthetic batch (xs, ys) with the safe layers: differentiable in xs through the step.
 */
export function unrolledLoss(params: tf.Tensor[], xs: tf.Tensor4D, ys: tf.Tensor1D, x: tf.Tensor4D, labels: tf.Tensor1D, lr: number): tf.Scalar {
  return tidy(() => {
    const g = tf.grads((...p: tf.Tensor[]) => lenetLoss(SAFE_LAYERS, p, xs, ys))(params);
    return lenetLoss(FAST_LAYERS, params.map((p, i) => tf.sub(p, tf.mul(g[i], lr))), x, labels);
  });
}

/** Times `ops` interleaved: `warmup` untimed rounds, then `repeats` timed rounds (ms). */
export function timeInterleaved(ops: Record<string, () => void>, repeats: number, warmup: number): Record<string, TimingStats> {
  const names = Object.keys(ops);
  for (let r = 0; r < warmup; r++) for (const m of names) ops[m]();
  const samples: Record<string, number[]> = Object.fromEntries(names.map((m) => [m, [] as number[]]));
  for (let r = 0; r < repeats; r++) {
    for (const m of names) {
      const t0 = performance.now();
      ops[m]();
      samples[m].push(performance.now() - t0);
    }
  }
  return Object.fromEntries(names.map((m) => [m, summarize(samples[m])]));
}

export interface NnBenchOptions {
  batch?: number;
  /** Synthetic batch of `lenet_unrolled` (default 100). */
  synBatch?: number;
  repeats?: number;
  warmup?: number;
  seed?: number;
  /** Extra operations timed in the same rounds (e.g. alternative formulations). */
  extra?: (inputs: NnBenchInputs) => Record<string, () => void>;
}

/** The seeded inputs of `benchNn`. */
export interface NnBenchInputs {
  x1: tf.Tensor4D; w1: tf.Tensor4D; c1: tf.Tensor4D;
  x2: tf.Tensor4D; w2: tf.Tensor4D; c2: tf.Tensor4D;
  p1: tf.Tensor4D; cp: tf.Tensor4D;
  x: tf.Tensor4D; labels: tf.Tensor1D; params: tf.Tensor[];
  xs: tf.Tensor4D; ys: tf.Tensor1D;
}

export interface NnBenchResult {
  backend: string;
  batch: number;
  repeats: number;
  /** Median milliseconds per operation. */
  median_ms: Record<string, number>;
  stats: Record<string, TimingStats>;
}

export const NN_BENCH_DEFAULTS = { batch: 1024, synBatch: 100, repeats: 5, warmup: 1, seed: 1 } as const;

/** Reads every tensor back (so the timing includes the computation). */
const readAll = (ts: tf.Tensor[]) => ts.forEach((t) => t.dataSync());

/**
 * Benchmarks the layers (see module comment) and frees every tensor it creates.
 * @throws Error on invalid options.
 */
export function benchNn(options: NnBenchOptions = {}): NnBenchResult {
  const o = { ...NN_BENCH_DEFAULTS, ...options };
  for (const [k, v, min] of [['batch', o.batch, 1], ['synBatch', o.synBatch, 1], ['repeats', o.repeats, 1], ['warmup', o.warmup, 0]] as const) {
    if (!Number.isInteger(v) || v < min) throw new Error(`benchNn: expected ${k} to be an integer ≥ ${min}, received ${v}`);
  }
  const rng = new Rng(o.seed);
  const b = o.batch;
  const rnd = (s: number[]): tf.Tensor4D => tf.tensor4d(rng.normals(s.reduce((p, q) => p * q, 1)), s as [number, number, number, number]);
  const inputs: NnBenchInputs = tidy(() => ({
    x1: rnd([b, 28, 28, 1]), w1: rnd([5, 5, 1, 6]), c1: rnd([b, 28, 28, 6]),
    x2: rnd([b, 14, 14, 6]), w2: rnd([5, 5, 6, 16]), c2: rnd([b, 10, 10, 16]),
    p1: rnd([b, 28, 28, 6]), cp: rnd([b, 14, 14, 6]),
    x: rnd([b, 28, 28, 1]), labels: tf.tensor1d(Int32Array.from({ length: b }, () => rng.int(10)), 'int32'),
    params: lenetParams(rng),
    xs: rnd([o.synBatch, 28, 28, 1]), ys: tf.tensor1d(Int32Array.from({ length: o.synBatch }, (_, i) => i % 10), 'int32'),
  }));
  try {
    const ops: Record<string, () => void> = {};
    const hasBuiltinConvGrad = tf.getKernel('Conv2DBackpropFilter', tf.getBackend()) !== undefined;
    const convs = { safe: SAFE_LAYERS.conv, fast: FAST_LAYERS.conv, ...(hasBuiltinConvGrad ? { builtin: BUILTIN_LAYERS.conv } : {}) };
    for (const [name, conv] of Object.entries(convs)) {
      for (const [i, x, w, c, pad] of [[1, inputs.x1, inputs.w1, inputs.c1, 2], [2, inputs.x2, inputs.w2, inputs.c2, 0]] as const) {
        const g = tf.grads((a: tf.Tensor, v: tf.Tensor) => tf.sum(tf.mul(conv(a as tf.Tensor4D, v as tf.Tensor4D, pad), c)));
        ops[`conv${i}_${name}`] = () => tidy(() => readAll(g([x, w])));
      }
    }
    const pools: Record<string, (x: tf.Tensor4D) => tf.Tensor4D> = {
      maxpool_safe: maxPool2x2, maxpool_builtin: BUILTIN_LAYERS.pool,
      avgpool_safe: avgPool2x2, avgpool_builtin: (x) => tf.avgPool(x, 2, 2, 'valid'),
    };
    for (const [name, pool] of Object.entries(pools)) {
      const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(pool(a as tf.Tensor4D), inputs.cp)));
      ops[name] = () => tidy(() => void g(inputs.p1).dataSync());
    }
    const lenets: Record<string, Layers> = { safe: SAFE_LAYERS, fast: FAST_LAYERS, ...(hasBuiltinConvGrad ? { builtin: BUILTIN_LAYERS } : {}) };
    for (const [name, layers] of Object.entries(lenets)) {
      const g = tf.grads((...p: tf.Tensor[]) => lenetLoss(layers, p, inputs.x, inputs.labels));
      ops[`lenet_${name}`] = () => tidy(() => readAll(g(inputs.params)));
    }
    const unrolled = tf.grad((xs: tf.Tensor) => unrolledLoss(inputs.params, xs as tf.Tensor4D, inputs.ys, inputs.x, inputs.labels, 0.01));
    ops.lenet_unrolled = () => tidy(() => void unrolled(inputs.xs).dataSync());
    Object.assign(ops, o.extra?.(inputs) ?? {});
    const stats = timeInterleaved(ops, o.repeats, o.warmup);
    const median_ms = Object.fromEntries(Object.entries(stats).map(([k, s]) => [k, Math.round(s.median * 10) / 10]));
    return { backend: tf.getBackend(), batch: b, repeats: o.repeats, median_ms, stats };
  } finally {
    tf.dispose(inputs as unknown as tf.TensorContainer);
  }
}
