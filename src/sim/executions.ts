/**
 * Counters of circuit executions, kept by every circuit-level simulator call (`qnnLayer`,
 * `circuitLayer`, `quanvolution`, `circuitExpvals`), per thread.
 *
 * Each call records its batch (one circuit per batch element):
 * - `forward`: circuits simulated;
 * - `gradient`: of those, the ones simulated while a TF.js gradient tape records (their
 *   gradient is taken: training steps, the outer step of distillation);
 * - `hardwareCircuits`: what a device would run — each circuit once per measurement setting
 *   (1 for PauliZ, 3^k for k-qubit Hermitians), plus, for every gradient evaluation, 2 runs per
 *   circuit parameter (parameter-shift rule) per setting. Circuit parameters are the gate
 *   angles: trainable weights plus encoding angles (n for AngleEmbedding, 2^n − 1 for a real
 *   AmplitudeEmbedding prepared by uniformly controlled RY rotations). Second-order
 *   derivatives (distillation differentiates through gradients) are not priced, so for
 *   distillation this is a lower bound.
 * Shots: `hardwareCircuits × shots per expectation` (see `estimatedShots`).
 *
 * Worker threads count on their own; `parallel.ts` adds their counts to the main thread's.
 */
import * as tf from '@tensorflow/tfjs';

export interface ExecutionCounts {
  forward: number;
  gradient: number;
  hardwareCircuits: number;
}

export const zeroCounts = (): ExecutionCounts => ({ forward: 0, gradient: 0, hardwareCircuits: 0 });

let counts = zeroCounts();

export interface CircuitCost {
  /** Gate parameters a parameter-shift gradient shifts (trainable weights + encoding angles). */
  shiftParams: number;
  /** Measurement settings per evaluation (1 for PauliZ; 3^k for k-qubit Hermitians). */
  settings: number;
}

/** Records `batch` circuit executions (called by the simulator's circuit-level functions). */
export function recordExecutions(batch: number, cost: CircuitCost): void {
  const taped = tf.engine().isTapeOn();
  counts.forward += batch;
  counts.hardwareCircuits += batch * cost.settings;
  if (taped) {
    counts.gradient += batch;
    counts.hardwareCircuits += batch * 2 * cost.shiftParams * cost.settings;
  }
}

/** A copy of this thread's counts since start (or the last reset). */
export const executionCounts = (): ExecutionCounts => ({ ...counts });

export function resetExecutionCounts(): void {
  counts = zeroCounts();
}

/** Adds counts reported by another thread to this thread's. */
export function addExecutionCounts(c: ExecutionCounts): void {
  counts = sumCounts(counts, c);
}

export const sumCounts = (a: ExecutionCounts, b: ExecutionCounts): ExecutionCounts => ({
  forward: a.forward + b.forward,
  gradient: a.gradient + b.gradient,
  hardwareCircuits: a.hardwareCircuits + b.hardwareCircuits,
});

export const diffCounts = (after: ExecutionCounts, before: ExecutionCounts): ExecutionCounts => ({
  forward: after.forward - before.forward,
  gradient: after.gradient - before.gradient,
  hardwareCircuits: after.hardwareCircuits - before.hardwareCircuits,
});

/** Estimated shots on hardware: every expectation estimated from `shotsPerExpectation` shots. */
export const estimatedShots = (c: ExecutionCounts, shotsPerExpectation = 1000) =>
  c.hardwareCircuits * shotsPerExpectation;

/** Runs `fn` and returns its result with the executions it made on this thread. */
export function countExecutions<T>(fn: () => T): { result: T; executions: ExecutionCounts } {
  const before = executionCounts();
  const result = fn();
  return { result, executions: diffCounts(executionCounts(), before) };
}

/** Runs `fn` without counting its executions (a value-only replay of work counted elsewhere). */
export function uncountedExecutions<T>(fn: () => T): T {
  const before = executionCounts();
  try {
    return fn();
  } finally {
    counts = before;
  }
}
