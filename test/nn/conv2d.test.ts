/**
 * conv2d / conv2dFast: values and first-order gradients against the built-in tf.conv2d
 * (cpu, where its backward exists) and against cpu on wasm; second order (HVP) against
 * finite differences; errors; no leaks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { conv2d, conv2dFast } from '../../src/nn';
import { Rng } from '../../src/util/rng';
import { TEST_BACKENDS, assertArraysClose, assertHvp, assertNoLeak, randn, useBackend } from './helpers';

/**
 * [N, H, W, Cin, k, Cout, pad]: LeNet's shapes (pad 2 and 0), several channel counts, pad > k − 1,
 * a non-square input.
 */
const CASES: Array<[number, number, number, number, number, number, number]> = [
  [2, 8, 8, 1, 5, 3, 2],
  [2, 7, 7, 3, 5, 4, 0],
  [3, 6, 5, 2, 3, 2, 0],
  [1, 5, 6, 4, 3, 1, 2],
  [2, 5, 5, 2, 3, 3, 4],
];

const builtin = (x: tf.Tensor4D, w: tf.Tensor4D, pad: number) =>
  tf.conv2d(x, w, 1, pad === 0 ? 'valid' : [[0, 0], [pad, pad], [pad, pad], [0, 0]]);

/** Value and gradients (x, w) of ⟨conv(x, w), dy⟩ for one case, as arrays. */
function valueAndGrads(conv: (x: tf.Tensor4D, w: tf.Tensor4D, pad: number) => tf.Tensor4D, seed: number,
  c: (typeof CASES)[number]) {
  const [n, h, wd, cin, k, cout, pad] = c;
  return tf.tidy(() => {
    const rng = new Rng(seed);
    const x = randn(rng, [n, h, wd, cin]) as tf.Tensor4D, w = randn(rng, [k, k, cin, cout]) as tf.Tensor4D;
    const dy = randn(rng, [n, h + 2 * pad - k + 1, wd + 2 * pad - k + 1, cout]);
    const y = conv(x, w, pad);
    const [gx, gw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(conv(a as tf.Tensor4D, b as tf.Tensor4D, pad), dy)))([x, w]);
    return { y: y.dataSync().slice(), gx: gx.dataSync().slice(), gw: gw.dataSync().slice() };
  });
}

test('conv2d and conv2dFast equal tf.conv2d: values and gradients in x and w ' +
  '(pad 0, 2, 4; 1–4 channels) [cpu]', async () => {
  await useBackend('cpu');
  CASES.forEach((c, i) => {
    const ref = valueAndGrads(builtin, 10 + i, c);
    for (const [name, conv] of [['conv2d', conv2d], ['conv2dFast', conv2dFast]] as const) {
      const r = valueAndGrads(conv, 10 + i, c);
      assertArraysClose(r.y, ref.y, 1e-6, `${name} value ${c}`);
      assertArraysClose(r.gx, ref.gx, 1e-6, `${name} dx ${c}`);
      assertArraysClose(r.gw, ref.gw, 1e-6, `${name} dw ${c}`);
    }
  });
});

test('conv2d and conv2dFast on wasm equal the cpu results (no Conv2DBackpropFilter needed)', async () => {
  const cpu: Array<ReturnType<typeof valueAndGrads>> = [];
  await useBackend('cpu');
  CASES.forEach((c, i) => cpu.push(valueAndGrads(conv2d, 10 + i, c)));
  await useBackend('wasm');
  assert.throws(() => tf.tidy(() =>
    tf.grad((w: tf.Tensor) => tf.sum(builtin(tf.ones([1, 4, 4, 1]), w as tf.Tensor4D, 0)))(tf.ones([3, 3, 1, 1]))),
    /Conv2DBackpropFilter/, 'the built-in weight gradient is expected to be missing on wasm');
  CASES.forEach((c, i) => {
    for (const [name, conv] of [['conv2d', conv2d], ['conv2dFast', conv2dFast]] as const) {
      const r = valueAndGrads(conv, 10 + i, c);
      assertArraysClose(r.y, cpu[i].y, 1e-5, `${name} value ${c}`);
      assertArraysClose(r.gx, cpu[i].gx, 1e-5, `${name} dx ${c}`);
      assertArraysClose(r.gw, cpu[i].gw, 1e-5, `${name} dw ${c}`);
    }
  });
});

