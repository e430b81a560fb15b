/**
 * Model parameters: a flat, ordered record of named tensors (`conv1.w`, `fc1.b`, `q.weights`, …),
 * the single source of truth for what a model has. Models are pure functions of it, so the
 * distiller can differentiate through training steps that replace these tensors.
 */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../util/rng';

export type Params = Record<string, tf.Tensor>;

/** Layer implementations to use: second-order safe ('safe') or fastest first-order ('fast'). */
export type Path = 'safe' | 'fast';

/** Number of scalars in the listed parameters (all by default). */
export function paramCount(p: Params, keys: string[] = Object.keys(p)): number {
  return keys.reduce((s, k) => s + p[k].size, 0);
}

/** Frees every tensor of a parameter record. */
export function disposeParams(p: Params): void {
  for (const t of Object.values(p)) t.dispose();
}

/** `values` drawn N(0, std²) with `rng`, as a float32 tensor of `shape`. */
export function normalTensor(shape: number[], std: number, rng: Rng): tf.Tensor {
  return tf.tensor(rng.normals(shape.reduce((a, b) => a * b, 1), 0, std), shape);
}
