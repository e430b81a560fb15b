/**
 * Benchmark of the layers and of the classical LeNet on the active backend (call
 * `initBackend()` first).
 *
 * Each timed operation is a forward and backward pass with every gradient read back
 * (`dataSync`) inside the timing, on a seeded random batch of B images:
 * - `conv1_*`: LeNet's first convolution, x `[B, 28, 28, 1]`, 6 filters 5×5, pad 2, gradients
 *   in x and w of ⟨y, c⟩ (c a fixed random cotangent); `conv2_*`: the second, x `[B, 14, 14, 6]`,
 *   16 filters 5×5, pad 0;
 * - `maxpool_*`, `avgpool_*`: x `[B, 28, 28, 6]`, gradient in x of ⟨y, c⟩;
 * - `lenet_safe`, `lenet_fast`: the classical LeNet of `src/models` (`applyModel` with path
 *   'safe' / 'fast', cross-entropy of the same path, int labels) on x `[B, 28, 28, 1]`,
 *   gradients in all its parameters.
 * `_safe` = the second-order layers, `_fast` = the `…Fast` layers, `_builtin` = TF.js's own
 * ops (convolutions only on backends that have `Conv2DBackpropFilter`, i.e. not wasm).
 * The distillation step itself is timed by `benchDistill` (`qdistill bench distill`).
 * Rounds are interleaved (`timeInterleaved`): `warmup` untimed, then `repeats` timed.
 */
import * as tf from '@tensorflow/tfjs';
import { Params, applyModel, disposeParams, initModel, parseModelSpec, trainableKeys } from '../models';
import { avgPool2x2, conv2d, conv2dFast, maxPool2x2, softmaxCrossEntropy, softmaxCrossEntropyFast } from '../nn';
import { stream } from '../util/streams';
import { tidy } from '../util/tidy';
import { TimingProgress, TimingStats, checkIntOption, timeInterleaved } from './stats';

export interface NnBenchOptions {
  batch?: number;
  repeats?: number;
  warmup?: number;
  seed?: number;
  onProgress?: TimingProgress;
  /** Extra operations timed in the same rounds (e.g. alternative formulations). */
  extra?: (inputs: NnBenchInputs) => Record<string, () => void>;
}

/** The seeded inputs of `benchNn` (B = batch). */
export interface NnBenchInputs {
  /** conv1: x `[B, 28, 28, 1]`, w `[5, 5, 1, 6]`, cotangent `[B, 28, 28, 6]`. */
  x1: tf.Tensor4D; w1: tf.Tensor4D; c1: tf.Tensor4D;
  /** conv2: x `[B, 14, 14, 6]`, w `[5, 5, 6, 16]`, cotangent `[B, 10, 10, 16]`. */
  x2: tf.Tensor4D; w2: tf.Tensor4D; c2: tf.Tensor4D;
  /** pools: x `[B, 28, 28, 6]`, cotangent `[B, 14, 14, 6]`. */
  p1: tf.Tensor4D; cp: tf.Tensor4D;
  /** LeNet: images `[B, 28, 28, 1]`, int32 labels `[B]`, parameters (`initModel`). */
  x: tf.Tensor4D; labels: tf.Tensor1D; params: Params;
}

export interface NnBenchResult {
  backend: string;
  batch: number;
  repeats: number;
  /** Median milliseconds per operation (0.1 ms resolution). */
  median_ms: Record<string, number>;
  stats: Record<string, TimingStats>;
}

export const NN_BENCH_DEFAULTS = { batch: 1024, repeats: 5, warmup: 1, seed: 1 } as const;

/** Reads every tensor back (so the timing includes the computation). */
const readAll = (ts: tf.Tensor[]) => ts.forEach((t) => t.dataSync());

/** TF.js's own convolution (its weight gradient does not run on wasm). */
const builtinConv = (x: tf.Tensor4D, w: tf.Tensor4D, pad: number): tf.Tensor4D =>
  tf.conv2d(x, w, 1, pad === 0 ? 'valid' : [[0, 0], [pad, pad], [pad, pad], [0, 0]]);

