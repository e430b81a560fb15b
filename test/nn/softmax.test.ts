/**
 * softmax / logSoftmax / softmaxCrossEntropy (+ Fast) and safeExp: values and gradients
 * against TF.js's built-ins and finite differences; second order against finite
 * differences, and the built-ins' wrong second (and labels) derivatives; errors; leaks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { logSoftmax, safeExp, softmax, softmaxCrossEntropy, softmaxCrossEntropyFast } from '../../src/nn';
import { Rng } from '../../src/util/rng';
import {
  TEST_BACKENDS, assertArraysClose, assertClose, assertHvp, assertNoLeak, fdHvp, hvp, maxAbs, maxDiff, randn,
  useBackend,
} from './helpers';

const N = 5, C = 4;

/** Central finite-difference gradient of a scalar function of one small tensor (float32, coarse). */
function fdGrad(f: (t: tf.Tensor) => tf.Scalar, x: tf.Tensor, eps = 1e-2): tf.Tensor {
  const base = Float32Array.from(x.dataSync()), out = new Float32Array(x.size);
  for (let i = 0; i < x.size; i++) {
    const p = base.slice(), m = base.slice();
    p[i] += eps;
    m[i] -= eps;
    out[i] = (f(tf.tensor(p, x.shape)).dataSync()[0] - f(tf.tensor(m, x.shape)).dataSync()[0]) / (2 * eps);
  }
  return tf.tensor(out, x.shape);
}

for (const backend of TEST_BACKENDS) {
  test(`values equal the built-ins; extreme logits stay finite [${backend}]`, async () => {
    await useBackend(backend);
    tf.tidy(() => {
      const rng = new Rng(100);
      const z = tf.mul(randn(rng, [N, C]), 3) as tf.Tensor2D;
      const labels = tf.tensor1d([0, 3, 1, 2, 3], 'int32');
      const oneHot = tf.cast(tf.oneHot(labels, C), 'float32') as tf.Tensor2D;
      assertClose(softmax(z), tf.softmax(z), 1e-6, 'softmax');
      assertClose(logSoftmax(z), tf.logSoftmax(z), 1e-6, 'logSoftmax');
      assertClose(safeExp(z), tf.exp(z), 1e-6, 'safeExp');
      const ref = tf.losses.softmaxCrossEntropy(oneHot, z);
      for (const ce of [softmaxCrossEntropy, softmaxCrossEntropyFast]) {
        assertClose(ce(z, labels), ref, 1e-6, `${ce.name} (int labels)`);
        assertClose(ce(z, oneHot), ref, 1e-6, `${ce.name} (one-hot)`);
      }
      const big = tf.tensor2d([[1000, 0, -1000, 999]]);
      for (const t of [softmax(big), logSoftmax(big), softmaxCrossEntropy(big, tf.tensor1d([2], 'int32'))]) {
        assert.ok(t.dataSync().every(Number.isFinite), 'finite for logits of size 1000');
      }
      // −log softmax(z)₂ = 2000 + log(1 + e⁻¹ + …)
      assert.ok(Math.abs(softmaxCrossEntropy(big, tf.tensor1d([2], 'int32')).dataSync()[0] -
        (2000 + Math.log(1 + Math.exp(-1)))) < 1e-2);
    });
  });
}

test('first-order gradients: ours = Fast = the built-in in logits (one-hot); ' +
  'the built-in labels gradient is wrong [cpu]', async () => {
  await useBackend('cpu');
  tf.tidy(() => {
    const rng = new Rng(101);
    const z = tf.mul(randn(rng, [N, C]), 2) as tf.Tensor2D;
    const oneHot = tf.cast(tf.oneHot(tf.tensor1d([1, 0, 3, 2, 2], 'int32'), C), 'float32') as tf.Tensor2D;
    const soft = tf.add(tf.mul(tf.softmax(randn(rng, [N, C])), 1.3), 0.05) as tf.Tensor2D; // rows not summing to 1
    const builtin = (a: tf.Tensor, b: tf.Tensor) => tf.losses.softmaxCrossEntropy(b, a) as tf.Scalar;
    const ours = (a: tf.Tensor, b: tf.Tensor) => softmaxCrossEntropy(a as tf.Tensor2D, b as tf.Tensor2D);
    const fast = (a: tf.Tensor, b: tf.Tensor) => softmaxCrossEntropyFast(a as tf.Tensor2D, b as tf.Tensor2D);
    const [oz, oy] = tf.grads(ours)([z, oneHot]);
    const [fz, fy] = tf.grads(fast)([z, oneHot]);
    const [bz, by] = tf.grads(builtin)([z, oneHot]);
    assertClose(oz, bz, 1e-6, 'logits gradient vs built-in (one-hot)');
    assertClose(fz, oz, 1e-6, 'Fast logits gradient (one-hot)');
    assertClose(fy, oy, 1e-6, 'Fast labels gradient (one-hot)');
    // finite differences decide: ours is right in logits and labels, also for soft labels
    for (const y of [oneHot, soft]) {
      const [gz, gy] = tf.grads(ours)([z, y]);
      const [hz, hy] = tf.grads(fast)([z, y]);
      assertClose(gz, fdGrad((t) => softmaxCrossEntropy(t as tf.Tensor2D, y), z), 2e-3,
        'logits gradient vs finite differences');
      assertClose(gy, fdGrad((t) => softmaxCrossEntropy(z, t as tf.Tensor2D), y), 2e-3,
        'labels gradient vs finite differences');
      assertClose(hz, gz, 1e-6, 'Fast logits gradient');
      assertClose(hy, gy, 1e-6, 'Fast labels gradient');
    }
    assert.ok(maxDiff(by, oy) > 0.1,
      'the built-in labels gradient (y − softmax) differs from the true −log softmax / N');
    const [sz] = tf.grads(builtin)([z, soft]);
    assert.ok(maxDiff(sz, tf.grads(ours)([z, soft])[0]) > 1e-2,
      'the built-in logits gradient assumes labels summing to 1');
  });
});

