/**
 * Benchmark of the paper's quantum layer (`qnnLayer`): AmplitudeEmbedding of 2^n features,
 * StronglyEntanglingLayers, one trainable one-qubit Hermitian per wire.
 *
 * Timed operations (each call reads its results back with `dataSync`, inside the timing):
 * - `layer_fwd_bwd`: gradients (`tf.grads`) of `sum(out ⊙ c)`, c a fixed random cotangent,
 *   with respect to the features x, the weights w and the Hermitian parameters A;
 * - `layer_fwd`: the forward pass alone;
 * - `pauliz_fwd_bwd`: the PauliZ variant, gradients with respect to x and w.
 * After `warmup` untimed rounds, `repeats` rounds each time the three operations in turn
 * (`timeInterleaved`, so drift on a noisy machine affects all alike). Inputs come from a seeded `Rng`.
 */
import * as tf from '@tensorflow/tfjs';
import { hermitianFromParams } from '../sim/measurements';
import { qnnLayer } from '../sim/qnn_layer';
import { MAX_COMPOSED_WIRES } from '../sim/templates/strongly_entangling_layers';
import { stream } from '../util/streams';
import { tidy } from '../util/tidy';
import { TimingProgress, TimingStats, timeInterleaved, checkIntOption, roundTo } from './stats';

/** The timed operations. */
export const SIM_MEASUREMENTS = ['layer_fwd_bwd', 'layer_fwd', 'pauliz_fwd_bwd'] as const;
export type SimMeasurement = (typeof SIM_MEASUREMENTS)[number];

/** Options of `benchSim`; every field has a default (`SIM_BENCH_DEFAULTS`). */
export interface SimBenchOptions {
  batch?: number;
  qubits?: number;
  layers?: number;
  repeats?: number;
  warmup?: number;
  seed?: number;
  /** Called after every round (warm-up rounds first, then timed rounds). */
  onProgress?: TimingProgress;
}

/** The paper's setting: batch 1024, 6 qubits (64 features), 3 layers. */
export const SIM_BENCH_DEFAULTS = { batch: 1024, qubits: 6, layers: 3, repeats: 30, warmup: 5, seed: 1 } as const;

/**
 * Working memory of the layer's forward + backward per amplitude of the batch (batch × 2^qubits
 * amplitudes): about 35 to 48 float32 values on the cpu backend (tf.profile peak, 2 to 8 qubits),
 * rounded up. With `SIM_MAX_BYTES` it bounds `--batch` (`maxSimBatch`).
 */
export const SIM_BYTES_PER_AMPLITUDE = 192;
/** Working memory a `bench sim` batch may need: 2 GiB. */
export const SIM_MAX_BYTES = 2 ** 31;

/** The largest batch whose working memory stays within `SIM_MAX_BYTES` on `qubits` qubits. */
export function maxSimBatch(qubits: number): number {
  return Math.floor(SIM_MAX_BYTES / (SIM_BYTES_PER_AMPLITUDE * 2 ** qubits));
}

/** Flat figures (times in ms: median, and `_min_ms` / `_p90_ms`), as printed by `qdistill bench sim --json`. */
export interface SimBenchFigures {
  bench: 'sim';
  backend: string;
  batch: number;
  qubits: number;
  features: number;
  layers: number;
  repeats: number;
  warmup: number;
  seed: number;
  layer_fwd_bwd_ms: number;
  layer_fwd_bwd_min_ms: number;
  layer_fwd_bwd_p90_ms: number;
  layer_fwd_ms: number;
  layer_fwd_min_ms: number;
  layer_fwd_p90_ms: number;
  pauliz_fwd_bwd_ms: number;
  pauliz_fwd_bwd_min_ms: number;
  pauliz_fwd_bwd_p90_ms: number;
  /** batch / median of `layer_fwd_bwd`, in samples per second. */
  samples_per_s: number;
}

/** The figures plus the full statistics and every sample. */
export interface SimBenchResult extends SimBenchFigures {
  stats: Record<SimMeasurement, TimingStats>;
  samples_ms: Record<SimMeasurement, number[]>;
}

const checkInt = (name: string, v: number, min: number, max = Infinity) =>
  checkIntOption('benchSim', name, v, min, max);
const round = roundTo;

