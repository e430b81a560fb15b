/** Seeded weight initialisation. */
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../util/rng';

/**
 * Xavier/Glorot normal initialisation, as PyTorch's `xavier_normal_`:
 * N(0, std²) with std = gain · √(2 / (fanIn + fanOut)).
 * For a dense weight `[in, out]`: fanIn = in, fanOut = out. For a conv weight
 * `[kh, kw, Cin, Cout]` PyTorch uses fanIn = Cin·kh·kw and fanOut = Cout·kh·kw.
 * @param shape any shape @param rng the source of the draws (advanced by `size` normals)
 * @throws Error if a fan is not a positive integer, or gain is not positive.
 */
export function xavierNormal(shape: number[], fanIn: number, fanOut: number, rng: Rng, gain = 1): tf.Tensor {
  for (const [name, v] of [['fanIn', fanIn], ['fanOut', fanOut]] as const) {
    if (!Number.isInteger(v) || v <= 0) {
      throw new Error(`xavierNormal: expected ${name} to be a positive integer, received ${v}`);
    }
  }
  if (!(gain > 0)) throw new Error(`xavierNormal: expected gain > 0, received ${gain}`);
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new Error(`xavierNormal: expected a shape of integers ≥ 0, received [${shape}]`);
  }
  const size = shape.reduce((p, q) => p * q, 1);
  const std = gain * Math.sqrt(2 / (fanIn + fanOut));
  return tf.tensor(rng.normals(size, 0, std), shape, 'float32');
}
