/** Pieces of the open-question studies: parameter counts, per-iteration cost, layer probes, Pauli cost rows. */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { iterationCost, parameterCounts } from '../../src/experiments/variant_study';
import { embeddingProbe, timeQuantumLayer } from '../../src/experiments/layer_probes';
import {
  EMBEDDING_VARIANTS, HERMITIAN_GROUP_VARIANTS, QUANV_VARIANTS, pauliCostRow,
} from '../../src/experiments/open_questions';
import { loadSplit } from '../../src/distill/datasets';
import { toTensors } from '../../src/data';
import { QuantumLenetSpec, disposeParams, initModel, parseModelSpec } from '../../src/models';
import { quantumLayerInput } from '../../src/models/quantum_lenet';
import { tiny } from '../runs/helpers';

before(async () => assert.ok(await tf.setBackend('wasm')));

test('parameterCounts: quantum parameters and observable degrees of freedom (4^k per k-qubit group)', () => {
  const q = (extra: Record<string, unknown>) => parameterCounts({ kind: 'quantum_lenet', ...extra }, 'mnist');
  // 6 qubits, 3 layers: 54 circuit angles; one-qubit Hermitians: A is (6, 2, 2, 2) = 48 stored, 24 degrees of freedom.
  assert.deepEqual([q({}).quantum, q({}).observable], [54 + 48, 24]);
  assert.deepEqual([q({ hermitianQubits: 2 }).quantum, q({ hermitianQubits: 2 }).observable], [54 + 3 * 32, 48]);
  assert.deepEqual([q({ hermitianQubits: 3 }).quantum, q({ hermitianQubits: 3 }).observable], [54 + 2 * 128, 128]);
  assert.deepEqual([q({ observable: 'hermitian_fixed' }).quantum, q({ observable: 'hermitian_fixed' }).observable],
    [54, 0], 'a fixed Hermitian is not trained');
  assert.equal(q({ quanv: { circuit: 'sel', layers: 1 } }).quantum, 54 + 48 + 12,
    'trainable quanvolution weights (1, 4, 3)');
  assert.equal(q({ quanv: { circuit: 'random', layers: 1 } }).quantum, 54 + 48,
    'the random quanvolution circuit is fixed');
  assert.equal(parameterCounts({ kind: 'classical_lenet' }, 'mnist').quantum, 0);
});

test('iterationCost: executions of one outer iteration are the inner steps plus the real ' +
  'batch; timing is positive', () => {
  const cfg = tiny({ model: { kind: 'quantum_lenet', qubits: 2, layers: 1 } }); // 2 inner steps on 10 images, batch 16
  const train = loadSplit('mnist', 'train', { limit: 64 });
  const tensors = tf.memory().numTensors;
  const c = iterationCost(cfg, train, 1);
  assert.equal(tf.memory().numTensors, tensors, 'no leaked tensors');
  assert.deepEqual([c.executions.forward, c.executions.gradient], [2 * 10 + 16, 2 * 10 + 16]);
  assert.ok(c.seconds > 0);
  const classical = iterationCost(tiny({ model: { kind: 'classical_lenet' } }), train, 0);
  assert.deepEqual(classical.executions, { forward: 0, gradient: 0, hardwareCircuits: 0 });
});

/**
 * Mean and population std of |⟨ψ_i|ψ_j⟩|² over pairs i < j, in float64 from the FC2 outputs h (the embedding's
 * input) of the model initialised with seed 0: amplitude embedding (normalised, zero-padded) gives the squared
 * cosine (h_i·h_j)² / (‖h_i‖²‖h_j‖²); RX (or RY) angle embedding, a product of cos(a/2)|0⟩ − i·sin(a/2)|1⟩
 * (RY: + sin(a/2)|1⟩), gives ∏_w cos²((h_iw − h_jw)/2).
 */
