/** Shared test helpers for the simulator: backends, fixtures, leak checks, comparisons. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import assert from 'node:assert/strict';
export { maxAbsDiff, maxLooseDiff } from '../compare';

/** The backends every simulator test runs on (tfjs-node is optional and absent in CI). */
export const TEST_BACKENDS = ['cpu', 'wasm'] as const;

export async function useBackend(name: string): Promise<void> {
  assert.ok(await tf.setBackend(name), `backend ${name} failed to initialise`);
}

export const FIXTURE_PATH = path.join(__dirname, '..', 'fixtures', 'pennylane_reference_cases.json');

export interface FixtureCase {
  id: number;
  n_wires: number;
  n_layers: number;
  embedding: { type: string; features: number[]; [k: string]: unknown };
  layers: { weights: number[][][]; ranges: number[]; imprimitive: string };
  observables: Array<{ kind: string; wires: number[]; matrix: number[][][] }>;
  expvals: number[];
  grad_weights: number[][][][];
  grad_features: number[][];
  state: number[][];
}

export function loadFixtures(): { meta: Record<string, unknown>; cases: FixtureCase[] } {
  return JSON.parse(fs.readFileSync(FIXTURE_PATH, 'utf8'));
}

/** Runs `fn` and asserts it leaves exactly as many tensors as before (after disposing its result). */
export function assertNoLeak<T>(fn: () => T,
  dispose: (r: T) => void = (r) => tf.dispose(r as unknown as tf.TensorContainer)): T {
  const before = tf.memory().numTensors;
  const r = fn();
  dispose(r);
  assert.equal(tf.memory().numTensors, before, 'tensors leaked');
  return r;
}

