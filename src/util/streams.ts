/**
 * Named random streams: every random draw in qdistill comes from a stream derived from a run's
 * seed and the label of its purpose, so that no two purposes share draws (e.g. the synthetic
 * images and the network they train are independent). A stream may take further integer parts
 * (an epoch, an iteration, a draw number) to give each of its uses a stream of its own.
 *
 * The labels are fixed forever: changing one changes the numbers of every run that uses it
 * (bump `NUMERICS_VERSION` in `src/numerics.ts`).
 */
import { Rng, deriveSeed } from './rng';

export const STREAMS = {
  /** Initial synthetic images of a distillation run. */
  synthetic: 101,
  /** Weights of a network built by `initModel(spec, seed)` (seed: an initialisation seed). */
  modelInit: 102,
  /** Real-batch order of the distillation loop; parts: epoch. */
  distillBatchOrder: 103,
  /** Initialisation seeds of the networks of a 'random'-init run; parts: iteration. */
  randomInit: 104,
  /** Unseen initialisation seeds used to evaluate a 'random'-init run; parts: k. */
  evalInit: 105,
  /** Random real images of the random-real baseline; parts: draw. */
  randomReal: 106,
  /** Inner learning-rate jitter factor (`lrJitter`); parts: iteration. */
  lrJitter: 107,
  /** Finite-shot sampling of expectations; parts: k (one stream per evaluation). */
  shots: 108,
  /** Mini-batch order of the full-data and knowledge-distillation trainers; parts: epoch. */
  trainBatchOrder: 109,
  /** Random real subsets of the execution-cost study; parts: images per class. */
  costSubset: 110,
  /** Random real images of the knowledge-distillation cross-over. */
  kdRealSubset: 111,
  /** Initialisation seed of a same-size teacher copy (self-distillation). */
  kdCopyInit: 112,
  /** Random inputs of probes and benchmarks. */
  probeInputs: 113,
  /** Start of the differentiated window of a truncated unroll (`truncate`); parts: iteration. */
  truncateWindow: 114,
  /**
   * Seed of a knowledge-distillation teacher trained from run seed `s` (its initialisation and batch
   * order), so that it shares no draw with the student of seed `s`.
   */
  kdTeacher: 115,
} as const;

export type StreamName = keyof typeof STREAMS;

/** The seed of stream `name` of `seed` (with optional integer `parts`). */
export function streamSeed(seed: number, name: StreamName, ...parts: number[]): number {
  const label = STREAMS[name];
  if (label === undefined) {
    throw new Error(`streamSeed: unknown stream '${String(name)}'; expected one of ${Object.keys(STREAMS).join(', ')}`);
  }
  return deriveSeed(seed, label, ...parts);
}

/** A generator for stream `name` of `seed` (with optional integer `parts`). */
export function stream(seed: number, name: StreamName, ...parts: number[]): Rng {
  return new Rng(streamSeed(seed, name, ...parts));
}
