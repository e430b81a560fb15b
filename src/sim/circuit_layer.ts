/**
 * A variational quantum layer with a choice of embedding and observable:
 * features → AmplitudeEmbedding(normalize) or AngleEmbedding(rotation) → StronglyEntanglingLayers
 * → PauliZ on every wire, or one Hermitian per group of k adjacent wires.
 *
 * features: `[batch, F]` (amplitude: F ≤ 2^n, zero-padded; angle: F ≤ n);
 * weights: `(L, n, 3)`; observable Hermitians: complex `(n/k, 2^k, 2^k)`.
 * Returns `[batch, n]` (PauliZ) or `[batch, n/k]`. Differentiable to any order.
 * One-qubit observables (PauliZ or k = 1) with amplitude or RX/RY angle embedding run on the
 * fused `qnnLayer`; the rest gate-free on the composed unitary and the state.
 */
import * as tf from '@tensorflow/tfjs';
import { Complex } from './complex';
import { CircuitCost, recordExecutions } from './executions';
import { checkHermitianGroups, expvalHermitianGroups, pauliCost } from './hermitian_groups';
import { expvalPauliZ } from './measurements';
import { qnnLayer } from './qnn_layer';
import { amplitudeEmbedding } from './templates/amplitude_embedding';
import { Rotation, angleEmbedding } from './templates/angle_embedding';
import { stronglyEntanglingLayers } from './templates/strongly_entangling_layers';
import { tidy } from '../util/tidy';

export type CircuitObservable = { kind: 'pauliz' } | { kind: 'hermitian'; h: Complex; k: number };

export interface CircuitLayerOptions {
  embedding: 'amplitude' | 'angle';
  /** AngleEmbedding rotation (default 'X'). */
  rotation?: Rotation;
  observable: CircuitObservable;
  /** Whether the circuit weights are trained (counted as parameter-shift parameters; default true). */
  weightsTrainable?: boolean;
  /** Precomputed `qnnReadout` of frozen weights (fused path only: one-qubit observables). */
  readout?: tf.Tensor2D;
}

/** Parameter-shift cost of one circuit of this layer (see `executions.ts`). */
export function circuitLayerCost(nWires: number, nLayers: number, o: CircuitLayerOptions): CircuitCost {
  const encoding = o.embedding === 'angle' ? nWires : 2 ** nWires - 1;
  const weights = (o.weightsTrainable ?? true) ? nLayers * nWires * 3 : 0;
  // Groups act on disjoint wires, so one setting serves every group at once: 3^k settings.
  const settings = o.observable.kind === 'pauliz' ? 1 : pauliCost(o.observable.k).measurementSettings;
  return { shiftParams: encoding + weights, settings };
}

export function circuitLayer(features: tf.Tensor2D, weights: tf.Tensor3D, o: CircuitLayerOptions): tf.Tensor2D {
  const [L, n] = weights.shape;
  if (features.rank !== 2) {
    throw new Error(`circuitLayer: expected features of shape [batch, F], received [${features.shape}]`);
  }
  const F = features.shape[1];
  if (o.embedding === 'amplitude' && F > 2 ** n) {
    throw new Error(`circuitLayer: AmplitudeEmbedding on ${n} qubits takes at most ${2 ** n} features, received ${F}`);
  }
  if (o.embedding === 'angle' && F > n) {
    throw new Error(`circuitLayer: AngleEmbedding on ${n} qubits takes at most ${n} features, received ${F}`);
  }
  const obs = o.observable;
  const rotation = o.rotation ?? 'X';
  if ((o.embedding === 'amplitude' || rotation !== 'Z') && (obs.kind === 'pauliz' || obs.k === 1)) {
    // The fused path records its own executions (with 3 settings for one-qubit Hermitians).
    const angle = o.embedding === 'angle' ? (rotation as 'X' | 'Y') : undefined;
    return qnnLayer(features, weights, obs.kind === 'pauliz' ? obs : { kind: 'hermitian', h: obs.h }, {
      weightsTrainable: o.weightsTrainable,
      angle,
      readout: o.readout,
    });
  }
  if (o.readout) {
    throw new Error(
      'circuitLayer: a precomputed readout needs one-qubit observables and amplitude or RX/RY embedding, ' +
        `received ${o.embedding}${o.embedding === 'angle' ? ` (${rotation})` : ''} ` +
        `with groups of ${obs.kind === 'hermitian' ? obs.k : 1} qubits`,
    );
  }
  // before counting: a rejected call runs no circuit
  if (obs.kind === 'hermitian') checkHermitianGroups(n, obs.h, obs.k);
  recordExecutions(features.shape[0], circuitLayerCost(n, L, o));
  return tidy(() => {
    const s0 =
      o.embedding === 'amplitude'
        ? amplitudeEmbedding(features, n, { normalize: true, padWith: 0 })
        : angleEmbedding(features, n, o.rotation ?? 'X');
    const s = stronglyEntanglingLayers(s0, weights);
    return obs.kind === 'pauliz' ? expvalPauliZ(s) : expvalHermitianGroups(s, obs.h, obs.k);
  });
}
