/**
 * Evaluates a `CircuitSpec`: expectation values, their gradients with respect to the layer
 * weights and the raw features (reverse mode, one pass per observable), and the final state.
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
import { stronglyEntanglingLayers } from './templates/strongly_entangling_layers';
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

/** The circuit's final state for features `[1, k]` and weights `(L, n, 3)`. */
export function circuitState(spec: CircuitSpec, features: tf.Tensor2D, weights: tf.Tensor3D): State {
  return tidy(() => {
    const e = spec.embedding;
    const s0 = e.type === 'amplitude'
      ? amplitudeEmbedding(features, spec.nWires, { normalize: e.normalize, padWith: e.padWith })
      : angleEmbedding(features, spec.nWires, e.rotation);
    return stronglyEntanglingLayers(s0, weights, { ranges: spec.layers.ranges, imprimitive: spec.layers.imprimitive });
  });
}

/** Expectation values `[n_obs]` of the circuit. */
export function circuitExpvals(spec: CircuitSpec, features: tf.Tensor2D, weights: tf.Tensor3D): tf.Tensor1D {
  const n = spec.nWires, [L] = weights.shape;
  const encoding = spec.embedding.type === 'amplitude' ? 2 ** n - 1 : n;
  const settings = spec.observables.every((o) => o.kind === 'PauliZ') ? 1 : 3 ** Math.max(...spec.observables.map((o) => o.wires.length));
  recordExecutions(1, { shiftParams: encoding + L * n * 3, settings });
  return tidy(() => {
    const s = circuitState(spec, features, weights);
    const vals = spec.observables.map((o) =>
      o.kind === 'PauliZ' ? tf.reshape(expvalPauliZ(s, o.wires), [1]) : expvalHermitian(s, complexFromPairs(o.matrix, 'matrix'), o.wires),
    );
    return tf.concat(vals) as tf.Tensor1D;
  });
}

/** Runs a circuit and reads everything back (frees all tensors it made). */
export function runCircuit(spec: CircuitSpec): CircuitResult {
  return tidy(() => {
    const features = tf.tensor2d([spec.embedding.features]);
    const weights = tf.tensor3d(spec.layers.weights);
    const expvals = Array.from(circuitExpvals(spec, features, weights).dataSync());
    const gradWeights: number[][][][] = [];
    const gradFeatures: number[][] = [];
    spec.observables.forEach((_, k) => {
      const f = (x: tf.Tensor, w: tf.Tensor) =>
        tf.slice(circuitExpvals(spec, x as tf.Tensor2D, w as tf.Tensor3D), [k], [1]).sum() as tf.Scalar;
      const [gx, gw] = tf.grads(f)([features, weights]);
      gradFeatures.push((gx.arraySync() as number[][])[0]);
      gradWeights.push(gw.arraySync() as number[][][]);
    });
    const s = circuitState(spec, features, weights);
    const re = s.re.dataSync(), im = s.im.dataSync();
    return {
      id: spec.id,
      expvals,
      grad_weights: gradWeights,
      grad_features: gradFeatures,
      state: Array.from(re, (r, j) => [r, im[j]]),
    };
  });
}
