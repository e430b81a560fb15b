/**
 * Circuit execution counters: exact counts of small known runs (forward passes, runs under a
 * gradient tape, hardware circuits with parameter-shift and measurement settings), for
 * `circuitLayer`, `qnnLayer` (through `circuitLayer`), `quanvolution`, `circuitExpvals` and whole
 * models; and the helpers `countExecutions`, `sumCounts`, `diffCounts`, `estimatedShots`.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { applyModel, disposeParams, initModel, parseModelSpec } from '../../src/models';
import { parseCircuitSpec, runCircuit } from '../../src/sim';
import { CircuitLayerOptions, circuitLayer, circuitLayerCost } from '../../src/sim/circuit_layer';
import {
  ExecutionCounts, addExecutionCounts, countExecutions, diffCounts, estimatedShots, executionCounts,
  resetExecutionCounts, sumCounts, zeroCounts,
} from '../../src/sim/executions';
import { hermitianFromParams } from '../../src/sim/measurements';
import { quanvolution } from '../../src/sim/templates/quanvolution';
import { randomLayersGates, randomLayersUnitary } from '../../src/sim/templates/random_layers';
import { Rng } from '../../src/util/rng';
import { tidy } from '../../src/util/tidy';
import { loadFixtures } from './helpers';

before(async () => {
  assert.ok(await tf.setBackend('cpu'));
});

const counts = (forward: number, gradient: number, hardwareCircuits: number): ExecutionCounts =>
  ({ forward, gradient, hardwareCircuits });

test('helpers: zeroCounts, sumCounts, diffCounts, estimatedShots', () => {
  assert.deepEqual(zeroCounts(), counts(0, 0, 0));
  assert.notEqual(zeroCounts(), zeroCounts(), 'a fresh object each time');
  const a = counts(3, 1, 40), b = counts(5, 2, 7);
  assert.deepEqual(sumCounts(a, b), counts(8, 3, 47));
  assert.deepEqual(diffCounts(sumCounts(a, b), b), a);
  assert.deepEqual(diffCounts(a, a), zeroCounts());
  assert.deepEqual(a, counts(3, 1, 40), 'inputs unchanged');
  assert.equal(estimatedShots(a), 40_000, 'default 1000 shots per expectation');
  assert.equal(estimatedShots(a, 100), 4000);
  assert.equal(estimatedShots(zeroCounts(), 1e6), 0);
});

test('reset, add, and executionCounts returns a copy', () => {
  resetExecutionCounts();
  assert.deepEqual(executionCounts(), zeroCounts());
  addExecutionCounts(counts(2, 1, 9));
  addExecutionCounts(counts(1, 0, 3));
  const c = executionCounts();
  assert.deepEqual(c, counts(3, 1, 12));
  c.forward = 1000;
  assert.equal(executionCounts().forward, 3, 'mutating the copy does not change the counters');
  resetExecutionCounts();
  assert.deepEqual(executionCounts(), zeroCounts());
});

test('countExecutions returns the result and only the executions made inside, nested too; errors propagate', () => {
  addExecutionCounts(counts(100, 50, 1000)); // earlier work is not attributed to fn
  const x = tf.tensor2d([[0.1, 0.2], [0.3, 0.4]]);
  const w = tf.zeros([1, 2, 3]) as tf.Tensor3D;
  const o: CircuitLayerOptions = { embedding: 'angle', rotation: 'Z', observable: { kind: 'pauliz' } };
  const outer = countExecutions(() => {
    const inner = countExecutions(() => tf.tidy(() => circuitLayer(x, w, o).arraySync()));
    tf.tidy(() => circuitLayer(x, w, o));
    return inner;
  });
  assert.deepEqual(outer.result.executions, counts(2, 0, 2));
  assert.equal(outer.result.result.length, 2);
  assert.deepEqual(outer.executions, counts(4, 0, 4));
  assert.throws(() => countExecutions(() => { throw new Error('boom'); }), /boom/);
  tf.dispose([x, w]);
});

test('circuitLayer (angle, k = 2 Hermitians, 4 qubits, 2 layers) on a batch of 3: forward, then under tf.grads', () => {
  const rng = new Rng(1);
  const n = 4, L = 2, B = 3;
  const x = tf.tensor2d(rng.normals(B * n), [B, n]);
  const w = tf.tensor3d(rng.normals(L * n * 3), [L, n, 3]);
  const a = tf.tensor4d(rng.normals(2 * 4 * 4 * 2), [2, 4, 4, 2]);
  const opts = (aa: tf.Tensor, weightsTrainable?: boolean): CircuitLayerOptions => ({
    embedding: 'angle', rotation: 'Y', observable: { kind: 'hermitian', h: hermitianFromParams(aa), k: 2 },
    weightsTrainable,
  });
  const cost = tidy(() => circuitLayerCost(n, L, opts(a)));
  assert.deepEqual(cost, { shiftParams: n + L * n * 3, settings: 9 });

  resetExecutionCounts();
  tf.tidy(() => circuitLayer(x, w, opts(a)));
  assert.deepEqual(executionCounts(), counts(3, 0, 3 * 9), 'forward: 3 circuits, each in 9 settings');

  const before = executionCounts();
  tf.tidy(() => tf.grads((xx: tf.Tensor, ww: tf.Tensor, aa: tf.Tensor) =>
    tf.sum(circuitLayer(xx as tf.Tensor2D, ww as tf.Tensor3D, opts(aa))))([x, w, a]));
  const d = diffCounts(executionCounts(), before);
  assert.deepEqual(d, counts(3, 3, 3 * 9 + 3 * 2 * cost.shiftParams * 9),
    'gradient: + 2 shifted runs per circuit parameter per setting');
  assert.deepEqual(d, counts(3, 3, 27 + 1512));

  // frozen weights are no parameter-shift parameters
  const frozen = countExecutions(
    () => tf.tidy(() => tf.grad((xx: tf.Tensor) => tf.sum(circuitLayer(xx as tf.Tensor2D, w, opts(a, false))))(x)));
  assert.deepEqual(frozen.executions, counts(3, 3, 27 + 3 * 2 * n * 9));
  tf.dispose([x, w, a]);
});

test('circuitLayer on every path records what circuitLayerCost prices ' +
  '(amplitude: fused qnnLayer; angle; PauliZ; k = 1, 2)', () => {
  const rng = new Rng(2);
  const n = 4, L = 2, B = 3;
  const w = tf.tensor3d(rng.normals(L * n * 3), [L, n, 3]);
  const xAmp = tf.tensor2d(rng.normals(B * 10), [B, 10]), xAng = tf.tensor2d(rng.normals(B * n), [B, n]);
  const a1 = tf.tensor4d(rng.normals(n * 8), [n, 2, 2, 2]), a2 = tf.tensor4d(rng.normals(2 * 32), [2, 4, 4, 2]);
  const variants: Array<[string, tf.Tensor2D, tf.Tensor | null, (a: tf.Tensor | null) =>
    CircuitLayerOptions['observable'], 'amplitude' | 'angle', 'X' | 'Y' | 'Z' | undefined]> = [];
  for (const [emb, x, rots] of [['amplitude', xAmp, [undefined]], ['angle', xAng, ['X', 'Y', 'Z']]] as const) {
    for (const rot of rots) {
      variants.push([`${emb} ${rot ?? ''} pauliz`, x, null, () => ({ kind: 'pauliz' }), emb, rot]);
      variants.push(
        [`${emb} ${rot ?? ''} k=1`, x, a1, (a) => ({ kind: 'hermitian', h: hermitianFromParams(a!), k: 1 }), emb, rot]);
      variants.push(
        [`${emb} ${rot ?? ''} k=2`, x, a2, (a) => ({ kind: 'hermitian', h: hermitianFromParams(a!), k: 2 }), emb, rot]);
    }
  }
  for (const [name, x, a, obs, embedding, rotation] of variants) {
    for (const weightsTrainable of [true, false]) {
      tf.tidy(() => {
        const o = (aa: tf.Tensor | null): CircuitLayerOptions =>
          ({ embedding, rotation, observable: obs(aa), weightsTrainable });
        const cost = circuitLayerCost(n, L, o(a));
        const expectedSettings = name.endsWith('pauliz') ? 1 : name.endsWith('k=1') ? 3 : 9;
        assert.equal(cost.settings, expectedSettings, `${name}: settings`);
        assert.equal(cost.shiftParams, (embedding === 'angle' ? n : 2 ** n - 1) + (weightsTrainable ? L * n * 3 : 0),
          `${name}: shift parameters`);
        const fwd = countExecutions(() => circuitLayer(x, w, o(a)));
        assert.deepEqual(fwd.executions, counts(B, 0, B * cost.settings),
          `${name} (trainable ${weightsTrainable}): forward`);
        const grad =
          countExecutions(() => tf.grad((ww: tf.Tensor) => tf.sum(circuitLayer(x, ww as tf.Tensor3D, o(a))))(w));
        assert.deepEqual(grad.executions, counts(B, B, B * cost.settings * (1 + 2 * cost.shiftParams)),
          `${name} (trainable ${weightsTrainable}): gradient`);
      });
    }
  }
  tf.dispose([w, xAmp, xAng, a1, a2]);
});

test('quanvolution counts N·(H/2)·(W/2)·C circuits; ' +
  'shift parameters are the 4 pixels (+ the trainable weights)', () => {
  const rng = new Rng(3);
  const N = 2, H = 4, W = 6, C = 2, circuits = N * (H / 2) * (W / 2) * C;
  const x = tf.tensor4d(rng.normals(N * H * W * C), [N, H, W, C]);
  const weights = tf.tensor3d(rng.normals(2 * 4 * 3), [2, 4, 3]);
  const u = randomLayersUnitary(4, randomLayersGates(4, 1, 3));
  assert.deepEqual(countExecutions(() => tf.tidy(() => quanvolution(x, { unitary: u }))).executions,
    counts(circuits, 0, circuits));
  assert.deepEqual(countExecutions(() => tf.tidy(() => quanvolution(x, { weights }))).executions,
    counts(circuits, 0, circuits));
  const gFixed = countExecutions(
    () => tf.tidy(() => tf.grad((xx: tf.Tensor) => tf.sum(quanvolution(xx as tf.Tensor4D, { unitary: u })))(x)));
  assert.deepEqual(gFixed.executions, counts(circuits, circuits, circuits * (1 + 2 * 4)));
  const gSel = countExecutions(
    () => tf.tidy(() => tf.grad((ww: tf.Tensor) => tf.sum(quanvolution(x, { weights: ww as tf.Tensor3D })))(weights)));
  assert.deepEqual(gSel.executions, counts(circuits, circuits, circuits * (1 + 2 * (4 + 24))));
  tf.dispose([x, weights, u.re, u.im]);
});

test('circuitExpvals (runCircuit on a fixture case): one circuit per evaluation, ' +
  'one taped per observable gradient', () => {
  const c =
    loadFixtures().cases.find((k) => k.embedding.type === 'angle' && k.observables.every((o) => o.kind === 'PauliZ'))!;
  const n = c.n_wires, m = c.observables.length, shift = n + c.n_layers * n * 3;
  const r = countExecutions(() => runCircuit(parseCircuitSpec(c)));
  assert.deepEqual(r.executions, counts(1 + m, m, 1 + m * (1 + 2 * shift)));
});

test('models: applyModel on 4 images counts 4 circuits per quantum layer (and per quanvolution patch)', () => {
  const rng = new Rng(4);
  const x = tf.tensor4d(rng.normals(4 * 784), [4, 28, 28, 1]);
  const cases: Array<[Record<string, unknown>, ExecutionCounts]> = [
    [{ kind: 'quantum_lenet' }, counts(4, 0, 4 * 3)],
    [{ kind: 'quantum_lenet', observable: 'pauliz' }, counts(4, 0, 4)],
    [{ kind: 'quantum_lenet', hermitianQubits: 2 }, counts(4, 0, 4 * 9)],
    [{ kind: 'qnn_classifier' }, counts(4, 0, 4)],
    [{ kind: 'quantum_lenet', quanv: { circuit: 'random' } }, counts(4 + 4 * 14 * 14, 0, 4 * 3 + 4 * 14 * 14)],
    [{ kind: 'classical_lenet' }, counts(0, 0, 0)],
  ];
  for (const [raw, expected] of cases) {
    const spec = parseModelSpec(raw, 'mnist');
    const p = initModel(spec, 0);
    const r = countExecutions(() => tf.tidy(() => applyModel(spec, p, x, 'fast').arraySync()));
    assert.deepEqual(r.executions, expected, `${JSON.stringify(raw)}`);
    disposeParams(p);
  }
  // a training step's gradient: every circuit counted as a gradient circuit
  const spec = parseModelSpec({ kind: 'quantum_lenet', qubits: 4, layers: 2 }, 'mnist');
  const p = initModel(spec, 0);
  const r = countExecutions(() =>
    tf.tidy(() => tf.grad((w: tf.Tensor) => tf.sum(applyModel(spec, { ...p, 'q.weights': w }, x)))(p['q.weights'])));
  assert.deepEqual(r.executions, counts(4, 4, 4 * 3 * (1 + 2 * (15 + 24))));
  disposeParams(p);
  x.dispose();
});
