/**
 * The outer step with a fixed shard decomposition: the result depends on `shards` only, never
 * on the number of worker threads (bitwise), and so do the circuit-execution counts, which equal
 * a hand count of the computation (one inner unroll + every real example, all under a tape).
 * The sharded gradient equals the single-tape hypergradient (`hypergradient`, itself checked
 * against finite differences in hypergradient.test.ts) up to float32 rounding, for every model
 * family and quantum-layer path.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { toTensors } from '../../src/data/dataset';
import { parseDistillConfig } from '../../src/distill/config';
import { loadSplit } from '../../src/distill/datasets';
import {
  DistillState, InitCache, disposeState, distillStep, initState, outerGradient, realBatchIndices,
} from '../../src/distill/loop';
import { hypergradient } from '../../src/distill/outer';
import { WorkerPool, distillStepParallel } from '../../src/distill/parallel';
import { shards } from '../../src/distill/shards';
import { syntheticLabels } from '../../src/distill/synthetic';
import { executionCounts } from '../../src/sim/executions';

test('shards split a batch into contiguous, near-equal, complete parts; bad counts named', () => {
  const idx = Int32Array.from({ length: 10 }, (_, i) => i);
  assert.deepEqual(shards(idx, 3).map((s) => Array.from(s)), [[0, 1, 2], [3, 4, 5], [6, 7, 8, 9]]);
  assert.deepEqual(shards(idx.subarray(0, 1), 2).map((s) => s.length), [1]);
  assert.throws(() => shards(idx, 0), /shards: expected a positive integer, received 0/);
});

const cfgRaw = {
  dataset: 'mnist', model: { kind: 'quantum_lenet', qubits: 2, layers: 1 }, distillSteps: 1, distillEpochs: 2,
  batchSize: 32, shards: 4, epochs: 1, seed: 4,
};
const cfg = parseDistillConfig(cfgRaw);
const data = { limit: 64 };

/** Models of the comparison: each model family and layer path (fused, gate-free groups, frozen). */
const MODELS: Array<[string, Record<string, unknown>]> = [
  ['Hermitian', { kind: 'quantum_lenet', qubits: 2, layers: 1 }],
  ['PauliZ', { kind: 'quantum_lenet', qubits: 2, layers: 1, observable: 'pauliz', residual: false }],
  ['angle RY', { kind: 'quantum_lenet', qubits: 2, layers: 1, embedding: 'angle', rotation: 'Y' }],
  ['one two-qubit Hermitian', { kind: 'quantum_lenet', qubits: 2, layers: 1, hermitianQubits: 2 }],
  ['frozen circuit', { kind: 'quantum_lenet', qubits: 2, layers: 1, freezeCircuit: true }],
  ['classical', { kind: 'classical_lenet' }],
];

for (const [name, model] of MODELS) {
  test(`sharded outer gradient = single-tape hypergradient (float32 rounding), no leaks: ${name}`, async () => {
    assert.ok(await tf.setBackend('wasm'));
    const c = parseDistillConfig({ ...cfgRaw, model });
    const train = loadSplit('mnist', 'train', data);
    const inits = new InitCache(c);
    const state = initState(c);
    inits.release(inits.get(0)); // the fixed initialisation is cached: count tensors after it exists
    const before = tf.memory().numTensors;
    const p0 = inits.get(0), labels = syntheticLabels(1);
    const g = outerGradient(c, train, inits, state);
    const real = toTensors(train, realBatchIndices(c, train.n, 0));
    const ref =
      hypergradient(c.model, p0, state.images, state.rawLrs, labels, real, { distillSteps: 1, distillEpochs: 2 });
    assert.ok(Math.abs(g.loss - ref.loss) <= 1e-5 * ref.loss, `loss ${g.loss} vs ${ref.loss}`);
    for (const [a, b, what] of [[g.dImages, ref.dImages, 'images'],
      [g.dRawLrs, ref.dRawLrs, 'learning rates']] as const) {
      const x = a.dataSync(), y = b.dataSync(), scale = Math.max(...Array.from(y, Math.abs));
      assert.ok(scale > 0, `${what}: a gradient to compare`);
      for (let i = 0; i < y.length; i++)
        assert.ok(Math.abs(x[i] - y[i]) <= 1e-4 * scale, `d/d ${what}[${i}]: ${x[i]} vs ${y[i]}`);
    }
    tf.dispose([g.dImages, g.dRawLrs, ref.dImages, ref.dRawLrs, real.x, real.y, labels]);
    inits.release(p0);
    assert.equal(tf.memory().numTensors, before, 'no leaked tensors');
    disposeState(state);
    inits.dispose();
  });
}

/** Two outer iterations with `workers` worker threads: losses, final state, executions. */
async function twoIterations(workers: number) {
  const train = loadSplit('mnist', 'train', data);
  const pool = workers > 0 ? await WorkerPool.start(cfg, workers, 'wasm', data) : null;
  const inits = new InitCache(cfg);
  let state: DistillState = initState(cfg);
  const losses: number[] = [], executions: number[][] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const t0 = executionCounts();
      const r = pool ? await distillStepParallel(cfg, train, inits, state, pool)
        : distillStep(cfg, train, inits, state);
      const t1 = executionCounts();
      state = r.state;
      losses.push(r.loss);
      executions.push([t1.forward - t0.forward, t1.gradient - t0.gradient, t1.hardwareCircuits - t0.hardwareCircuits]);
    }
    return { losses, executions, images: Array.from(state.images.dataSync()),
      rawLrs: Array.from(state.rawLrs.dataSync()) };
  } finally {
    disposeState(state);
    inits.dispose();
    await pool?.close();
  }
}

test('0, 1 and 3 worker threads give bitwise the same ' +
  'iterations and execution counts', { timeout: 180_000 }, async () => {
  assert.ok(await tf.setBackend('wasm'));
  const runs = [await twoIterations(0), await twoIterations(1), await twoIterations(3)];
  for (const [k, r] of runs.slice(1).entries()) {
    assert.deepEqual(r.losses, runs[0].losses, `losses with ${[1, 3][k]} workers`);
    assert.deepEqual(r.images, runs[0].images, `images with ${[1, 3][k]} workers`);
    assert.deepEqual(r.rawLrs, runs[0].rawLrs, `learning rates with ${[1, 3][k]} workers`);
    assert.deepEqual(r.executions, runs[0].executions, `execution counts with ${[1, 3][k]} workers`);
  }
  // By hand: one unroll (2 inner steps on 10 synthetic images) + the 32 real images, all taped.
  for (const [forward, gradient] of runs[0].executions)
    assert.deepEqual([forward, gradient], [2 * 10 + 32, 2 * 10 + 32]);
});
