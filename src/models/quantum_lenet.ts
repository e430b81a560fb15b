/**
 * Quantum LeNet, as in the authors' `QNN` class: LeNet trunk → FC1 120 ReLU → FC2 2^n (no
 * activation) h → 6-qubit layer (AmplitudeEmbedding(normalize) → StronglyEntanglingLayers → one
 * expectation per qubit) q → residual join `α·FC3(q) + (1−α)·ReLU(FCres(h))` (or `FC3(q)`;
 * with `residualBeta`, `α·FC3(q) + β·ReLU(FCres(h))`) → final FC 10→10.
 *
 * Parameters: the LeNet ones, `q.weights` `(L, n, 3)` (xavier-normal: std √(2/(3n + 3L)),
 * √(2/27) for (3, 6, 3)), `q.hermitian` `(n, 2, 2, 2)` ~ N(0, 1) for Hermitian observables,
 * `alpha` = 0.5 when residual (variants: see `spec.ts` and `quantum_front.ts`). Unlike the authors' code
 * (whose circuit read a private copy of its weights, so they never trained), `q.weights` is trained unless
 * `freezeCircuit`.
 */
import * as tf from '@tensorflow/tfjs';
import * as nn from '../nn';
import { ShotOptions } from '../sim/shot_noise';
import { Rng } from '../util/rng';
import { applyDense, applyTrunk, initDense, initTrunk } from './layers';
import { Params, Path, normalTensor } from './params';
import { applyQuantumLayer, applyQuanvTrunk, initHermitian, initQuanvTrunk } from './quantum_front';
import { NUM_CLASSES, QuantumLenetSpec, fc2Width, quantumOutputs } from './spec';

export function initQuantumLenet(spec: QuantumLenetSpec, rng: Rng): Params {
  const n = spec.qubits, L = spec.layers, dim = fc2Width(spec);
  const p: Params = {};
  if (spec.quanv) initQuanvTrunk(p, spec, rng);
  else initTrunk(p, spec.input, rng);
  initDense(p, 'fc1', 400, 120, rng);
  initDense(p, 'fc2', 120, dim, rng);
  p['q.weights'] = normalTensor([L, n, 3], Math.sqrt(2 / (3 * n + 3 * L)), rng);
  if (spec.observable !== 'pauliz') initHermitian(p, spec, rng);
  initDense(p, 'fc3', quantumOutputs(spec), NUM_CLASSES, rng);
  if (spec.residual) {
    initDense(p, 'fcres', dim, NUM_CLASSES, rng);
    p.alpha = tf.scalar(0.5);
  }
  initDense(p, 'fcout', NUM_CLASSES, NUM_CLASSES, rng);
  return p;
}

/** Names of the parameters that training updates (all but the frozen ones). */
export function quantumLenetTrainable(spec: QuantumLenetSpec, p: Params): string[] {
  return Object.keys(p).filter(
    (k) =>
      !(k === 'q.weights' && spec.freezeCircuit) &&
      !(k === 'q.hermitian' && spec.observable === 'hermitian_fixed') &&
      k !== 'quanv.unitary' &&
      k !== 'q.readout',
  );
}

/** The quantum layer's input: trunk → FC1 ReLU → FC2 (no activation), `[N, fc2Width]`. */
export function quantumLayerInput(spec: QuantumLenetSpec, p: Params, x: tf.Tensor4D, path: Path): tf.Tensor2D {
  const h = spec.quanv ? applyQuanvTrunk(p, x, path) : applyTrunk(p, x, spec.input, path);
  return applyDense(p, 'fc2', nn.relu(applyDense(p, 'fc1', h)) as tf.Tensor2D);
}

/** Logits `[N, 10]`; with `shots`, the quantum layer's expectations are finite-shot estimates. */
export function applyQuantumLenet(
  spec: QuantumLenetSpec,
  p: Params,
  x: tf.Tensor4D,
  path: Path,
  shots?: ShotOptions,
): tf.Tensor2D {
  const h2 = quantumLayerInput(spec, p, x, path);
  const q = applyQuantumLayer(spec, p, h2, shots);
  let out = applyDense(p, 'fc3', q);
  if (spec.residual) {
    const alpha = p.alpha;
    const res = nn.relu(applyDense(p, 'fcres', h2)) as tf.Tensor2D;
    const beta = spec.residualBeta ?? tf.sub(1, alpha);
    out = tf.add(tf.mul(alpha, out), tf.mul(beta, res)) as tf.Tensor2D;
  }
  return applyDense(p, 'fcout', out);
}
