/** Stability measures: loss spikes, Hermitian eigenvalues, the inner-loop probe. */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { hermitianEigenvalues, innerProbe, lossStats } from '../../src/experiments/stability';
import { initSynthetic } from '../../src/distill/synthetic';
import { Rng } from '../../src/util/rng';
import { trainOnDistilled } from '../../src/distill/evaluate';
import { Params, disposeParams, initModel } from '../../src/models';
import { MetricsEvent } from '../../src/runs/metrics';
import { tiny } from '../runs/helpers';

before(async () => assert.ok(await tf.setBackend('wasm')));

const events = (losses: number[]): MetricsEvent[] =>
  losses.map((loss, i) => ({ iteration: i + 1, epoch: 0, loss, lr: 0.01, seconds: i }));

test('lossStats counts iterations above 1.5× the median of the 20 before, and summarises the last ones', () => {
  const losses = Array.from({ length: 40 }, () => 1);
  losses[25] = 1.6; // spike
  losses[30] = 1.4; // not a spike
  const evalEvent = { iteration: 40, eval: { accuracies: [50], mean: 50, std: 0 }, test_examples: 10 } as MetricsEvent;
  const s = lossStats([...events(losses), evalEvent], 4);
  assert.deepEqual([s.iterations, s.spikes], [40, 1]);
  assert.equal(s.lastMean, 1);
  assert.equal(s.lastStd, 0);
  const t = lossStats(events([1, 2, 3, 4]), 2, 20);
  assert.deepEqual([t.spikes, t.lastMean, t.lastStd], [0, 3.5, 0.5]);
});

test('hermitianEigenvalues matches the eigenvalues of (A + A†)/2 computed by hand', () => {
  // A = [[1, 2+1i], [0-3i, -1]] → H = [[1, 1+2i], [1-2i, -1]]; eigenvalues ±√(1 + 5) = ±√6.
  const a = [1, 0, 2, 1, 0, -3, -1, 0];
  const [lo, hi] = hermitianEigenvalues(a, 0);
  assert.ok(Math.abs(lo + Math.sqrt(6)) < 1e-12 && Math.abs(hi - Math.sqrt(6)) < 1e-12, `${lo}, ${hi}`);
  const diag = [0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 5, 0]; // qubit 1: diag(2, 5)
  assert.deepEqual(hermitianEigenvalues(diag, 1), [2, 5]);
});

/**
 * innerProbe's measures of the trainable-Hermitian tiny model, from parameters trained here (trainOnDistilled on
 * the same synthetic set, hand-made labels 0…9) and computed in float64: relative norms of the changes, and per
 * qubit the eigenvalues of H = (A + A†)/2 from its trace and determinant, λ = tr/2 ± √(tr²/4 − det).
 */
function referenceProbe() {
  const cfg = tiny({ model: { kind: 'quantum_lenet', qubits: 2, layers: 1, observable: 'hermitian' } });
  const syn = initSynthetic(cfg.model.input, 1, cfg.distillSteps, cfg.distillEpochs, 0.5, new Rng(1));
  const p0 = initModel(cfg.model, cfg.seed);
  const labels = tf.tensor1d([0, 1, 2, 3, 4, 5, 6, 7, 8, 9], 'int32');
  const pT = trainOnDistilled(cfg.model, p0, syn.images, labels, syn.rawLrs, { distillSteps: 2, distillEpochs: 1 });
  const v = (p: Params, k: string) => Array.from(p[k].dataSync(), Number);
  const rel = (k: string) => {
    const a = v(pT, k), b = v(p0, k);
    return Math.hypot(...a.map((x, i) => x - b[i])) / Math.hypot(...b);
  };
  const A = v(pT, 'q.hermitian'); // (2 qubits, row, col, re/im)
  let maxEigenvalue = 0;
  for (let q = 0; q < 2; q++) {
    const at = (r: number, c: number, k: number) => A[q * 8 + r * 4 + c * 2 + k];
    const h00 = at(0, 0, 0), h11 = at(1, 1, 0);
    const re = (at(0, 1, 0) + at(1, 0, 0)) / 2, im = (at(0, 1, 1) - at(1, 0, 1)) / 2; // H₀₁
    const tr = h00 + h11, det = h00 * h11 - (re * re + im * im), d = Math.sqrt(tr * tr / 4 - det);
    maxEigenvalue = Math.max(maxEigenvalue, Math.abs(tr / 2 - d), Math.abs(tr / 2 + d));
  }
  const out = { hermitianChange: rel('q.hermitian'), circuitChange: rel('q.weights'), maxEigenvalue,
    alpha: pT.alpha.dataSync()[0] };
  [p0, pT].forEach(disposeParams);
  tf.dispose([syn.images, syn.rawLrs, labels]);
  return out;
}

test('innerProbe: the trainable Hermitian and the circuit move; fixed or frozen ones do not; no tensors leak', () => {
  const probe = (model: Record<string, unknown>) => {
    const cfg = tiny({ model: { kind: 'quantum_lenet', qubits: 2, layers: 1, ...model } });
    const syn = initSynthetic(cfg.model.input, 1, cfg.distillSteps, cfg.distillEpochs, 0.5, new Rng(1));
    const r =
      innerProbe(cfg, syn.images.dataSync() as Float32Array, syn.images.shape, syn.rawLrs.dataSync() as Float32Array);
    tf.dispose([syn.images, syn.rawLrs]);
    return r;
  };
  const before = tf.memory().numTensors;
  const trainable = probe({ observable: 'hermitian' });
  assert.ok(trainable.hermitianChange > 0 && trainable.circuitChange > 0);
  assert.ok(trainable.maxEigenvalue !== null && trainable.maxEigenvalue > 0);
  assert.ok(trainable.alpha !== null && trainable.alpha !== 0.5);
  const ref = referenceProbe();
  const close = (a: number | null, b: number, what: string) =>
    assert.ok(a !== null && Math.abs(a - b) <= 1e-5 * Math.abs(b), `${what}: innerProbe ${a}, float64 ${b}`);
  close(trainable.hermitianChange, ref.hermitianChange, '‖A_T − A_0‖ / ‖A_0‖');
  close(trainable.circuitChange, ref.circuitChange, '‖w_T − w_0‖ / ‖w_0‖');
  close(trainable.maxEigenvalue, ref.maxEigenvalue, 'max |eigenvalue| of (A_T + A_T†)/2');
  assert.equal(trainable.alpha, ref.alpha);
  const fixed = probe({ observable: 'hermitian_fixed' });
  assert.equal(fixed.hermitianChange, 0);
  const frozen = probe({ observable: 'hermitian', freezeCircuit: true });
  assert.equal(frozen.circuitChange, 0);
  const pauli = probe({ observable: 'pauliz', residual: false });
  assert.deepEqual([pauli.maxEigenvalue, pauli.alpha, pauli.hermitianChange], [null, null, 0]);
  assert.equal(tf.memory().numTensors, before);
  assert.throws(() => innerProbe(tiny({ model: { kind: 'classical_lenet' } }), new Float32Array(0), [0],
    new Float32Array(0)), /expected a quantum_lenet config/);
});