for (const backend of TEST_BACKENDS) {
  test(`conv2d Hessian-vector products in (x, w) match finite differences, pad 0 and 2 [${backend}]`, async () => {
    await useBackend(backend);
    for (const [seed, [n, h, cin, k, cout, pad]] of [[21, [2, 6, 2, 3, 3, 0]], [22, [2, 6, 1, 5, 2, 2]],
      [23, [1, 5, 2, 3, 2, 3]]] as const) {
      tf.tidy(() => {
        const rng = new Rng(seed);
        const nx = n * h * h * cin, nw = k * k * cin * cout;
        const theta = randn(rng, [nx + nw], 0.7), v = randn(rng, [nx + nw]);
        const ct = randn(rng, [n, h + 2 * pad - k + 1, h + 2 * pad - k + 1, cout]);
        // Non-linear in x and w before and after the convolution: all second-order paths are exercised.
        const f = (t: tf.Tensor) => {
          const x = tf.reshape(tf.sin(tf.slice(t, 0, nx)), [n, h, h, cin]) as tf.Tensor4D;
          const w = tf.reshape(tf.slice(t, nx, nw), [k, k, cin, cout]) as tf.Tensor4D;
          return tf.sum(tf.mul(tf.sin(conv2d(x, w, pad)), ct)) as tf.Scalar;
        };
        assertHvp(f, theta, v, 1e-2, 2e-3, `pad ${pad}, k ${k}, Cin ${cin}, Cout ${cout}`);
      });
    }
  });
}

/**
 * Float64 reference for f(w) = Σ conv(x, w)³ (stride 1, zero padding `pad`): conv is linear in w, so
 * D³f[v, v, ·] at any w is the vector T with
 * T[kh,kw,ci,co] = 6 Σ_{n,i,j} x̃[n,i+kh,j+kw,ci] · conv(x, v)[n,i,j,co]² (x̃ = x zero-padded).
 * Plain loops over the raw values; no TF.js op.
 */
function cubicThirdRef(x: ArrayLike<number>, xs: number[], v: ArrayLike<number>, ws: number[], pad: number): number[] {
  const [n, h, wd, cin] = xs, [k, , , cout] = ws, oh = h + 2 * pad - k + 1, ow = wd + 2 * pad - k + 1;
  const xp = (b: number, i: number, j: number, c: number) => {
    const u = i - pad, t = j - pad;
    return u < 0 || t < 0 || u >= h || t >= wd ? 0 : x[((b * h + u) * wd + t) * cin + c];
  };
  const wi = (a: number, b: number, c: number, o: number) => ((a * k + b) * cin + c) * cout + o;
  const c2 = new Float64Array(n * oh * ow * cout); // conv(x, v)²
  for (let b = 0; b < n; b++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) for (let o = 0; o < cout; o++) {
    let acc = 0;
    for (let a = 0; a < k; a++) for (let e = 0; e < k; e++) for (let c = 0; c < cin; c++) {
      acc += xp(b, i + a, j + e, c) * v[wi(a, e, c, o)];
    }
    c2[((b * oh + i) * ow + j) * cout + o] = acc * acc;
  }
  const out = new Array<number>(k * k * cin * cout).fill(0);
  for (let a = 0; a < k; a++) for (let e = 0; e < k; e++) for (let c = 0; c < cin; c++) for (let o = 0; o < cout; o++) {
    for (let b = 0; b < n; b++) for (let i = 0; i < oh; i++) for (let j = 0; j < ow; j++) {
      out[wi(a, e, c, o)] += 6 * xp(b, i + a, j + e, c) * c2[((b * oh + i) * ow + j) * cout + o];
    }
  }
  return out;
}

