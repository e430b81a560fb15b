/**
 * A small variational QNN classifier (the knowledge-distillation experiments' teacher and
 * students): image `[N, H, W, 1]` (normalised) → pixels (x·std + mean) → p×p average pooling
 * (`classifierPool`: the smallest p with (H/p)·(W/p) ≤ 2^n) → AmplitudeEmbedding(normalize,
 * zero-padded to 2^n) → L StronglyEntanglingLayers → ⟨Z_w⟩ of every wire `[N, n]` → linear head
 * n → 10 (logits).
 *
 * Parameters: `q.weights` `(L, n, 3)` xavier-normal (std √(2/(3n + 3L))), `head.w` `[n, 10]`
 * xavier-normal, `head.b` zeros. Pooling is a reshape and a mean, so the model is differentiable
 * to any order (the bilevel distiller can distil data for it).
 */
import * as tf from '@tensorflow/tfjs';
import { MNIST_MEAN, MNIST_STD } from '../data/dataset';
import { circuitLayer } from '../sim/circuit_layer';
import { Rng } from '../util/rng';
import { applyDense, initDense } from './layers';
import { Params, normalTensor } from './params';
import { NUM_CLASSES, QnnClassifierSpec, classifierPool } from './spec';

export function initQnnClassifier(spec: QnnClassifierSpec, rng: Rng): Params {
  const n = spec.qubits, L = spec.layers;
  const p: Params = { 'q.weights': normalTensor([L, n, 3], Math.sqrt(2 / (3 * n + 3 * L)), rng) };
  initDense(p, 'head', n, NUM_CLASSES, rng);
  return p;
}

/** Pooled pixels `[N, (H/p)·(W/p)·C]` (the circuit's input features). */
export function classifierFeatures(spec: QnnClassifierSpec, x: tf.Tensor4D): tf.Tensor2D {
  const { height: H, width: W, channels: C } = spec.input;
  const pool = classifierPool(spec.input, spec.qubits);
  const pixels = tf.add(tf.mul(x, MNIST_STD[0]), MNIST_MEAN[0]);
  const pooled = tf.mean(tf.reshape(pixels, [-1, H / pool, pool, W / pool, pool, C]), [2, 4]);
  return tf.reshape(pooled, [-1, (H / pool) * (W / pool) * C]) as tf.Tensor2D;
}

/** Logits `[N, 10]`. */
export function applyQnnClassifier(spec: QnnClassifierSpec, p: Params, x: tf.Tensor4D): tf.Tensor2D {
  const z = circuitLayer(classifierFeatures(spec, x), p['q.weights'] as tf.Tensor3D, {
    embedding: 'amplitude',
    observable: { kind: 'pauliz' },
  });
  return applyDense(p, 'head', z);
}