/**
 * Benchmarks `qnnLayer` on the active backend (call `initBackend()` first) and returns the
 * timings. Frees every tensor it creates.
 * @throws Error on invalid options, or if a gradient is not finite.
 */
export async function benchSim(options: SimBenchOptions = {}): Promise<SimBenchResult> {
  const o = { ...SIM_BENCH_DEFAULTS, ...options };
  const batch = checkInt('batch', o.batch, 1);
  const n = checkInt('qubits', o.qubits, 1, MAX_COMPOSED_WIRES);
  const L = checkInt('layers', o.layers, 1);
  const repeats = checkInt('repeats', o.repeats, 1);
  const warmup = checkInt('warmup', o.warmup, 0);
  const dim = 2 ** n;
  const rng = stream(o.seed, 'probeInputs');

  const inputs = tidy(() => ({
    x: tf.tensor2d(rng.normals(batch * dim), [batch, dim]),
    w: tf.tensor3d(Float32Array.from({ length: L * n * 3 }, () => 2 * Math.PI * rng.uniform()), [L, n, 3]),
    a: tf.tensor4d(rng.normals(n * 8), [n, 2, 2, 2]),
    ct: tf.tensor2d(rng.normals(batch * n), [batch, n]),
  }));
  const { x, w, a, ct } = inputs;
  try {
    const hermitian = (xs: tf.Tensor, ws: tf.Tensor, as: tf.Tensor) =>
      qnnLayer(xs as tf.Tensor2D, ws as tf.Tensor3D, { kind: 'hermitian', h: hermitianFromParams(as) });
    const hermitianGrads = tf.grads((xs, ws, as) => tf.sum(tf.mul(hermitian(xs, ws, as), ct)));
    const paulizGrads = tf.grads((xs, ws) =>
      tf.sum(tf.mul(qnnLayer(xs as tf.Tensor2D, ws as tf.Tensor3D, { kind: 'pauliz' }), ct)),
    );
    const readAll = (ts: tf.Tensor[]) => ts.map((t) => t.dataSync());
    const ops: Record<SimMeasurement, () => unknown> = {
      layer_fwd_bwd: () => tidy(() => void readAll(hermitianGrads([x, w, a]))),
      layer_fwd: () => tidy(() => void hermitian(x, w, a).dataSync()),
      pauliz_fwd_bwd: () => tidy(() => void readAll(paulizGrads([x, w]))),
    };

    // Sanity check once: benchmarking NaNs would be meaningless.
    tidy(() => {
      const grads = [...hermitianGrads([x, w, a]), ...paulizGrads([x, w])];
      grads.forEach((g, i) => {
        if (!g.dataSync().every(Number.isFinite)) {
          throw new Error(`benchSim: expected finite gradients, gradient ${i} has non-finite entries`);
        }
      });
    });

    const { samples, stats } = await timeInterleaved(ops, repeats, warmup, o.onProgress);
    const ms = (m: SimMeasurement, k: 'median' | 'min' | 'p90') => round(stats[m][k], 3);
    return {
      bench: 'sim',
      backend: tf.getBackend(),
      batch,
      qubits: n,
      features: dim,
      layers: L,
      repeats,
      warmup,
      seed: o.seed,
      layer_fwd_bwd_ms: ms('layer_fwd_bwd', 'median'),
      layer_fwd_bwd_min_ms: ms('layer_fwd_bwd', 'min'),
      layer_fwd_bwd_p90_ms: ms('layer_fwd_bwd', 'p90'),
      layer_fwd_ms: ms('layer_fwd', 'median'),
      layer_fwd_min_ms: ms('layer_fwd', 'min'),
      layer_fwd_p90_ms: ms('layer_fwd', 'p90'),
      pauliz_fwd_bwd_ms: ms('pauliz_fwd_bwd', 'median'),
      pauliz_fwd_bwd_min_ms: ms('pauliz_fwd_bwd', 'min'),
      pauliz_fwd_bwd_p90_ms: ms('pauliz_fwd_bwd', 'p90'),
      samples_per_s: round((1000 * batch) / stats.layer_fwd_bwd.median, 1),
      stats,
      samples_ms: samples,
    };
  } finally {
    tf.dispose(inputs);
  }
}

/** The flat figures of a result (without statistics and samples). */
export function simBenchFigures(r: SimBenchResult): SimBenchFigures {
  const { stats: _stats, samples_ms: _samples, ...figures } = r;
  return figures;
}
