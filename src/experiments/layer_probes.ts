/**
 * Measurements on the quantum layer of a quantum LeNet at initialisation (notebooks 11, 12):
 * - `embeddingProbe`: how the embedded states of a real batch spread (pairwise fidelities
 *   |⟨ψ_i|ψ_j⟩|², i ≠ j: a mean near 1 or a tiny spread means concentrated states), how much the
 *   layer's expectations vary over the batch, and the gradient norms of the loss with respect to
 *   the circuit weights and to all parameters — the "loss barrier" the paper suspects for some
 *   embeddings shows up as small gradients and concentrated states;
 * - `timeQuantumLayer`: median milliseconds of the quantum layer's forward + backward pass
 *   (circuit weights and observables) on a batch.
 */
import * as tf from '@tensorflow/tfjs';
import * as nn from '../nn';
import {
  Params,
  QuantumLenetSpec,
  applyModel,
  disposeParams,
  initModel,
  parseModelSpec,
  trainableKeys,
} from '../models';
import { quantumLayerInput } from '../models/quantum_lenet';
import { applyQuantumLayer } from '../models/quantum_front';
import { fc2Width } from '../models/spec';
import { State } from '../sim/state';
import { amplitudeEmbedding } from '../sim/templates/amplitude_embedding';
import { angleEmbedding } from '../sim/templates/angle_embedding';
import { stream } from '../util/streams';
import { tidy } from '../util/tidy';

export interface EmbeddingProbe {
  seed: number;
  /** Mean and std of |⟨ψ_i|ψ_j⟩|² over pairs i ≠ j of the batch. */
  fidelityMean: number;
  fidelityStd: number;
  /** Std over the batch of each expectation value, averaged over the outputs. */
  expvalStd: number;
  /** ‖∂L/∂(circuit weights)‖ and ‖∂L/∂(all trainable parameters)‖ (cross-entropy, batch mean). */
  gradNormCircuit: number;
  gradNormAll: number;
}

function quantumSpec(model: Record<string, unknown>): QuantumLenetSpec {
  const spec = parseModelSpec(model, 'mnist');
  if (spec.kind !== 'quantum_lenet' || spec.quanv) {
    throw new Error(`layer probes: expected a quantum_lenet without quanvolution, received ${JSON.stringify(model)}`);
  }
  return spec;
}

/** FC2 outputs `[N, width]` (the quantum layer's input) and its embedded state. */
function embedded(spec: QuantumLenetSpec, p: Params, x: tf.Tensor4D): { h2: tf.Tensor2D; state: State } {
  const h2 = quantumLayerInput(spec, p, x, 'fast');
  const state =
    spec.embedding === 'angle'
      ? angleEmbedding(h2, spec.qubits, spec.rotation ?? 'X')
      : amplitudeEmbedding(h2, spec.qubits, { normalize: true, padWith: 0 });
  return { h2, state };
}

/** The probe for `model` initialised with `seed`, on images `x` `[N, 28, 28, 1]`, labels `y` `[N]`. */
export function embeddingProbe(
  model: Record<string, unknown>,
  seed: number,
  x: tf.Tensor4D,
  y: tf.Tensor1D,
): EmbeddingProbe {
  const spec = quantumSpec(model);
  const p = initModel(spec, seed);
  try {
    return tidy(() => {
      const { h2, state } = embedded(spec, p, x);
      const n = x.shape[0];
      const re = tf.add(tf.matMul(state.re, state.re, false, true), tf.matMul(state.im, state.im, false, true));
      const im = tf.sub(tf.matMul(state.im, state.re, false, true), tf.matMul(state.re, state.im, false, true));
      const fid = (tf.add(tf.square(re), tf.square(im)).arraySync() as number[][]);
      const pairs: number[] = [];
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) pairs.push(fid[i][j]);
      const mean = pairs.reduce((a, b) => a + b, 0) / pairs.length;
      const std = Math.sqrt(pairs.reduce((a, b) => a + (b - mean) ** 2, 0) / pairs.length);
      const q = applyQuantumLayer(spec, p, h2);
      const expvalStd = tf.mean(tf.sqrt(tf.moments(q, 0).variance)).dataSync()[0];
      const keys = trainableKeys(spec, p);
      const grads = tf.grads((...t: tf.Tensor[]) =>
        nn.softmaxCrossEntropyFast(
          applyModel(spec, { ...p, ...Object.fromEntries(keys.map((k, i) => [k, t[i]])) }, x, 'fast'),
          y,
        ),
      )(keys.map((k) => p[k]));
      const norm2 = (ts: tf.Tensor[]) => Math.sqrt(ts.reduce((s, g) => s + tf.sum(tf.square(g)).dataSync()[0], 0));
      return {
        seed,
        fidelityMean: mean,
        fidelityStd: std,
        expvalStd,
        gradNormCircuit: norm2([grads[keys.indexOf('q.weights')]]),
        gradNormAll: norm2(grads),
      };
    });
  } finally {
    disposeParams(p);
  }
}

/** Median ms of the quantum layer's forward + backward on `batch` random FC2 outputs. */
export function timeQuantumLayer(
  model: Record<string, unknown>,
  o: { batch?: number; repeats?: number; seed?: number } = {},
): number {
  const spec = quantumSpec(model);
  const batch = o.batch ?? 1024, repeats = o.repeats ?? 7;
  const p = initModel(spec, o.seed ?? 0);
  const h2 = tf.tensor2d(stream(o.seed ?? 0, 'probeInputs').normals(batch * fc2Width(spec)), [batch, fc2Width(spec)]);
  const keys = ['q.weights', ...(p['q.hermitian'] ? ['q.hermitian'] : [])];
  const once = () =>
    tidy(() => {
      const g = tf.grads((...t: tf.Tensor[]) =>
        tf.sum(applyQuantumLayer(spec, { ...p, ...Object.fromEntries(keys.map((k, i) => [k, t[i]])) }, h2)),
      )(keys.map((k) => p[k]));
      g.forEach((t) => t.dataSync());
    });
  try {
    once(); // warm-up (kernel set-up)
    const ms: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      once();
      ms.push(performance.now() - t0);
    }
    ms.sort((a, b) => a - b);
    return ms[Math.floor(ms.length / 2)];
  } finally {
    h2.dispose();
    disposeParams(p);
  }
}
