/**
 * Benchmark of single circuits with many wires, as `qdistill circuit` runs them: every case's
 * expectation values, their gradients with respect to the weights and the features, and the
 * final state (`runCircuit`).
 *
 * Cases (PennyLane fixture schema, so `qdistill circuit` and PennyLane can run the same file):
 * `count` circuits, the wire count cycling from `minWires` to `maxWires`; even cases embed
 * 2^n features by AmplitudeEmbedding (normalised), odd cases n angles by AngleEmbedding (X);
 * `layers` StronglyEntanglingLayers; half the cases measure PauliZ on every wire, the other
 * half a random one-qubit Hermitian on every wire. Inputs come from the `probeInputs` stream.
 */
import * as tf from '@tensorflow/tfjs';
import { parseCircuitSpec } from '../sim/circuit_spec';
import { runCircuit } from '../sim/run_circuit';
import { Rng } from '../util/rng';
import { stream } from '../util/streams';
import { TimingProgress, TimingStats, checkIntOption, roundTo, summarize, timeInterleaved } from './stats';

export interface CircuitBenchOptions {
  count?: number;
  minWires?: number;
  maxWires?: number;
  layers?: number;
  repeats?: number;
  warmup?: number;
  seed?: number;
  onProgress?: TimingProgress;
}

/** The workload: 20 circuits of 8–11 wires, 3 layers; one timed round after a warm-up. */
export const CIRCUIT_BENCH_DEFAULTS = {
  count: 20,
  minWires: 8,
  maxWires: 11,
  layers: 3,
  repeats: 3,
  warmup: 1,
  seed: 1,
} as const;

/** Flat figures, as printed by `qdistill bench circuits --json` (seconds for all cases). */
export interface CircuitBenchFigures {
  bench: 'circuits';
  backend: string;
  count: number;
  min_wires: number;
  max_wires: number;
  layers: number;
  repeats: number;
  warmup: number;
  seed: number;
  /** Median over rounds of the time to run all `count` cases. */
  total_s: number;
  total_min_s: number;
  /** Median seconds of one case, per wire count (from the timed rounds). */
  per_case_s: Record<string, number>;
}

const checkInt = (name: string, v: number, min: number, max = Infinity) =>
  checkIntOption('benchCircuits', name, v, min, max);

const hermitianPairs = (rng: Rng): number[][][] => {
  const [a, b, c, d] = rng.normals(4);
  return [[[a, 0], [c, d]], [[c, -d], [b, 0]]];
};

/** The benchmark's cases as fixture-schema objects (valid input for `qdistill circuit`). */
export function circuitBenchCases(options: CircuitBenchOptions = {}): Array<Record<string, unknown>> {
  const o = { ...CIRCUIT_BENCH_DEFAULTS, ...options };
  const count = checkInt('count', o.count, 1);
  const lo = checkInt('minWires', o.minWires, 1, 20);
  const hi = checkInt('maxWires', o.maxWires, lo, 20);
  const L = checkInt('layers', o.layers, 1);
  const rng = stream(o.seed, 'probeInputs');
  return Array.from({ length: count }, (_, i) => {
    const n = lo + (i % (hi - lo + 1));
    const wires = Array.from({ length: n }, (_, w) => w);
    const embedding = i % 2 === 0
      ? { type: 'amplitude', features: Array.from(rng.normals(2 ** n)), normalize: true }
      : { type: 'angle', features: Array.from({ length: n }, () => Math.PI * rng.uniform()), rotation: 'X' };
    const weights = Array.from({ length: L }, () => wires.map(() => [0, 1, 2].map(() => 2 * Math.PI * rng.uniform())));
    const observables = i % 4 < 2
      ? wires.map((w) => ({ kind: 'PauliZ', wires: [w] }))
      : wires.map((w) => ({ kind: 'Hermitian', wires: [w], matrix: hermitianPairs(rng) }));
    return { id: `bench-${i}-${n}w`, n_wires: n, embedding, layers: { weights }, observables };
  });
}

/** Times `runCircuit` over every case (call `initBackend()` first); frees what it makes. */
export async function benchCircuits(
  options: CircuitBenchOptions = {},
): Promise<CircuitBenchFigures & { stats: TimingStats }> {
  const o = { ...CIRCUIT_BENCH_DEFAULTS, ...options };
  const repeats = checkInt('repeats', o.repeats, 1);
  const warmup = checkInt('warmup', o.warmup, 0);
  const specs = circuitBenchCases(o).map((c, i) => parseCircuitSpec(c, `cases[${i}]`));
  const perCase: Record<string, number[]> = {};
  let timed = false;
  const all = () => {
    for (const spec of specs) {
      const t0 = performance.now();
      runCircuit(spec);
      if (timed) (perCase[spec.nWires] ??= []).push((performance.now() - t0) / 1000);
    }
  };
  const progress: TimingProgress = (done, total, phase) => {
    if (phase === 'warmup' && done === total) timed = true;
    o.onProgress?.(done, total, phase);
  };
  if (warmup === 0) timed = true;
  const { stats } = await timeInterleaved({ all }, repeats, warmup, progress);
  const median = (xs: number[]) => summarize(xs).median;
  return {
    bench: 'circuits',
    backend: tf.getBackend(),
    count: specs.length,
    min_wires: o.minWires,
    max_wires: o.maxWires,
    layers: o.layers,
    repeats,
    warmup,
    seed: o.seed,
    total_s: roundTo(stats.all.median / 1000, 3),
    total_min_s: roundTo(stats.all.min / 1000, 3),
    per_case_s: Object.fromEntries(Object.entries(perCase).map(([n, xs]) => [n, roundTo(median(xs), 4)])),
    stats: stats.all,
  };
}
