/**
 * maxPool2x2 / avgPool2x2 (and the …Fast names): values and gradients against tf.maxPool /
 * tf.avgPool on cpu, wasm against cpu (wasm's own MaxPoolGrad is wrong, shown here),
 * ties, second order against finite differences, errors, no leaks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { avgPool2x2, avgPool2x2Fast, maxPool2x2, maxPool2x2Fast } from '../../src/nn';
import { Rng } from '../../src/util/rng';
import { TEST_BACKENDS, assertArraysClose, assertHvp, assertNoLeak, randn, useBackend } from './helpers';

type Pool = (x: tf.Tensor4D) => tf.Tensor4D;
const builtinMax: Pool = (x) => tf.maxPool(x, 2, 2, 'valid');
const builtinAvg: Pool = (x) => tf.avgPool(x, 2, 2, 'valid');
const SHAPES = [[2, 4, 4, 1], [3, 8, 6, 4], [1, 2, 10, 3]];

function valueAndGrad(pool: Pool, x: tf.Tensor4D, seed: number) {
  return tf.tidy(() => {
    const [n, h, w, c] = x.shape;
    const dy = randn(new Rng(seed), [n, h / 2, w / 2, c]);
    const g = tf.grad((z: tf.Tensor) => tf.sum(tf.mul(pool(z as tf.Tensor4D), dy)))(x);
    return { y: pool(x).dataSync().slice(), g: g.dataSync().slice() };
  });
}

test('maxPool2x2 and avgPool2x2 (and the Fast names) equal the built-in pools: values and gradients [cpu]', async () => {
  await useBackend('cpu');
  SHAPES.forEach((s, i) => {
    const x = randn(new Rng(50 + i), s) as tf.Tensor4D;
    for (const [name, ours, ref] of [['max', maxPool2x2, builtinMax], ['maxFast', maxPool2x2Fast, builtinMax], ['avg', avgPool2x2, builtinAvg], ['avgFast', avgPool2x2Fast, builtinAvg]] as const) {
      const a = valueAndGrad(ours, x, 60 + i), b = valueAndGrad(ref, x, 60 + i);
      assertArraysClose(a.y, b.y, 1e-6, `${name} value [${s}]`);
      assertArraysClose(a.g, b.g, 1e-6, `${name} gradient [${s}]`);
    }
    x.dispose();
  });
});

test('ties go to the first maximum in row-major order, like the cpu built-in (relu-flattened windows, equal pairs) [cpu, wasm]', async () => {
  // 2×2 windows: all equal | equal maxima on the anti-diagonal | in the first column | in the lower row
  const vals = [2, 2, 1, 4, 2, 2, 4, 0, 3, 1, 0, -1, 3, 0, 2, 2];
  const res: Record<string, Float32Array> = {};
  for (const backend of ['cpu', 'wasm']) {
    await useBackend(backend);
    res[backend] = tf.tidy(() => {
      const x = tf.tensor4d(vals, [1, 4, 4, 1]);
      const dy = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
      return tf.grad((z: tf.Tensor) => tf.sum(tf.mul(maxPool2x2(z as tf.Tensor4D), dy)))(x).dataSync() as Float32Array;
    });
  }
  await useBackend('cpu');
  const ref = tf.tidy(() => tf.grad((z: tf.Tensor) => tf.sum(tf.mul(builtinMax(z as tf.Tensor4D), tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]))))(tf.tensor4d(vals, [1, 4, 4, 1])).dataSync());
  assert.deepEqual(Array.from(res.cpu), Array.from(ref));
  assert.deepEqual(Array.from(res.wasm), Array.from(ref));
});

test('on wasm: values and gradients equal cpu, while the built-in MaxPoolGrad drops windows whose maximum is negative', async () => {
  const cpu: Array<{ y: Float32Array | Int32Array | Uint8Array; g: Float32Array | Int32Array | Uint8Array }> = [];
  await useBackend('cpu');
  for (const pool of [maxPool2x2, avgPool2x2]) cpu.push(valueAndGrad(pool, tf.tidy(() => tf.tensor4d(new Rng(70).normals(3 * 8 * 6 * 4), [3, 8, 6, 4])), 71));
  const x = tf.tensor4d(new Rng(70).normals(3 * 8 * 6 * 4), [3, 8, 6, 4]);
  const refBuiltin = valueAndGrad(builtinMax, x, 71);
  x.dispose();
  await useBackend('wasm');
  const xw = tf.tensor4d(new Rng(70).normals(3 * 8 * 6 * 4), [3, 8, 6, 4]);
  [maxPool2x2, avgPool2x2].forEach((pool, i) => {
    const r = valueAndGrad(pool, xw, 71);
    assertArraysClose(r.y, cpu[i].y, 1e-6, `${pool.name} value`);
    assertArraysClose(r.g, cpu[i].g, 1e-6, `${pool.name} gradient`);
  });
  // Documents the upstream bug (tfjs-backend-wasm 4.22) that maxPool2x2 avoids.
  const wasmBuiltin = valueAndGrad(builtinMax, xw, 71);
  xw.dispose();
  const sum = (a: ArrayLike<number>) => Array.from(a).reduce((p, q) => p + Math.abs(q), 0);
  assert.ok(sum(wasmBuiltin.g) < sum(refBuiltin.g) - 1, 'expected the wasm built-in max-pool gradient to lose mass');
});

for (const backend of TEST_BACKENDS) {
  test(`Hessian-vector products through the pools match finite differences [${backend}]`, async () => {
    await useBackend(backend);
    for (const [name, pool] of [['max', maxPool2x2], ['avg', avgPool2x2]] as const) {
      tf.tidy(() => {
        const rng = new Rng(80);
        const shape: [number, number, number, number] = [2, 6, 4, 3], size = 2 * 6 * 4 * 3;
        const theta = randn(rng, [size]), v = randn(rng, [size]), ct = randn(rng, [2, 3, 2, 3]);
        // curvature before (x²) and after (sin) the pool, so the pool's own second-order path matters
        const f = (t: tf.Tensor) => tf.sum(tf.mul(tf.sin(pool(tf.reshape(tf.mul(t, t), shape) as tf.Tensor4D)), ct)) as tf.Scalar;
        assertHvp(f, theta, v, 1e-3, 2e-3, `${name} pool`);
      });
    }
  });
}

test('errors: odd height or width, wrong rank', async () => {
  await useBackend('cpu');
  tf.tidy(() => {
    for (const pool of [maxPool2x2, maxPool2x2Fast, avgPool2x2, avgPool2x2Fast]) {
      assert.throws(() => pool(tf.zeros([1, 5, 4, 2]) as tf.Tensor4D), new RegExp(`${pool.name}: expected even height and width, received H = 5, W = 4 \\(shape \\[1,5,4,2\\]\\)`));
      assert.throws(() => pool(tf.zeros([1, 4, 3, 2]) as tf.Tensor4D), /received H = 4, W = 3/);
      assert.throws(() => pool(tf.zeros([4, 4, 2]) as unknown as tf.Tensor4D), /expected x of rank 4 \[N, H, W, C\], received shape \[4,4,2\]/);
    }
  });
});

for (const backend of TEST_BACKENDS) {
  test(`no leaked tensors [${backend}]`, async () => {
    await useBackend(backend);
    const x = randn(new Rng(90), [2, 4, 6, 3]) as tf.Tensor4D;
    for (const pool of [maxPool2x2, avgPool2x2, maxPool2x2Fast, avgPool2x2Fast]) {
      assertNoLeak(() => pool(x), `${pool.name} forward`);
      assertNoLeak(() => tf.grad((z: tf.Tensor) => tf.sum(tf.square(pool(z as tf.Tensor4D))))(x), `${pool.name} gradient`);
      assertNoLeak(() => tf.grad((a: tf.Tensor) => tf.sum(tf.grad((z: tf.Tensor) => tf.sum(tf.sin(pool(z as tf.Tensor4D))))(a)))(x), `${pool.name} second order`);
    }
    x.dispose();
  });
}
