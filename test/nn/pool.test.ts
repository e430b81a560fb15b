/**
 * maxPool2x2 / avgPool2x2 and the …Fast names (the same forwards; maxPool2x2Fast's one-pass
 * gradient must have maxPool2x2's bits, see src/nn/max_pool_grad.ts): values and
 * gradients against an independent plain-JS reference (loops over the 2×2 windows; max routes
 * dy to the first maximum in row-major order, average spreads dy / 4) and against central
 * finite differences of their own forward, on cpu and wasm; the two main names also against
 * tf.maxPool / tf.avgPool on cpu; wasm against cpu (wasm's own MaxPoolGrad is wrong, shown
 * here); ties; second order against finite differences; errors; no leaks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { avgPool2x2, avgPool2x2Fast, maxPool2x2, maxPool2x2Fast } from '../../src/nn';
import { maxPoolGradFast } from '../../src/nn/max_pool_grad';
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

/**
 * Plain-JS 2×2 stride-2 pool of x (NHWC, row-major) and the gradient of Σ pool(x)·dy in x;
 * `gap[q]`: the distance between the two largest values of the window holding x[q].
 */
function referencePool(kind: 'max' | 'avg', x: ArrayLike<number>, [n, h, w, c]: readonly number[],
  dy: ArrayLike<number>) {
  const at = (b: number, i: number, j: number, k: number) => ((b * h + i) * w + j) * c + k;
  const y = new Float64Array((n * h * w * c) / 4), g = new Float64Array(n * h * w * c),
    gap = new Float64Array(n * h * w * c);
  for (let b = 0; b < n; b++) {
    for (let i = 0; i < h / 2; i++) {
      for (let j = 0; j < w / 2; j++) {
        for (let k = 0; k < c; k++) {
          const out = ((b * (h / 2) + i) * (w / 2) + j) * c + k;
          // the window in row-major order: (2i, 2j), (2i, 2j+1), (2i+1, 2j), (2i+1, 2j+1)
          const cells = [at(b, 2 * i, 2 * j, k), at(b, 2 * i, 2 * j + 1, k), at(b, 2 * i + 1, 2 * j, k),
            at(b, 2 * i + 1, 2 * j + 1, k)];
          const sorted = cells.map((q) => x[q]).sort((p, q) => q - p);
          for (const q of cells) gap[q] = sorted[0] - sorted[1];
          if (kind === 'avg') {
            y[out] = cells.reduce((sum, q) => sum + x[q], 0) / 4;
            for (const q of cells) g[q] += dy[out] / 4;
          } else {
            let best = cells[0];
            for (const q of cells.slice(1)) if (x[q] > x[best]) best = q; // strict: a tie keeps the first
            y[out] = x[best];
            g[best] += dy[out];
          }
        }
      }
    }
  }
  return { y, g, gap };
}

const ALL_NAMES =
  [['max', maxPool2x2], ['maxFast', maxPool2x2Fast], ['avg', avgPool2x2], ['avgFast', avgPool2x2Fast]] as const;

/** ∂/∂x[q] of Σ pool(x)·dy by central differences of the op's own forward (sums in float64). */
function finiteDifferences(pool: Pool, xs: Float32Array, shape: [number, number, number, number],
  dys: ArrayLike<number>, eps: number): number[] {
  const loss = (v: Float32Array) => {
    const y = tf.tidy(() => pool(tf.tensor4d(v, shape)).dataSync());
    let sum = 0;
    for (let o = 0; o < y.length; o++) sum += y[o] * dys[o];
    return sum;
  };
  return Array.from(xs, (_, q) => {
    const up = xs.slice(), down = xs.slice();
    up[q] += eps;
    down[q] -= eps;
    return (loss(up) - loss(down)) / (up[q] - down[q]); // the float32 step actually taken
  });
}