/**
 * Benchmarks the layers and the classical LeNet (see module comment); frees every tensor it creates.
 * @throws Error on invalid options.
 */
export async function benchNn(options: NnBenchOptions = {}): Promise<NnBenchResult> {
  const o = { ...NN_BENCH_DEFAULTS, ...options };
  for (const [k, v, min] of [
    ['batch', o.batch, 1],
    ['repeats', o.repeats, 1],
    ['warmup', o.warmup, 0],
  ] as const) {
    checkIntOption('benchNn', k, v, min);
  }
  const rng = stream(o.seed, 'probeInputs');
  const b = o.batch;
  const spec = parseModelSpec({ kind: 'classical_lenet' }, 'mnist');
  const rnd = (s: [number, number, number, number]): tf.Tensor4D =>
    tf.tensor4d(rng.normals(s.reduce((p, q) => p * q, 1)), s);
  const inputs: NnBenchInputs = tidy(() => ({
    x1: rnd([b, 28, 28, 1]), w1: rnd([5, 5, 1, 6]), c1: rnd([b, 28, 28, 6]),
    x2: rnd([b, 14, 14, 6]), w2: rnd([5, 5, 6, 16]), c2: rnd([b, 10, 10, 16]),
    p1: rnd([b, 28, 28, 6]), cp: rnd([b, 14, 14, 6]),
    x: rnd([b, 28, 28, 1]), labels: tf.tensor1d(Int32Array.from({ length: b }, () => rng.int(10)), 'int32'),
    params: initModel(spec, o.seed),
  }));
  try {
    const ops: Record<string, () => void> = {};
    const hasBuiltinConvGrad = tf.getKernel('Conv2DBackpropFilter', tf.getBackend()) !== undefined;
    const convs = { safe: conv2d, fast: conv2dFast, ...(hasBuiltinConvGrad ? { builtin: builtinConv } : {}) };
    for (const [name, conv] of Object.entries(convs)) {
      for (const [i, x, w, c, pad] of [
        [1, inputs.x1, inputs.w1, inputs.c1, 2],
        [2, inputs.x2, inputs.w2, inputs.c2, 0],
      ] as const) {
        const g = tf.grads((a: tf.Tensor, v: tf.Tensor) =>
          tf.sum(tf.mul(conv(a as tf.Tensor4D, v as tf.Tensor4D, pad), c)),
        );
        ops[`conv${i}_${name}`] = () => tidy(() => readAll(g([x, w])));
      }
    }
    const pools: Record<string, (x: tf.Tensor4D) => tf.Tensor4D> = {
      maxpool_safe: maxPool2x2, maxpool_builtin: (x) => tf.maxPool(x, 2, 2, 'valid'),
      avgpool_safe: avgPool2x2, avgpool_builtin: (x) => tf.avgPool(x, 2, 2, 'valid'),
    };
    for (const [name, pool] of Object.entries(pools)) {
      const g = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(pool(a as tf.Tensor4D), inputs.cp)));
      ops[name] = () => tidy(() => void g(inputs.p1).dataSync());
    }
    const keys = trainableKeys(spec, inputs.params);
    for (const path of ['safe', 'fast'] as const) {
      const ce = path === 'safe' ? softmaxCrossEntropy : softmaxCrossEntropyFast;
      const g = tf.grads((...p: tf.Tensor[]) => {
        const params = Object.fromEntries(keys.map((k, i) => [k, p[i]]));
        return ce(applyModel(spec, params, inputs.x, path), inputs.labels);
      });
      ops[`lenet_${path}`] = () => tidy(() => readAll(g(keys.map((k) => inputs.params[k]))));
    }
    Object.assign(ops, o.extra?.(inputs) ?? {});
    const { stats } = await timeInterleaved(ops, o.repeats, o.warmup, o.onProgress);
    const median_ms = Object.fromEntries(Object.entries(stats).map(([k, s]) => [k, Math.round(s.median * 10) / 10]));
    return { backend: tf.getBackend(), batch: b, repeats: o.repeats, median_ms, stats };
  } finally {
    const { params, ...tensors } = inputs;
    disposeParams(params);
    tf.dispose(Object.values(tensors));
  }
}
