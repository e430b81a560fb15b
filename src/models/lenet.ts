/** Classical LeNet (the reference model of the paper's Table I). */
import * as nn from '../nn';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../util/rng';
import { applyDense, applyTrunk, initDense, initTrunk } from './layers';
import { Params, Path } from './params';
import { ClassicalLenetSpec, NUM_CLASSES } from './spec';

export function initClassicalLenet(spec: ClassicalLenetSpec, rng: Rng): Params {
  const p: Params = {};
  initTrunk(p, spec.input, rng);
  initDense(p, 'fc1', 400, 120, rng);
  initDense(p, 'fc2', 120, 84, rng);
  initDense(p, 'fc3', 84, NUM_CLASSES, rng);
  return p;
}

/** Logits `[N, 10]` for images `[N, H, W, C]`. */
export function applyClassicalLenet(spec: ClassicalLenetSpec, p: Params, x: tf.Tensor4D, path: Path): tf.Tensor2D {
  const h = applyTrunk(p, x, spec.input, path);
  const h1 = nn.relu(applyDense(p, 'fc1', h)) as tf.Tensor2D;
  const h2 = nn.relu(applyDense(p, 'fc2', h1)) as tf.Tensor2D;
  return applyDense(p, 'fc3', h2);
}