for (const backend of TEST_BACKENDS) {
  test(`all four names against a plain-JS pool (values, gradients) and finite ` +
    `differences (gradients) [${backend}]`, async () => {
    await useBackend(backend);
    SHAPES.forEach((s, i) => {
      const shape = s as [number, number, number, number];
      const x = randn(new Rng(50 + i), s) as tf.Tensor4D;
      const xs = x.dataSync().slice() as Float32Array;
      const dys = new Rng(60 + i).normals(xs.length / 4); // the dy of valueAndGrad(…, 60 + i)
      for (const [name, pool] of ALL_NAMES) {
        const ref = referencePool(name.startsWith('max') ? 'max' : 'avg', xs, s, dys);
        const ours = valueAndGrad(pool, x, 60 + i);
        assertArraysClose(ours.y, ref.y, 1e-6, `${name} value [${s}]`);
        assertArraysClose(ours.g, ref.g, 1e-6, `${name} gradient [${s}]`);
        // The max is differentiable away from ties: compare where the window's top two differ by > 4·eps.
        const eps = 1e-3, fd = finiteDifferences(pool, xs, shape, dys, eps);
        const away = (q: number) => !name.startsWith('max') || ref.gap[q] > 4 * eps;
        const kept = fd.map((_, q) => q).filter(away);
        assert.ok(kept.length > 0.9 * fd.length,
          `${name}: too few coordinates away from ties (${kept.length} of ${fd.length})`);
        assertArraysClose(kept.map((q) => ours.g[q]), kept.map((q) => fd[q]), 2e-3,
          `${name} gradient vs finite differences [${s}]`);
      }
      x.dispose();
    });
  });
}

test('maxPool2x2 and avgPool2x2 equal the built-in pools: values and gradients [cpu]', async () => {
  await useBackend('cpu');
  SHAPES.forEach((s, i) => {
    const x = randn(new Rng(50 + i), s) as tf.Tensor4D;
    for (const [name, ours, ref] of [['max', maxPool2x2, builtinMax], ['avg', avgPool2x2, builtinAvg]] as const) {
      const a = valueAndGrad(ours, x, 60 + i), b = valueAndGrad(ref, x, 60 + i);
      assertArraysClose(a.y, b.y, 1e-6, `${name} value [${s}]`);
      assertArraysClose(a.g, b.g, 1e-6, `${name} gradient [${s}]`);
    }
    x.dispose();
  });
});

test('ties go to the first maximum in row-major order, ' +
  'by hand and like the cpu built-in (relu-flattened windows, equal pairs) [cpu, wasm]', async () => {
  // 2×2 windows: all equal | equal maxima on the anti-diagonal | in the first column | in the lower row
  const vals = [2, 2, 1, 4, 2, 2, 4, 0, 3, 1, 0, -1, 3, 0, 2, 2];
  // dy = 1, 2, 3, 4 goes to (0,0) | (0,3), the first of the two 4s | (2,0) | (3,2)
  const byHand = [1, 0, 0, 2, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 4, 0];
  assert.deepEqual(Array.from(referencePool('max', vals, [1, 4, 4, 1], [1, 2, 3, 4]).g), byHand);
  const res: Record<string, Float32Array> = {};
  for (const backend of ['cpu', 'wasm']) {
    await useBackend(backend);
    for (const [name, pool] of [['maxPool2x2', maxPool2x2], ['maxPool2x2Fast', maxPool2x2Fast]] as const) {
      res[`${name} ${backend}`] = tf.tidy(() => {
        const x = tf.tensor4d(vals, [1, 4, 4, 1]);
        const dy = tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]);
        return tf.grad((z: tf.Tensor) => tf.sum(tf.mul(pool(z as tf.Tensor4D), dy)))(x).dataSync() as Float32Array;
      });
    }
  }
  await useBackend('cpu');
  const ref = tf.tidy(() => tf.grad((z: tf.Tensor) => tf.sum(tf.mul(builtinMax(z as tf.Tensor4D),
    tf.tensor4d([1, 2, 3, 4], [1, 2, 2, 1]))))(tf.tensor4d(vals, [1, 4, 4, 1])).dataSync());
  assert.deepEqual(Array.from(ref), byHand, 'the cpu built-in');
  for (const [what, g] of Object.entries(res)) assert.deepEqual(Array.from(g), byHand, what);
});

test('on wasm: values and gradients equal cpu, while the built-in MaxPoolGrad drops windows ' +
  'whose maximum is negative', async () => {
  const cpu: Array<{ y: Float32Array | Int32Array | Uint8Array; g: Float32Array | Int32Array | Uint8Array }> = [];
  await useBackend('cpu');
  for (const pool of [maxPool2x2, avgPool2x2])
    cpu.push(valueAndGrad(pool, tf.tidy(() => tf.tensor4d(new Rng(70).normals(3 * 8 * 6 * 4), [3, 8, 6, 4])), 71));
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
        const f = (t: tf.Tensor) =>
          tf.sum(tf.mul(tf.sin(pool(tf.reshape(tf.mul(t, t), shape) as tf.Tensor4D)), ct)) as tf.Scalar;
        assertHvp(f, theta, v, 1e-3, 2e-3, `${name} pool`);
      });
    }
  });
}

