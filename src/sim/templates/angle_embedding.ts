/**
 * AngleEmbedding (PennyLane semantics): `R_rotation(features[i])` on wire i, from |0…0⟩.
 *
 * features: `[batch, k]`, k ≤ n (wires k…n−1 stay |0⟩); rotation 'X' | 'Y' | 'Z'.
 * The result is a product state, built directly as a Kronecker product of one-qubit states
 * (wire 0 = most significant bit) rather than gate by gate.
 */
import * as tf from '@tensorflow/tfjs';
import { tidy } from '../../util/tidy';
import { split, unstack } from '../../util/slices';
import { State, checkWireCount } from '../state';

export type Rotation = 'X' | 'Y' | 'Z';

/** One-qubit states R(x)|0⟩ as [re0, re1], [im0, im1], each `[batch, 2]`. */
function qubitStates(x: tf.Tensor1D, rotation: Rotation): [tf.Tensor2D, tf.Tensor2D] {
  const h = tf.mul(x, 0.5);
  const c = tf.cos(h), s = tf.sin(h), z = tf.zerosLike(h);
  if (rotation === 'X') return [tf.stack([c, z], 1) as tf.Tensor2D, tf.stack([z, tf.neg(s)], 1) as tf.Tensor2D];
  if (rotation === 'Y') return [tf.stack([c, s], 1) as tf.Tensor2D, tf.stack([z, z], 1) as tf.Tensor2D];
  return [tf.stack([c, z], 1) as tf.Tensor2D, tf.stack([tf.neg(s), z], 1) as tf.Tensor2D];
}

export function angleEmbedding(features: tf.Tensor2D, nWires: number, rotation: Rotation = 'X'): State {
  checkWireCount(nWires);
  if (features.rank !== 2) {
    throw new Error(`AngleEmbedding: expected features of shape [batch, k], received [${features.shape}]`);
  }
  const [batch, k] = features.shape;
  if (k > nWires) throw new Error(`AngleEmbedding: expected at most ${nWires} features (one per wire), received ${k}`);
  if (!['X', 'Y', 'Z'].includes(rotation)) {
    throw new Error(`AngleEmbedding: rotation must be 'X', 'Y' or 'Z', received '${rotation}'`);
  }
  return tidy(() => {
    const cols = unstack(features, 1) as tf.Tensor1D[];
    let re: tf.Tensor2D = tf.ones([batch, 1]);
    let im: tf.Tensor2D = tf.zeros([batch, 1]);
    for (let w = 0; w < nWires; w++) {
      const [vr, vi] =
        w < k ? qubitStates(cols[w], rotation) : [tf.tile(tf.tensor2d([[1, 0]]), [batch, 1]), tf.zeros([batch, 2])];
      const a = re.shape[1];
      const outer = (p: tf.Tensor2D, q: tf.Tensor2D) =>
        tf.mul(tf.reshape(p, [batch, a, 1]), tf.reshape(q, [batch, 1, 2]));
      const nr = tf.sub(outer(re, vr as tf.Tensor2D), outer(im, vi as tf.Tensor2D));
      const ni = tf.add(outer(re, vi as tf.Tensor2D), outer(im, vr as tf.Tensor2D));
      re = tf.reshape(nr, [batch, 2 * a]);
      im = tf.reshape(ni, [batch, 2 * a]);
    }
    return { re, im, nWires };
  });
}