for (const backend of TEST_BACKENDS) {
  test(`first order: ∇⟨op(z), ct⟩ of softmax, logSoftmax, safeExp equals the float64 closed form ` +
    `and finite differences [${backend}]`, async () => {
    await useBackend(backend);
    tf.tidy(() => {
      const rng = new Rng(104);
      const z = tf.mul(randn(rng, [N, C]), 2) as tf.Tensor2D, ct = randn(rng, [N, C]);
      const zs = Array.from(z.dataSync()), cs = Array.from(ct.dataSync());
      // float64, row by row, s = softmax(z): softmax s ⊙ (ct − ⟨s, ct⟩); logSoftmax ct − s·Σct; exp eᶻ ⊙ ct
      const want = { softmax: [] as number[], logSoftmax: [] as number[], safeExp: [] as number[] };
      zs.forEach((v, i) => want.safeExp.push(Math.exp(v) * cs[i]));
      for (let r = 0; r < N; r++) {
        const zr = zs.slice(r * C, r * C + C), cr = cs.slice(r * C, r * C + C), m = Math.max(...zr);
        const e = zr.map((v) => Math.exp(v - m)), tot = e.reduce((p, q) => p + q, 0);
        const sm = e.map((v) => v / tot);
        const dot = sm.reduce((p, v, i) => p + v * cr[i], 0), sumCt = cr.reduce((p, q) => p + q, 0);
        sm.forEach((v, i) => {
          want.softmax.push(v * (cr[i] - dot));
          want.logSoftmax.push(cr[i] - v * sumCt);
        });
      }
      for (const [name, op] of [['softmax', softmax], ['logSoftmax', logSoftmax], ['safeExp', safeExp]] as const) {
        const f = (t: tf.Tensor) => tf.sum(tf.mul(op(t as tf.Tensor2D), ct)) as tf.Scalar;
        const g = tf.grad(f)(z);
        assert.ok(Math.max(...want[name].map(Math.abs)) > 0.1, `${name}: reference gradient trivially small`);
        assertArraysClose(g.dataSync(), want[name], 1e-5, `${name} gradient vs float64 closed form`);
        assertClose(g, fdGrad(f, z, 1e-3), 2e-3, `${name} gradient vs finite differences`);
      }
    });
  });
}