for (const backend of TEST_BACKENDS) {
  test(`maxPool2x2Fast's one-pass gradient has the bits of maxPool2x2's, signed zeros included; ` +
    `no second order [${backend}]`, async () => {
    await useBackend(backend);
    const rng = new Rng(95);
    // ties (small integers), negative windows, zeros of both signs in x and dy, and LeNet's conv1 shape
    const cases: Array<[number[], (i: number) => number]> = [
      [[3, 8, 6, 4], () => Math.floor(rng.uniform() * 5) - 3],
      [[2, 6, 4, 3], () => (rng.uniform() < 0.3 ? -0 : rng.normal())],
      [[16, 28, 28, 6], () => Math.max(0, rng.normal())],
    ];
    for (const [shape, draw] of cases) {
      const size = shape.reduce((a, b) => a * b, 1);
      const x =
        tf.tensor4d(Float32Array.from({ length: size }, (_, i) => draw(i)), shape as [number, number, number, number]);
      const dyVals =
        Float32Array.from({ length: size / 4 }, (_, i) => (i % 7 === 0 ? -0 : i % 11 === 0 ? 0 : rng.normal()));
      const dy = tf.tensor4d(dyVals, [shape[0], shape[1] / 2, shape[2] / 2, shape[3]]);
      const grad = (pool: Pool) => tf.tidy(
        () => tf.grad((z: tf.Tensor) => tf.sum(tf.mul(pool(z as tf.Tensor4D), dy)))(x).dataSync() as Float32Array);
      const fast = grad(maxPool2x2Fast), safe = grad(maxPool2x2);
      assert.deepEqual(new Uint32Array(fast.buffer), new Uint32Array(safe.buffer), `bits differ for [${shape}]`);
      tf.dispose([x, dy]);
    }
    const x = randn(rng, [1, 4, 4, 2]) as tf.Tensor4D;
    const second = () => tf.grad(
      (a: tf.Tensor) => tf.sum(tf.grad((z: tf.Tensor) => tf.sum(tf.sin(maxPool2x2Fast(z as tf.Tensor4D))))(a)))(x);
    assert.throws(second, /QdistillMaxPool2x2GradFast/);
    assert.throws(() => maxPoolGradFast(x, tf.zeros([1, 2, 2, 3]) as tf.Tensor4D),
      /maxPoolGradFast: expected float32 dy of shape \[1,2,2,2\] for x \[1,4,4,2\], received float32 \[1,2,2,3\]/);
    x.dispose();
  });
}

test('errors: odd height or width, wrong rank', async () => {
  await useBackend('cpu');
  tf.tidy(() => {
    for (const pool of [maxPool2x2, maxPool2x2Fast, avgPool2x2, avgPool2x2Fast]) {
      assert.throws(() => pool(tf.zeros([1, 5, 4, 2]) as tf.Tensor4D),
        new RegExp(`${pool.name}: expected even height and width, received H = 5, W = 4 \\(shape \\[1,5,4,2\\]\\)`));
      assert.throws(() => pool(tf.zeros([1, 4, 3, 2]) as tf.Tensor4D), /received H = 4, W = 3/);
      assert.throws(() => pool(tf.zeros([4, 4, 2]) as unknown as tf.Tensor4D),
        /expected x of rank 4 \[N, H, W, C\], received shape \[4,4,2\]/);
    }
  });
});

for (const backend of TEST_BACKENDS) {
  test(`no leaked tensors [${backend}]`, async () => {
    await useBackend(backend);
    const x = randn(new Rng(90), [2, 4, 6, 3]) as tf.Tensor4D;
    for (const pool of [maxPool2x2, avgPool2x2, maxPool2x2Fast, avgPool2x2Fast]) {
      assertNoLeak(() => pool(x), `${pool.name} forward`);
      assertNoLeak(() => tf.grad((z: tf.Tensor) => tf.sum(tf.square(pool(z as tf.Tensor4D))))(x),
        `${pool.name} gradient`);
      if (pool === maxPool2x2Fast) continue; // first order only (its second order is an error, tested above)
      assertNoLeak(() => tf.grad((a: tf.Tensor) =>
        tf.sum(tf.grad((z: tf.Tensor) => tf.sum(tf.sin(pool(z as tf.Tensor4D))))(a)))(x), `${pool.name} second order`);
    }
    x.dispose();
  });
}
