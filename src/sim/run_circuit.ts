/**
 * Evaluates a `CircuitSpec`: expectation values, their gradients with respect to the layer
 * weights and the raw features (reverse mode, one pass for all observables), and the final state.
 * Output layouts are those of the PennyLane fixtures.
 */
import * as tf from '@tensorflow/tfjs';
import { CircuitSpec } from './circuit_spec';
import { complexFromPairs } from './complex';
import { recordExecutions } from './executions';
import { expvalHermitian, expvalPauliZ } from './measurements';
import { State } from './state';
import { amplitudeEmbedding } from './templates/amplitude_embedding';
import { angleEmbedding } from './templates/angle_embedding';
import { applyGates } from './templates/strongly_entangling_layers';
import { tidy } from '../util/tidy';

export interface CircuitResult {
  id: string | number;
  /** `[n_obs]` */
  expvals: number[];
  /** `[n_obs][L][n][3]`: d expval_k / d weights */
  grad_weights: number[][][][];
  /** `[n_obs][n_features]`: d expval_k / d raw features */
  grad_features: number[][];
  /** `[2^n][2]`: final state amplitudes as [re, im] */
  state: number[][];
}

/**
 * The circuit's final states for features `[B, k]` and weights `(L, n, 3)` (shared) or
 * `(B, L, n, 3)` (one set per circuit). Single circuits run gate by gate: composing the
 * 2^n × 2^n unitary pays off for a batch of about 2^n states, not for a handful.
 */
export function circuitState(spec: CircuitSpec, features: tf.Tensor2D, weights: tf.Tensor3D | tf.Tensor4D): State {
  return tidy(() => {
    const e = spec.embedding;
    const s0 = e.type === 'amplitude'
      ? amplitudeEmbedding(features, spec.nWires, { normalize: e.normalize, padWith: e.padWith })
      : angleEmbedding(features, spec.nWires, e.rotation);
    return applyGates(s0, weights, { ranges: spec.layers.ranges, imprimitive: spec.layers.imprimitive });
  });
}

/** Expectation values `[B, n_obs]` of B circuits (features `[B, k]`, weights as `circuitState`). */
export function circuitExpvals(
  spec: CircuitSpec,
  features: tf.Tensor2D,
  weights: tf.Tensor3D | tf.Tensor4D,
): tf.Tensor2D {
  const n = spec.nWires,
    L = weights.shape[weights.rank - 3],
    batch = features.shape[0];
  const encoding = spec.embedding.type === 'amplitude' ? 2 ** n - 1 : n;
  const maxK = Math.max(...spec.observables.map((o) => o.wires.length));
  const settings = spec.observables.every((o) => o.kind === 'PauliZ') ? 1 : 3 ** maxK;
  recordExecutions(batch, { shiftParams: encoding + L * n * 3, settings });
  return tidy(() => {
    const s = circuitState(spec, features, weights);
    const vals = spec.observables.map((o) =>
      o.kind === 'PauliZ'
        ? expvalPauliZ(s, o.wires)
        : tf.reshape(expvalHermitian(s, complexFromPairs(o.matrix, 'matrix'), o.wires), [batch, 1]),
    );
    return tf.concat(vals, 1) as tf.Tensor2D;
  });
}

/**
 * Runs a circuit and reads everything back (frees all tensors it made). The gradients of all
 * n_obs observables come from one taped pass over n_obs copies of the circuit, copy k with its
 * own features and weights and the objective Σ_k ⟨O_k⟩(copy k): the gradient with respect
 * to copy k's inputs is row k of the Jacobian.
 */
export function runCircuit(spec: CircuitSpec): CircuitResult {
  return tidy(() => {
    const features = tf.tensor2d([spec.embedding.features]);
    const weights = tf.tensor3d(spec.layers.weights);
    const expvals = Array.from(circuitExpvals(spec, features, weights).dataSync());
    const m = spec.observables.length;
    const xs = tf.tile(features, [m, 1]);
    const ws = tf.tile(tf.expandDims(weights, 0), [m, 1, 1, 1]);
    const diagonal = tf.eye(m);
    const objective = (x: tf.Tensor, w: tf.Tensor) =>
      tf.sum(tf.mul(circuitExpvals(spec, x as tf.Tensor2D, w as tf.Tensor4D), diagonal)) as tf.Scalar;
    const [gx, gw] = tf.grads(objective)([xs, ws]);
    const s = circuitState(spec, features, weights);
    const re = s.re.dataSync(), im = s.im.dataSync();
    return {
      id: spec.id,
      expvals,
      grad_weights: gw.arraySync() as number[][][][],
      grad_features: gx.arraySync() as number[][],
      state: Array.from(re, (r, j) => [r, im[j]]),
    };
  });
}