test('third derivative: D³f[v, v, ·] of f(w) = Σ conv(x, w)³ by three nested tf.grad calls through conv2d ' +
  'equals the float64 closed form, at two points [cpu]', async () => {
  await useBackend('cpu');
  tf.tidy(() => {
    const rng = new Rng(30);
    const xs = [2, 5, 4, 2], ws = [3, 3, 2, 2], pad = 1;
    const x = randn(rng, xs) as tf.Tensor4D, w = randn(rng, ws) as tf.Tensor4D, v = randn(rng, ws);
    const f = (a: tf.Tensor) => tf.sum(tf.pow(conv2d(x, a as tf.Tensor4D, pad), 3)) as tf.Scalar;
    const g1 = tf.grad(f);
    const hv = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(g1(a), v))); // H(a)·v
    const t3 = tf.grad((a: tf.Tensor) => tf.sum(tf.mul(hv(a), v))); // D³f(a)[v, v, ·]
    const ref = cubicThirdRef(x.dataSync(), xs, v.dataSync(), ws, pad);
    const scale = Math.max(...ref.map(Math.abs));
    assert.ok(scale > 1, `reference third derivative is trivially small (${scale})`);
    for (const at of [w, tf.add(w, 0.3)]) {
      // f is a cubic in w: its third derivative is the same at every point
      assertArraysClose(t3(at).dataSync(), ref, 1e-5, 'third derivative vs float64 reference');
    }
  });
});

test('errors name the expected and received shapes', async () => {
  await useBackend('cpu');
  tf.tidy(() => {
    const x = tf.zeros([1, 6, 6, 3]) as tf.Tensor4D;
    assert.throws(() => conv2d(x, tf.zeros([5, 5, 2, 4]) as tf.Tensor4D, 2),
      /conv2d: channel mismatch: w \[5,5,2,4\] expects Cin = 2, received x \[1,6,6,3\] with Cin = 3/);
    assert.throws(() => conv2dFast(x, tf.zeros([5, 5, 1, 4]) as tf.Tensor4D, 0), /conv2dFast: channel mismatch/);
    assert.throws(() => conv2d(tf.zeros([6, 6, 3]) as unknown as tf.Tensor4D, tf.zeros([3, 3, 3, 1]) as tf.Tensor4D, 0),
      /expected x of rank 4 \[N, H, W, Cin\], received shape \[6,6,3\]/);
    assert.throws(() => conv2d(x, tf.zeros([3, 3, 3, 1]) as tf.Tensor4D, -1),
      /expected pad to be an integer ≥ 0, received -1/);
    assert.throws(() => conv2d(x, tf.zeros([9, 9, 3, 1]) as tf.Tensor4D, 1),
      /filter no larger than the padded input 8×8, received 9×9/);
  });
});

for (const backend of TEST_BACKENDS) {
  test(`no leaked tensors: forward, gradients, second order [${backend}]`, async () => {
    await useBackend(backend);
    const rng = new Rng(40);
    const x = randn(rng, [2, 6, 6, 2]) as tf.Tensor4D, w = randn(rng, [3, 3, 2, 3]) as tf.Tensor4D;
    for (const conv of [conv2d, conv2dFast]) {
      for (const pad of [0, 2, 3]) {
        assertNoLeak(() => conv(x, w, pad), `${conv.name} forward pad ${pad}`);
        assertNoLeak(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(
          tf.square(conv(a as tf.Tensor4D, b as tf.Tensor4D, pad))))([x, w]), `${conv.name} gradients pad ${pad}`);
        assertNoLeak(() => tf.grad((b: tf.Tensor) => tf.sum(tf.square(conv(x, b as tf.Tensor4D, pad))))(w),
          `${conv.name} weight gradient only, pad ${pad}`);
      }
    }
    assertNoLeak(() => tf.grad((b: tf.Tensor) =>
      tf.sum(tf.grad((c: tf.Tensor) => tf.sum(tf.square(conv2d(x, c as tf.Tensor4D, 2))))(b)))(w), 'second order');
    tf.dispose([x, w]);
  });
}