function referenceFidelities(model: Record<string, unknown>, x: tf.Tensor4D): { mean: number; std: number } {
  const spec = parseModelSpec(model, 'mnist') as QuantumLenetSpec;
  const p = initModel(spec, 0);
  const h = tf.tidy(() => quantumLayerInput(spec, p, x, 'fast').arraySync());
  disposeParams(p);
  const dot = (a: number[], b: number[]) => a.reduce((s, v, k) => s + v * b[k], 0);
  const fidelity = (a: number[], b: number[]) => spec.embedding === 'angle'
    ? a.reduce((f, v, w) => f * Math.cos((v - b[w]) / 2) ** 2, 1)
    : dot(a, b) ** 2 / (dot(a, a) * dot(b, b));
  const pairs: number[] = [];
  for (let i = 0; i < h.length; i++) for (let j = i + 1; j < h.length; j++) pairs.push(fidelity(h[i], h[j]));
  const mean = pairs.reduce((a, b) => a + b, 0) / pairs.length;
  return { mean, std: Math.sqrt(pairs.reduce((a, b) => a + (b - mean) ** 2, 0) / pairs.length) };
}

test('embeddingProbe: fidelities in [0, 1], identical images give fidelity 1 and no spread; no leaks', () => {
  const train = loadSplit('mnist', 'train', { limit: 8 });
  const { x, y } = toTensors(train, [0, 1, 2, 3, 4, 5, 6, 7]);
  const same = tf.tile(tf.slice(x, [0, 0, 0, 0], [1, 28, 28, 1]), [4, 1, 1, 1]) as tf.Tensor4D;
  const ySame = tf.slice(y, [0], [4]) as tf.Tensor1D;
  const tensors = tf.memory().numTensors;
  for (const v of EMBEDDING_VARIANTS) {
    const p = embeddingProbe(v.model, 0, x, y);
    assert.ok(p.fidelityMean >= 0 && p.fidelityMean <= 1 + 1e-5 && p.fidelityStd >= 0,
      `${v.key}: ${JSON.stringify(p)}`);
    assert.ok(p.gradNormAll > 0 && p.gradNormCircuit > 0 && p.gradNormCircuit <= p.gradNormAll,
      `${v.key}: gradient norms`);
    const ref = referenceFidelities(v.model, x);
    assert.ok(Math.abs(p.fidelityMean - ref.mean) < 1e-5 && Math.abs(p.fidelityStd - ref.std) < 1e-5,
      `${v.key}: fidelities ${p.fidelityMean} ± ${p.fidelityStd}, float64 ${ref.mean} ± ${ref.std}`);
    const s = embeddingProbe(v.model, 0, same, ySame);
    assert.ok(Math.abs(s.fidelityMean - 1) < 1e-4 && s.fidelityStd < 1e-4 && s.expvalStd < 1e-4,
      `${v.key}: identical images`);
  }
  assert.equal(tf.memory().numTensors, tensors, 'no leaked tensors');
  assert.throws(() => embeddingProbe(QUANV_VARIANTS[1].model, 0, x, y),
    /expected a quantum_lenet without quanvolution/);
  tf.dispose([x, y, same, ySame]);
});

test('timeQuantumLayer and pauliCostRow', () => {
  const ms = timeQuantumLayer(HERMITIAN_GROUP_VARIANTS[1].model, { batch: 16, repeats: 3 });
  assert.ok(ms > 0 && Number.isFinite(ms));
  assert.deepEqual(pauliCostRow(2, 6, 12.345), { k: 2, groups: 3, pauli_terms_per_group: 16, pauli_terms_total: 48,
    measurement_settings: 9, observable_parameters: 48, layer_ms: 12.35 });
  assert.deepEqual(pauliCostRow(3, 6, 1), { k: 3, groups: 2, pauli_terms_per_group: 64, pauli_terms_total: 128,
    measurement_settings: 27, observable_parameters: 128, layer_ms: 1 });
});
