/**
 * Circuit executions of training a QLeNet on a distilled set depend on the set's shape only, so a
 * set whose images the run store left out is counted on stand-in images. Hand count for the tiny
 * model (one circuit per image and inner step): 2 steps × 10 images × 1 epoch = 20 forward
 * executions and 20 differentiated ones, whatever the pixels.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { trainingExecutions } from '../../src/experiments/beyond_study';
import { stateShapes } from '../../src/runs/checkpoint';
import { sizeOf } from '../../src/runs/tensor_file';
import { tiny } from '../runs/helpers';

before(async () => {
  assert.ok(await tf.setBackend('wasm'));
});

test('trainingExecutions: the same counts for two different sets and for a trimmed one (images null)', () => {
  const cfg = tiny();
  const shape = stateShapes(cfg).images;
  const rawLrs = new Float32Array(stateShapes(cfg).rawLrs[0]).fill(-2);
  const set = (images: Float32Array | null) => ({ images, shape, rawLrs, labels: null, iteration: 1,
    source: 'final' as const });
  const draw = (f: (i: number) => number) => Float32Array.from({ length: sizeOf(shape) }, (_, i) => f(i));
  const a = trainingExecutions(cfg, set(draw((i) => Math.cos(3 * i) + 0.5)), 1)!;
  const b = trainingExecutions(cfg, set(draw((i) => ((i * 7919) % 13) / 13 - 0.2)), 2)!;
  const trimmed = trainingExecutions(cfg, set(null), 1)!;
  // On hardware (src/sim/executions.ts): each of the 20 circuits runs once per measurement setting (3 for the
  // tiny model's one-qubit Hermitians) and, all 20 being differentiated, twice per gate angle per setting
  // (parameter shift): 1 layer × 2 qubits × 3 = 6 circuit weights + 2^2 − 1 = 3 AmplitudeEmbedding angles = 9.
  // 20 × 3 × (1 + 2 × 9) = 60 × 19 = 1,140.
  assert.deepEqual(a, { forward: 20, gradient: 20, hardwareCircuits: 1140 });
  assert.deepEqual(b, a);
  assert.deepEqual(trimmed, a);
  const before = tf.memory().numTensors;
  trainingExecutions(cfg, set(null), 1);
  assert.equal(tf.memory().numTensors, before, 'no tensor left behind');
});