for (const backend of TEST_BACKENDS) {
  test(`second order: HVPs of cross-entropy (logits and soft labels), softmax, logSoftmax, ` +
    `safeExp match finite differences; the built-in's do not [${backend}]`, async () => {
    await useBackend(backend);
    tf.tidy(() => {
      const rng = new Rng(102);
      const theta = randn(rng, [2 * N * C]), v = randn(rng, [2 * N * C]);
      const ct = randn(rng, [N, C]);
      const split = (t: tf.Tensor): [tf.Tensor2D, tf.Tensor2D] => [
        tf.reshape(tf.slice(t, 0, N * C), [N, C]) as tf.Tensor2D,
        softmax(tf.reshape(tf.slice(t, N * C, N * C), [N, C]) as tf.Tensor2D), // soft labels, themselves learned
      ];
      const ce = (t: tf.Tensor) => softmaxCrossEntropy(...split(t));
      assertHvp(ce, theta, v, 2e-2, 3e-3, 'softmaxCrossEntropy (logits and labels)');
      const logits = tf.slice(theta, 0, N * C), vl = tf.slice(v, 0, N * C);
      const asLogits = (t: tf.Tensor) => tf.reshape(t, [N, C]) as tf.Tensor2D;
      assertHvp((t) => tf.sum(tf.mul(softmax(asLogits(t)), ct)), logits, vl, 2e-2, 3e-3, 'softmax');
      assertHvp((t) => tf.sum(tf.mul(logSoftmax(asLogits(t)), ct)), logits, vl, 2e-2, 3e-3, 'logSoftmax');
      assertHvp((t) => tf.sum(tf.mul(safeExp(tf.mul(t, 0.7)), tf.reshape(ct, [N * C]))), logits, vl, 2e-2, 3e-3,
        'safeExp');
      // Demonstration: the built-in losses' second derivatives are silently wrong. (The logits
      // go through a non-linear map first: with the loss alone, the built-ins' gradients do
      // not depend on the logits at all as far as TF.js can see, and tf.grad throws.)
      const oneHot = tf.cast(tf.oneHot(tf.tensor1d([1, 0, 3, 2, 2], 'int32'), C), 'float32') as tf.Tensor2D;
      const curved = (t: tf.Tensor) => asLogits(tf.add(t, tf.mul(0.3, tf.square(t))));
      const fdOurs = fdHvp((t) => softmaxCrossEntropy(curved(t), oneHot), logits, vl, 2e-2);
      for (const [name, f] of [
        ['tf.losses.softmaxCrossEntropy',
          (t: tf.Tensor) => tf.losses.softmaxCrossEntropy(oneHot, curved(t)) as tf.Scalar],
        ['tf.logSoftmax cross-entropy',
          (t: tf.Tensor) => tf.neg(tf.mean(tf.sum(tf.mul(oneHot, tf.logSoftmax(curved(t))), 1))) as tf.Scalar],
        ['softmaxCrossEntropyFast', (t: tf.Tensor) => softmaxCrossEntropyFast(curved(t), oneHot)],
      ] as const) {
        const fd = fdHvp(f, logits, vl, 2e-2);
        assert.ok(maxDiff(fd, fdOurs) / maxAbs(fd) < 3e-3, `${name}: same function as ours`);
        const wrong = maxDiff(hvp(f, logits, vl), fd) / maxAbs(fd);
        assert.ok(wrong > 0.1, `${name}: expected a wrong HVP, relative error only ${wrong}`);
        const right = maxDiff(hvp((t) => softmaxCrossEntropy(curved(t), oneHot), logits, vl), fd) / maxAbs(fd);
        assert.ok(right < 3e-3, `ours on the same function: relative error ${right}`);
      }
    });
  });
}

test('errors name expected and received shapes and dtypes', async () => {
  await useBackend('cpu');
  tf.tidy(() => {
    const z = tf.zeros([3, 4]) as tf.Tensor2D;
    for (const ce of [softmaxCrossEntropy, softmaxCrossEntropyFast]) {
      assert.throws(() => ce(z, tf.tensor1d([0, 1, 2, 3], 'int32')),
        new RegExp(`${ce.name}: expected 3 labels for logits \\[3,4\\], received labels \\[4\\]`));
      assert.throws(() => ce(z, tf.tensor1d([0, 1, 2])),
        /expected class labels \[N\] of dtype int32, received dtype float32/);
      assert.throws(() => ce(z, tf.zeros([3, 5]) as tf.Tensor2D),
        /expected labels \[3\] \(int32\) or \[3, 4\] \(one-hot or soft\) for logits \[3,4\], received labels \[3,5\]/);
      assert.throws(() => ce(tf.zeros([3]) as unknown as tf.Tensor2D, tf.tensor1d([0, 1, 2], 'int32')),
        /expected logits of rank 2 \[N, C\], received shape \[3\]/);
    }
    assert.throws(() => softmax(tf.zeros([2, 2, 2]) as unknown as tf.Tensor2D), /softmax: expected logits of rank 2/);
  });
});

for (const backend of TEST_BACKENDS) {
  test(`no leaked tensors [${backend}]`, async () => {
    await useBackend(backend);
    const rng = new Rng(103);
    const z = randn(rng, [N, C]) as tf.Tensor2D, y = tf.softmax(randn(rng, [N, C])) as tf.Tensor2D;
    const labels = tf.tensor1d([0, 1, 2, 3, 0], 'int32');
    for (const ce of [softmaxCrossEntropy, softmaxCrossEntropyFast]) {
      assertNoLeak(() => ce(z, labels), `${ce.name} int labels`);
      assertNoLeak(() => tf.grads((a: tf.Tensor, b: tf.Tensor) => ce(a as tf.Tensor2D, b as tf.Tensor2D))([z, y]),
        `${ce.name} gradients`);
    }
    assertNoLeak(() => [softmax(z), logSoftmax(z), safeExp(z)], 'softmax, logSoftmax, safeExp');
    assertNoLeak(() => tf.grad((a: tf.Tensor) =>
      tf.sum(tf.grad((b: tf.Tensor) => softmaxCrossEntropy(b as tf.Tensor2D, y))(a)))(z), 'second order');
    tf.dispose([z, y, labels]);
  });
}
