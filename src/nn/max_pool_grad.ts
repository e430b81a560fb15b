/**
 * The first-order gradient of 2×2 stride-2 max pooling as one pass over the data, for the
 * fast path (`maxPool2x2Fast`).
 *
 * `maxPool2x2`'s gradient routes dy with ordinary ops (`pool.ts`), so that it can be
 * differentiated again; on a conv1 output of a 128-image shard those ten-odd kernels over
 * `[128, 28, 28, 6]` cost about 14 ms on wasm, a fifth of the shard's backward pass. This kernel
 * computes the same numbers, bit for bit, in one loop: for each window (x00 x01 / x10 x11) and
 * its dy value g,
 * - t2 = [max(x10, x11) > max(x00, x01)] (the lower row wins; ties go up), then the row values
 *   R0 = g·1 + (g·t2)·(−1), R1 = g·0 + (g·t2)·1;
 * - per row r, t1 = [x_r1 > x_r0] (ties go left), and R·1 + (R·t1)·(−1), R·0 + (R·t1)·1.
 * Those are the products and sums `pool.ts` evaluates; each is exact (factors 0, ±1, and sums
 * where one term is zero or the other's negation), so the float64 arithmetic here rounds to
 * the same float32 values, signed zeros included. A comparison b > a equals step(b − a): the
 * difference of two float32 values is zero only when they are equal (subnormals are kept).
 *
 * The kernel has no gradient: differentiating through it again is an error, not a silent zero.
 * It is registered for whichever backend is active on first use, reading and writing through
 * the backend's `readSync` / `write`, so it runs on every backend (on wasm, in place in its memory).
 */
import * as tf from '@tensorflow/tfjs';

const KERNEL = 'QdistillMaxPool2x2GradFast';

interface DataBackend {
  readSync(dataId: object): unknown;
  write(values: Float32Array, shape: number[], dtype: 'float32'): object;
  /** wasm only: a view of a tensor's memory, and a new uninitialised output. */
  typedArrayFromHeap?(t: tf.TensorInfo): Float32Array;
  makeOutput?(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

/** Writes dx `[N, H, W, C]` into `out` for x `[N, H, W, C]` and dy `[N, H/2, W/2, C]` (NHWC). */
export function maxPoolGradValues(x: Float32Array, dy: Float32Array, shape: readonly number[],
  out = new Float32Array(x.length)): Float32Array {
  const [n, h, w, c] = shape;
  const row = w * c, oh = h / 2, ow = w / 2;
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < oh; i++) {
      const top = ((b * h + 2 * i) * w) * c;
      const bottom = top + row;
      for (let j = 0; j < ow; j++) {
        for (let k = 0; k < c; k++) {
          const p00 = top + 2 * j * c + k, p01 = p00 + c, p10 = bottom + 2 * j * c + k, p11 = p10 + c;
          const x00 = x[p00], x01 = x[p01], x10 = x[p10], x11 = x[p11];
          const g = dy[((b * oh + i) * ow + j) * c + k];
          const t2 = Math.max(x10, x11) > Math.max(x00, x01) ? 1 : 0;
          const gt = g * t2;
          const r0 = g * 1 + gt * -1, r1 = g * 0 + gt * 1;
          const u0 = x01 > x00 ? 1 : 0, u1 = x11 > x10 ? 1 : 0;
          const a0 = r0 * u0, a1 = r1 * u1;
          out[p00] = r0 * 1 + a0 * -1;
          out[p01] = r0 * 0 + a0 * 1;
          out[p10] = r1 * 1 + a1 * -1;
          out[p11] = r1 * 0 + a1 * 1;
        }
      }
    }
  }
  return out;
}

function ensureKernel(): void {
  const backend = tf.getBackend();
  if (tf.getKernel(KERNEL, backend) !== undefined) return;
  tf.registerKernel({
    kernelName: KERNEL,
    backendName: backend,
    kernelFunc: ({ inputs, backend: b }) => {
      const { x, dy } = inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
      const store = b as unknown as DataBackend;
      if (store.typedArrayFromHeap !== undefined && store.makeOutput !== undefined) {
        // wasm: read and write the tensors' memory in place (every entry of out is written)
        const out = store.makeOutput(x.shape.slice(), 'float32');
        maxPoolGradValues(
          store.typedArrayFromHeap(x),
          store.typedArrayFromHeap(dy),
          x.shape,
          store.typedArrayFromHeap(out),
        );
        return out;
      }
      const values = maxPoolGradValues(
        store.readSync(x.dataId) as Float32Array,
        store.readSync(dy.dataId) as Float32Array,
        x.shape,
      );
      return { dataId: store.write(values, x.shape.slice(), 'float32'), shape: x.shape.slice(), dtype: 'float32' };
    },
  });
}

/**
 * dx of 2×2 max pooling, first order only (bitwise the gradient of `maxPool2x2`).
 * @param x `[N, H, W, C]` float32, H and W even @param dy `[N, H/2, W/2, C]`
 */
export function maxPoolGradFast(x: tf.Tensor4D, dy: tf.Tensor4D): tf.Tensor4D {
  const [n, h, w, c] = x.shape;
  if (dy.shape.join() !== [n, h / 2, w / 2, c].join() || x.dtype !== 'float32' || dy.dtype !== 'float32') {
    throw new Error(`maxPoolGradFast: expected float32 dy of shape [${[n, h / 2, w / 2, c]}] for x [${x.shape}], ` +
      `received ${dy.dtype} [${dy.shape}] (x ${x.dtype})`);
  }
  ensureKernel();
  return tf.engine().runKernel(KERNEL, { x, dy } as unknown as tf.NamedTensorMap) as tf.Tensor4D;
}
