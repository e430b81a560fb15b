/**
 * Manual benchmark (not part of `make test`): the layers on the backend chosen by
 * QDISTILL_BACKEND (or the automatic choice), plus a patches + matMul convolution for
 * comparison, which is kept here rather than in src/ because it loses.
 *
 *   QDISTILL_BACKEND=wasm node --import tsx test/nn/bench_layers.ts [batch] [repeats]
 *
 * The patches convolution ("shift and add"): the input is transposed to [Hp, Wp, N, C] so
 * that each of the k² shifted windows is a slice with long contiguous runs (the wasm Slice
 * kernel copies run by run in JavaScript), each window is multiplied by its [C, Cout] slice
 * of the filter with `matMul`, and the k² products are summed with one `addN`. Differentiable
 * to any order (slices, transposes, matMul), like conv2d.
 */
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../../src/backend';
import { matMul } from '../../src/linalg/matmul';
import { benchNn } from '../../src/bench/nn_bench';

export function patchConv(x: tf.Tensor4D, w: tf.Tensor4D, pad: number): tf.Tensor4D {
  const [n, h, wd, c] = x.shape;
  const [kh, kw, , cout] = w.shape;
  const oh = h + 2 * pad - kh + 1, ow = wd + 2 * pad - kw + 1;
  const xt = tf.transpose(tf.pad(x, [[0, 0], [pad, pad], [pad, pad], [0, 0]]), [1, 2, 0, 3]);
  const terms: tf.Tensor[] = [];
  for (let a = 0; a < kh; a++) {
    for (let b = 0; b < kw; b++) {
      const win = tf.reshape(tf.slice(xt, [a, b, 0, 0], [oh, ow, n, c]), [oh * ow * n, c]);
      terms.push(matMul(win, tf.reshape(tf.slice(w, [a, b, 0, 0], [1, 1, c, cout]), [c, cout])));
    }
  }
  return tf.transpose(tf.reshape(tf.addN(terms), [oh, ow, n, cout]), [2, 0, 1, 3]) as tf.Tensor4D;
}

async function main(): Promise<void> {
  const backend = await initBackend();
  const batch = Number(process.argv[2] ?? 1024), repeats = Number(process.argv[3] ?? 5);
  const r = await benchNn({
    batch,
    repeats,
    extra: (i) => {
      const ops: Record<string, () => void> = {};
      for (const [k, x, w, c, pad] of [[1, i.x1, i.w1, i.c1, 2], [2, i.x2, i.w2, i.c2, 0]] as const) {
        const g = tf.grads((a: tf.Tensor, v: tf.Tensor) =>
          tf.sum(tf.mul(patchConv(a as tf.Tensor4D, v as tf.Tensor4D, pad), c)));
        ops[`conv${k}_patches`] = () => tf.tidy(() => g([x, w]).forEach((t) => t.dataSync()));
      }
      return ops;
    },
  });
  console.log(JSON.stringify({ backend, batch: r.batch, repeats: r.repeats, median_ms: r.median_ms }, null, 1));
}

if (require.main === module) void main();
