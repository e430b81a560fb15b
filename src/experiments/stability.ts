/**
 * Measures of distillation stability (notebook 03):
 * - `lossStats`: spikes of the outer loss (an iteration whose loss exceeds 1.5× the median of
 *   the 20 before it), and the mean and standard deviation over the last epoch;
 * - `innerProbe`: what the inner loop does to the quantum part when a network is trained on a
 *   synthetic set — the relative change of the Hermitian parameters, the largest |eigenvalue|
 *   of the trained observables, the trained residual weight α and the change of the circuit
 *   angles.
 */
import * as tf from '@tensorflow/tfjs';
import { DistillConfig } from '../distill/config';
import { setLabels } from '../distill/labels';
import { unrolledTrain } from '../distill/unroll';
import { QuantumLenetSpec, disposeParams, initModel } from '../models';
import { hermitianMatrices } from '../models/quantum_front';
import { LossEvent, MetricsEvent, isEvalEvent } from '../runs/metrics';
import { tidy } from '../util/tidy';

/** Outer-loss stability over a run's iterations. */
export interface LossStats {
  iterations: number;
  /** Iterations whose loss exceeds `factor` × the median of the `window` before. */
  spikes: number;
  /** Mean and standard deviation of the losses of the last `lastN` iterations. */
  lastMean: number;
  lastStd: number;
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** Loss statistics of the loss events of `metrics` (see module comment). */
export function lossStats(metrics: readonly MetricsEvent[], lastN: number, window = 20, factor = 1.5): LossStats {
  const losses = metrics.filter((e): e is LossEvent => !isEvalEvent(e)).map((e) => e.loss);
  let spikes = 0;
  for (let i = window; i < losses.length; i++) if (losses[i] > factor * median(losses.slice(i - window, i))) spikes++;
  const last = losses.slice(-Math.max(1, lastN));
  const mean = last.reduce((a, b) => a + b, 0) / Math.max(1, last.length);
  const std = Math.sqrt(last.reduce((a, b) => a + (b - mean) ** 2, 0) / Math.max(1, last.length));
  return { iterations: losses.length, spikes, lastMean: mean, lastStd: std };
}

/**
 * Eigenvalues (ascending) of the 2×2 Hermitian H = (A + A†)/2 of qubit `q`;
 * `a` is `(n, 2, 2, 2)` [row, col, re/im].
 */
export function hermitianEigenvalues(a: ArrayLike<number>, q: number): [number, number] {
  const at = (r: number, c: number, k: number) => a[((q * 2 + r) * 2 + c) * 2 + k];
  const h00 = at(0, 0, 0), h11 = at(1, 1, 0);
  const re = (at(0, 1, 0) + at(1, 0, 0)) / 2, im = (at(0, 1, 1) - at(1, 0, 1)) / 2;
  const mid = (h00 + h11) / 2, rad = Math.sqrt(((h00 - h11) / 2) ** 2 + re * re + im * im);
  return [mid - rad, mid + rad];
}

export interface InnerProbe {
  /** ‖A_T − A_0‖ / ‖A_0‖ over all Hermitian parameters (0 when they are not trained or absent). */
  hermitianChange: number;
  /** Largest |eigenvalue| over the trained observables (null without Hermitian observables). */
  maxEigenvalue: number | null;
  /** α after the inner loop (null without residual). */
  alpha: number | null;
  /** ‖w_T − w_0‖ / ‖w_0‖ of the circuit angles. */
  circuitChange: number;
}

/**
 * Trains `cfg`'s initial network on the synthetic set (images, raw lrs, soft labels if learned)
 * and measures its quantum part.
 */
export function innerProbe(cfg: DistillConfig, images: Float32Array, shape: readonly number[], rawLrs: Float32Array,
  soft: Float32Array | null = null): InnerProbe {
  if (cfg.model.kind !== 'quantum_lenet') {
    throw new Error(`innerProbe: expected a quantum_lenet config, received ${cfg.model.kind}`);
  }
  const p0 = initModel(cfg.model, cfg.seed);
  try {
    return tidy(() => {
      const labels = setLabels(cfg, soft);
      const trained = unrolledTrain(cfg.model, p0, tf.tensor(images, [...shape]), labels, tf.tensor1d(rawLrs), {
        distillSteps: cfg.distillSteps,
        distillEpochs: cfg.distillEpochs,
        path: 'fast',
      });
      const change = (k: string) => tf.div(tf.norm(tf.sub(trained[k], p0[k])), tf.norm(p0[k])).dataSync()[0];
      const hasH = 'q.hermitian' in p0;
      let maxEig: number | null = null;
      if (hasH) {
        // As (n, 2, 2, 2) [re/im] of H itself ((H + H†)/2 = H), whatever the parametrisation.
        const h = hermitianMatrices(cfg.model as QuantumLenetSpec, trained);
        const a = tf.stack([h.re, h.im], -1).dataSync();
        const n = h.re.shape[0];
        maxEig = 0;
        for (let q = 0; q < n; q++) maxEig = Math.max(maxEig, ...hermitianEigenvalues(a, q).map(Math.abs));
      }
      return {
        hermitianChange: hasH ? change('q.hermitian') : 0,
        maxEigenvalue: maxEig,
        alpha: 'alpha' in trained ? trained.alpha.dataSync()[0] : null,
        circuitChange: change('q.weights'),
      };
    });
  } finally {
    disposeParams(p0);
  }
}
