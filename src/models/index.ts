/**
 * Models as pure functions: `initModel(spec, seed) → params`, `applyModel(spec, params, x, path)
 * → logits`, and `trainableKeys(spec, params)` (the parameters training updates).
 */
import * as tf from '@tensorflow/tfjs';
import { ShotOptions } from '../sim/shot_noise';
import { stream } from '../util/streams';
import { tidy } from '../util/tidy';
import { applyClassicalLenet, initClassicalLenet } from './lenet';
import { Params, Path } from './params';
import { applyQnnClassifier, initQnnClassifier } from './qnn_classifier';
import { applyQuantumLenet, initQuantumLenet, quantumLenetTrainable } from './quantum_lenet';
import { withFrozenReadout } from './quantum_front';
import { ModelSpec } from './spec';

export * from './spec';
export * from './params';

/**
 * Seeded initialisation (the same seed always gives the same network), drawn from the
 * `modelInit` stream of `seed` (`util/streams.ts`), independent of every other draw of that seed.
 */
export function initModel(spec: ModelSpec, seed: number): Params {
  const rng = stream(seed, 'modelInit');
  return tidy(() => {
    if (spec.kind === 'classical_lenet') return initClassicalLenet(spec, rng);
    return spec.kind === 'quantum_lenet' ? initQuantumLenet(spec, rng) : initQnnClassifier(spec, rng);
  });
}

/**
 * `params` with the constants of its frozen parts computed once (a frozen circuit's composed
 * unitary, see `withFrozenReadout`), for loops that apply the same initialisation many times.
 * Same values and gradients; returns `params` itself when there is nothing to precompute.
 * Added tensors belong to the returned record (`disposeParams`).
 */
export function precomputeFrozen(spec: ModelSpec, params: Params): Params {
  return spec.kind === 'quantum_lenet' ? withFrozenReadout(spec, params) : params;
}

/**
 * Logits `[N, 10]`; `path` 'safe' where gradients are differentiated again, 'fast' elsewhere.
 * `options.shots`: evaluate the quantum LeNet's expectations with finite shots (not differentiable).
 */
export function applyModel(
  spec: ModelSpec,
  params: Params,
  x: tf.Tensor4D,
  path: Path = 'safe',
  options: { shots?: ShotOptions } = {},
): tf.Tensor2D {
  const { height, width, channels } = spec.input;
  if (x.rank !== 4 || x.shape[1] !== height || x.shape[2] !== width || x.shape[3] !== channels) {
    throw new Error(
      `applyModel: expected images of shape [N, ${height}, ${width}, ${channels}], received [${x.shape}]`,
    );
  }
  if (options.shots && spec.kind !== 'quantum_lenet') {
    throw new Error(
      `applyModel: shots: only the quantum LeNet supports finite-shot evaluation, received a ${spec.kind}`,
    );
  }
  return tidy(() => {
    if (spec.kind === 'classical_lenet') return applyClassicalLenet(spec, params, x, path);
    return spec.kind === 'quantum_lenet'
      ? applyQuantumLenet(spec, params, x, path, options.shots)
      : applyQnnClassifier(spec, params, x);
  });
}

/** The parameters that training updates, in a fixed order. */
export function trainableKeys(spec: ModelSpec, params: Params): string[] {
  return spec.kind === 'quantum_lenet' ? quantumLenetTrainable(spec, params) : Object.keys(params);
}
