/**
 * The outer update: optional clipping of the outer gradient at k × its running mean norm
 * (`truncate.clip`), one Adam step with the epoch's learning rate (`updateClip` bounds each
 * coordinate's step), and a finiteness check of the new state.
 */
import * as tf from '@tensorflow/tfjs';
import { NonFiniteError } from '../util/errors';
import { adamStep, disposeAdam } from '../train/adam';
import { DistillConfig } from './config';
import { OuterGradient } from './shards';
import { clipToRunningMean } from './clip';
import { itersPerEpoch, outerLrAt } from './schedule';
import { DistillState, disposeState, learnables } from './state';

/**
 * The Adam step of iteration `state.iteration` with the epoch's learning rate. Returns the new
 * state; disposes the old state and the gradient.
 * @throws NonFiniteError (state and gradient left untouched) if the loss or the updated images
 *   or learning rates are not finite.
 */
export function applyOuterUpdate(
  cfg: DistillConfig,
  state: DistillState,
  g: OuterGradient,
  nTrain: number,
): DistillState {
  if (!Number.isFinite(g.loss)) throw new NonFiniteError(`outer loss is ${g.loss} at iteration ${state.iteration}`);
  const epoch = Math.floor(state.iteration / itersPerEpoch(cfg, nTrain));
  const raw = outerGrads(g);
  if (raw.length !== learnables(state).length) {
    throw new Error(`applyOuterUpdate: expected ${learnables(state).length} gradients, received ${raw.length}`);
  }
  const clipped = state.norms && cfg.truncate?.clip ? clipToRunningMean(raw, state.norms, cfg.truncate.clip) : null;
  const grads = clipped?.grads ?? raw;
  const next = adamStep(learnables(state), grads, state.adam, {
    lr: outerLrAt(cfg, epoch),
    beta1: cfg.betas[0],
    beta2: cfg.betas[1],
    updateClip: cfg.updateClip,
  });
  if (clipped && clipped.grads !== raw) tf.dispose(clipped.grads);
  const finite = tf.tidy(() => next.params.every((p) => tf.all(tf.isFinite(p)).dataSync()[0] === 1));
  if (!finite) {
    tf.dispose(next.params);
    disposeAdam(next.state);
    throw new NonFiniteError(
      `synthetic images, learning rates or labels became non-finite at iteration ${state.iteration}`,
    );
  }
  tf.dispose(raw);
  disposeState(state);
  const [images, rawLrs, labels] = next.params;
  return {
    images, rawLrs: rawLrs as tf.Tensor1D, ...(labels ? { labels: labels as tf.Tensor3D } : {}), adam: next.state,
    iteration: state.iteration + 1, ...(clipped ? { norms: clipped.norms } : {}),
  };
}

/** The gradient tensors of `g`, in `learnables` order. */
export const outerGrads = (g: OuterGradient): tf.Tensor[] =>
  g.dLabels ? [g.dImages, g.dRawLrs, g.dLabels] : [g.dImages, g.dRawLrs];
