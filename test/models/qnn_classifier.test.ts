/**
 * The qnn_classifier (pooled pixels → AmplitudeEmbedding → StronglyEntanglingLayers → ⟨Z⟩ of every
 * wire → linear head) against independent references. Logits: the whole forward pass in plain
 * float64 JS (p×p average pooling of x·std + mean, zero padding to 2^n, normalisation, the circuit
 * gate by gate with `test/sim/reference_sim.ts`, which reproduces PennyLane's fixture states, and
 * the head). Gradients in q.weights, head.w, head.b and the images: central finite differences of
 * that float64 forward pass along random directions (float64: no float32 round-off to trade
 * against the step). (applyModel ignores the path for this model, so the safe-versus-fast
 * comparison of variants.test.ts says nothing about it.)
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { MNIST_MEAN, MNIST_STD } from '../../src/data/dataset';
import { Params, applyModel, disposeParams, initModel, parseModelSpec } from '../../src/models';
import { Rng } from '../../src/util/rng';
import { C, expvalsZ, selApply } from '../sim/reference_sim';

before(async () => {
  assert.ok(await tf.setBackend('cpu'));
});

const N = 3;
/** Variants and their pooling, by hand: the smallest p dividing 28 with (28/p)² ≤ 2^n. */
const VARIANTS = [{ qubits: 6, layers: 2, pool: 4 }, { qubits: 8, layers: 1, pool: 2 }] as const;

/** The inputs of the forward pass as flat float64 arrays: q.weights, head.w, head.b, images. */
type Flat = [Float64Array, Float64Array, Float64Array, Float64Array];
const KEYS = ['q.weights', 'head.w', 'head.b', 'x'] as const;
const flat = (ts: tf.Tensor[]): Flat => ts.map((t) => Float64Array.from(t.dataSync())) as Flat;

/** Logits `[N][10]` in float64. */
function referenceLogits(n: number, L: number, pool: number, [w, hw, hb, x]: Flat): number[][] {
  const weights = Array.from({ length: L }, (_, l) =>
    Array.from({ length: n }, (_, q) => Array.from(w.subarray((l * n + q) * 3, (l * n + q) * 3 + 3))));
  const side = 28 / pool;
  return Array.from({ length: N }, (_, b) => {
    const f = new Array<number>(2 ** n).fill(0);
    for (let r = 0; r < side; r++) {
      for (let c = 0; c < side; c++) {
        let s = 0;
        for (let i = 0; i < pool; i++) for (let j = 0; j < pool; j++)
          s += x[b * 784 + (r * pool + i) * 28 + c * pool + j] * MNIST_STD[0] + MNIST_MEAN[0];
        f[r * side + c] = s / (pool * pool);
      }
    }
    const norm = Math.sqrt(f.reduce((a, v) => a + v * v, 0));
    const z = expvalsZ(selApply(f.map((v): C => [v / norm, 0]), weights), n);
    return Array.from({ length: 10 }, (_, k) => z.reduce((a, zw, q) => a + zw * hw[q * 10 + k], hb[k]));
  });
}

/** The model's parameters with a non-zero head bias (initModel's is zero). */
function params(spec: ReturnType<typeof parseModelSpec>, rng: Rng): Params {
  const p = initModel(spec, 7);
  p['head.b'].dispose();
  p['head.b'] = tf.tensor1d(rng.normals(10, 0, 0.5));
  return p;
}

for (const v of VARIANTS) {
  test(`qnn_classifier ${v.qubits} qubits, ${v.layers} layers: logits equal the float64 forward pass`, () => {
    const spec = parseModelSpec({ kind: 'qnn_classifier', qubits: v.qubits, layers: v.layers }, 'mnist');
    const rng = new Rng(40 + v.qubits);
    const p = params(spec, rng);
    const x = tf.tensor4d(rng.normals(N * 784), [N, 28, 28, 1]);
    const want = referenceLogits(v.qubits, v.layers, v.pool, flat([...KEYS.slice(0, 3).map((k) => p[k]), x]));
    for (const path of ['safe', 'fast'] as const) {
      const got = tf.tidy(() => applyModel(spec, p, x, path).arraySync());
      const err = Math.max(...got.flatMap((row, i) => row.map((g, k) => Math.abs(g - want[i][k]))));
      assert.ok(err < 1e-5, `${path}: logits off by ${err}`);
    }
    // the circuit matters: the logits minus the bias are not trivially small
    const spread = Math.max(...want.flatMap((row) => row.map((l, k) => Math.abs(l - p['head.b'].dataSync()[k]))));
    assert.ok(spread > 0.05, `logits are nearly the bias (${spread})`);
    disposeParams(p);
    x.dispose();
  });

  test(`qnn_classifier ${v.qubits} qubits, ${v.layers} layers: gradients in q.weights, head.w, head.b and the ` +
    `images match central finite differences`, () => {
    const spec = parseModelSpec({ kind: 'qnn_classifier', qubits: v.qubits, layers: v.layers }, 'mnist');
    const rng = new Rng(50 + v.qubits);
    const p = params(spec, rng);
    tf.tidy(() => {
      const x = tf.tensor4d(rng.normals(N * 784), [N, 28, 28, 1]);
      const cot = tf.tensor2d(rng.normals(N * 10), [N, 10]), cots = cot.arraySync();
      const loss = (...t: tf.Tensor[]) => tf.sum(tf.mul(cot, applyModel(spec,
        { ...p, 'q.weights': t[0], 'head.w': t[1], 'head.b': t[2] }, t[3] as tf.Tensor4D))) as tf.Scalar;
      const base = [p['q.weights'], p['head.w'], p['head.b'], x];
      const { value, grads } = tf.valueAndGrads(loss)(base);
      const refLoss = (a: Flat) => referenceLogits(v.qubits, v.layers, v.pool, a)
        .reduce((s, row, b) => s + row.reduce((t, l, k) => t + cots[b][k] * l, 0), 0);
      const at = flat(base);
      assert.ok(Math.abs(value.dataSync()[0] - refLoss(at)) < 1e-4, 'loss differs from the reference');
      KEYS.forEach((key, i) => {
        const dir = rng.normals(base[i].size);
        const along = (e: number) => refLoss(at.map((a, j) => (j === i ? a.map((y, m) => y + e * dir[m]) : a)) as Flat);
        const eps = 1e-5; // float64: truncation ~ε², round-off ~1e-16/ε, both far below the tolerance
        const fd = (along(eps) - along(-eps)) / (2 * eps);
        const an = tf.sum(tf.mul(grads[i], tf.tensor(dir, base[i].shape))).dataSync()[0];
        assert.ok(Math.abs(fd) > 1e-3, `${key}: directional derivative ${fd} is trivially small`);
        assert.ok(Math.abs(an - fd) <= 1e-4 * Math.abs(fd), `${key}: analytic ${an} vs finite differences ${fd}`);
      });
    });
    disposeParams(p);
  });
}
