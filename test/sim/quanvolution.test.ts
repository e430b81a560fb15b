/**
 * Quanvolution and RandomLayers: shapes and values against a gate-by-gate simulation of single
 * patches (RY(π·pixel) on wire 2i + j, then the circuit, then ⟨Z⟩), the patch/channel layout,
 * the seeded random circuit's gate list (its unitary: `random_layers.test.ts`), first and second
 * derivatives of the trainable variant against central finite differences, error messages and
 * tensor hygiene.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { executionCounts } from '../../src/sim/executions';
import { expvalPauliZ } from '../../src/sim/measurements';
import { ry } from '../../src/sim/operations';
import { State, zeroState } from '../../src/sim/state';
import { applyGates as selApplyGates } from '../../src/sim/templates/strongly_entangling_layers';
import { extractPatches, quanvolution } from '../../src/sim/templates/quanvolution';
import {
  RandomGate, applyRandomGates, randomLayersGates, randomLayersUnitary,
} from '../../src/sim/templates/random_layers';
import { Rng } from '../../src/util/rng';
import { fdHvp, hvp } from '../nn/helpers';
import { TEST_BACKENDS, assertNoLeak, useBackend } from './helpers';

const N = 2, H = 4, W = 6, C = 2;

before(async () => {
  await useBackend('cpu');
});

/** Runs `fn` and asserts that its result is the only tensor it leaves. */
function onlyResult<T extends tf.Tensor>(fn: () => T): T {
  const before = tf.memory().numTensors;
  const r = fn();
  assert.equal(tf.memory().numTensors, before + 1, 'tensors leaked');
  return r;
}

/** Pixels in [0, 1], `[N, H, W, C]`, as a nested array and a tensor. */
function images(rng: Rng, shape = [N, H, W, C]): { arr: number[][][][]; t: tf.Tensor4D } {
  const t = tf.tensor4d(Array.from(rng.normals(shape.reduce((a, b) => a * b, 1)), (x) => 1 / (1 + Math.exp(-x))),
    shape as [number, number, number, number]);
  return { arr: t.arraySync(), t };
}

/** ⟨Z_w⟩ of one 2×2 patch (top-left (2a, 2b) of channel c of image n), simulated gate by gate. */
function referencePatch(img: number[][][][], n: number, a: number, b: number, c: number,
  circuit: (s: State) => State): number[] {
  return tf.tidy(() => {
    let s = zeroState(1, 4);
    for (let i = 0; i < 2; i++) for (let j = 0; j < 2; j++)
      s = ry(s, Math.PI * img[n][2 * a + i][2 * b + j][c], 2 * i + j);
    return Array.from(expvalPauliZ(circuit(s)).dataSync());
  });
}

/** Largest difference between the layer's output and the per-patch reference over every patch. */
function worstPatchError(out: number[][][][], img: number[][][][], circuit: (s: State) => State): number {
  let worst = 0;
  for (let n = 0; n < N; n++) {
    for (let a = 0; a < H / 2; a++) {
      for (let b = 0; b < W / 2; b++) {
        for (let c = 0; c < C; c++) {
          const z = referencePatch(img, n, a, b, c, circuit);
          for (let w = 0; w < 4; w++) worst = Math.max(worst, Math.abs(out[n][a][b][c * 4 + w] - z[w]));
        }
      }
    }
  }
  return worst;
}

test('extractPatches: [N·(H/k)·(W/k)·C, k²] in (image, row, column, channel) order, row-major in the patch', () => {
  tf.tidy(() => {
    // value = a code of its position, so every entry can be located
    const code = (n: number, h: number, w: number, c: number) => 1000 * n + 100 * h + 10 * w + c;
    const x = tf.tensor4d(Array.from({ length: N * H * W * C }, (_, f) => {
      const c = f % C, w = Math.floor(f / C) % W, h = Math.floor(f / (C * W)) % H, n = Math.floor(f / (C * W * H));
      return code(n, h, w, c);
    }), [N, H, W, C]);
    const p = extractPatches(x, 2);
    assert.deepEqual(p.shape, [N * (H / 2) * (W / 2) * C, 4]);
    const rows = p.arraySync();
    let r = 0;
    for (let n = 0; n < N; n++) for (let a = 0; a < H / 2; a++) for (let b = 0; b < W / 2; b++)
      for (let c = 0; c < C; c++) {
      assert.deepEqual(rows[r++], [code(n, 2 * a, 2 * b, c), code(n, 2 * a, 2 * b + 1, c), code(n, 2 * a + 1, 2 * b, c),
        code(n, 2 * a + 1, 2 * b + 1, c)]);
    }
    // a 3×3 kernel on a 6×6 image
    const y = tf.reshape(tf.range(0, 36), [1, 6, 6, 1]) as tf.Tensor4D;
    assert.deepEqual(extractPatches(y, 3).arraySync()[1], [3, 4, 5, 9, 10, 11, 15, 16, 17]);
  });
});

for (const backend of TEST_BACKENDS) {
  test(`quanvolution with the identity circuit: channel c·4 + w is cos(π·pixel) of ` +
    `patch pixel w [${backend}]`, async () => {
    await useBackend(backend);
    const { arr, t } = images(new Rng(1));
    const eye = { re: tf.eye(16), im: tf.zeros([16, 16]) };
    const out = onlyResult(() => quanvolution(t, { unitary: eye }));
    assert.deepEqual(out.shape, [N, H / 2, W / 2, C * 4]);
    const o = out.arraySync();
    let worst = 0;
    for (let n = 0; n < N; n++) for (let a = 0; a < H / 2; a++) for (let b = 0; b < W / 2; b++)
      for (let c = 0; c < C; c++) for (let w = 0; w < 4; w++) {
      const pix = arr[n][2 * a + (w >> 1)][2 * b + (w & 1)][c];
      worst = Math.max(worst, Math.abs(o[n][a][b][c * 4 + w] - Math.cos(Math.PI * pix)));
    }
    assert.ok(worst < 1e-5, `identity circuit: max error ${worst}`);
    tf.dispose([t, eye.re, eye.im, out]);
  });

  test(`quanvolution with a seeded random circuit matches the gate-by-gate simulation ` +
    `of every patch [${backend}]`, async () => {
    await useBackend(backend);
    const { arr, t } = images(new Rng(2));
    const gates = randomLayersGates(4, 2, 1234);
    assert.ok(gates.some((g) => g.gate === 'CNOT'), 'the circuit entangles (otherwise the test is weak)');
    const u = randomLayersUnitary(4, gates);
    const out = onlyResult(() => quanvolution(t, { unitary: u }, { kernel: 2 }));
    assert.deepEqual(out.shape, [N, H / 2, W / 2, C * 4]);
    const err = worstPatchError(out.arraySync(), arr, (s) => applyRandomGates(s, gates));
    assert.ok(err < 1e-5, `random circuit: max error ${err}`);
    tf.dispose([t, u.re, u.im, out]);
  });

  test(`quanvolution with trainable StronglyEntanglingLayers matches the ` +
    `gate-by-gate simulation [${backend}]`, async () => {
    await useBackend(backend);
    const rng = new Rng(3);
    const { arr, t } = images(rng);
    const weights = tf.tensor3d(rng.normals(2 * 4 * 3), [2, 4, 3]);
    const out = onlyResult(() => quanvolution(t, { weights }));
    assert.deepEqual(out.shape, [N, H / 2, W / 2, C * 4]);
    const err = worstPatchError(out.arraySync(), arr, (s) => selApplyGates(s, weights));
    assert.ok(err < 1e-5, `SEL circuit: max error ${err}`);
    tf.dispose([t, weights, out]);
  });
}

test('randomLayersGates: seeded, one layer per nRotations rotations, valid wires and angles', () => {
  const a = randomLayersGates(4, 3, 7), b = randomLayersGates(4, 3, 7), c = randomLayersGates(4, 3, 8);
  assert.deepEqual(a, b, 'same seed, same circuit');
  assert.notDeepEqual(a, c, 'another seed, another circuit');
  const rotations = (gs: RandomGate[]) => gs.filter((g) => g.gate !== 'CNOT').length;
  for (const [n, nRot] of [[4, undefined], [4, 6], [3, 1], [1, 2]] as const) {
    const L = 3;
    const gs = randomLayersGates(n, L, 11, { nRotations: nRot });
    const perLayer = nRot ?? n;
    assert.equal(rotations(gs), L * perLayer, `n ${n}, nRotations ${nRot}: total rotations`);
    // gates are drawn in sequence, so the first l layers of an L-layer circuit are the l-layer circuit
    let prev = 0;
    for (let l = 1; l <= L; l++) {
      const first = randomLayersGates(n, l, 11, { nRotations: nRot });
      assert.deepEqual(gs.slice(0, first.length), first, `prefix of ${l} layers`);
      assert.equal(rotations(first.slice(prev)), perLayer, `layer ${l} places exactly ${perLayer} rotations`);
      assert.notEqual(first[first.length - 1].gate, 'CNOT', 'a layer ends with its last rotation');
      prev = first.length;
    }
    for (const g of gs) {
      if (g.gate === 'CNOT') {
        assert.ok(n > 1 && g.wires[0] !== g.wires[1] && g.wires.every((w) => Number.isInteger(w) && w >= 0 && w < n),
          `CNOT wires ${g.wires}`);
      } else {
        assert.ok(Number.isInteger(g.wire) && g.wire >= 0 && g.wire < n, `wire ${g.wire}`);
        assert.ok(g.angle >= 0 && g.angle < 2 * Math.PI, `angle ${g.angle}`);
      }
    }
  }
  // the CNOT probability per draw is ratioImprimitive (0.3 by default); 0 gives no CNOT
  const many = randomLayersGates(5, 400, 3);
  const frac = many.filter((g) => g.gate === 'CNOT').length / many.length;
  assert.ok(Math.abs(frac - 0.3) < 0.03, `CNOT fraction ${frac}`);
  assert.ok(randomLayersGates(5, 50, 3, { ratioImprimitive: 0 }).every((g) => g.gate !== 'CNOT'));
  const kinds = new Set(many.map((g) => g.gate));
  assert.deepEqual([...kinds].sort(), ['CNOT', 'RX', 'RY', 'RZ']);
  assert.throws(() => randomLayersGates(4, 0, 1), /RandomLayers: nLayers: expected a positive integer, received 0/);
  assert.throws(() => randomLayersGates(4, 1, 1, { ratioImprimitive: 1 }),
    /ratioImprimitive: expected a number in \[0, 1\), received 1/);
});

/** A scalar, non-linear loss of the trainable quanvolution as a function of [pixels | weights]. */
function quanvLoss(shape: [number, number, number, number], L: number, cot: tf.Tensor) {
  const nPix = shape.reduce((a, b) => a * b, 1);
  return (theta: tf.Tensor): tf.Scalar => {
    const [px, w] = tf.split(theta, [nPix, L * 12]);
    const out =
      quanvolution(tf.reshape(px, shape) as tf.Tensor4D, { weights: tf.reshape(w, [L, 4, 3]) as tf.Tensor3D });
    return tf.sum(tf.mul(tf.add(out, tf.square(out)), cot)) as tf.Scalar;
  };
}

test('trainable quanvolution: gradients in pixels and weights match central finite differences [cpu]', async () => {
  await useBackend('cpu');
  const rng = new Rng(5);
  const shape: [number, number, number, number] = [2, 4, 4, 2], L = 2;
  const nPix = 64;
  tf.tidy(() => {
    const cot = tf.tensor4d(rng.normals(2 * 2 * 2 * 8), [2, 2, 2, 8]);
    const theta =
      tf.concat([tf.tensor1d(Array.from(rng.normals(nPix), (x) => 0.5 + 0.2 * x)), tf.tensor1d(rng.normals(L * 12))]);
    const f = quanvLoss(shape, L, cot);
    const g = tf.grad(f)(theta);
    const gArr = g.dataSync();
    assert.ok(tf.max(tf.abs(g)).dataSync()[0] > 1e-2, 'gradient is trivially zero');
    const eps = 1e-2;
    const value = (t: tf.Tensor) => f(t).dataSync()[0];
    // every weight coordinate, and a sample of pixel coordinates
    const coords = [...Array.from({ length: L * 12 }, (_, i) => nPix + i), 0, 5, 17, 30, 42, 63];
    let worst = 0, scale = 0;
    for (const i of coords) {
      const e = tf.oneHot(tf.tensor1d([i], 'int32'), nPix + L * 12).reshape([-1]).mul(eps);
      const fd = (value(tf.add(theta, e)) - value(tf.sub(theta, e))) / (2 * eps);
      worst = Math.max(worst, Math.abs(fd - gArr[i]));
      scale = Math.max(scale, Math.abs(fd));
    }
    assert.ok(worst < 2e-2 * Math.max(1, scale), `coordinate derivatives: max error ${worst} (scale ${scale})`);
    // directional derivatives along random directions (all coordinates at once)
    for (let r = 0; r < 3; r++) {
      const v = tf.tensor1d(rng.normals(nPix + L * 12));
      const fd = (value(tf.add(theta, tf.mul(v, eps))) - value(tf.sub(theta, tf.mul(v, eps)))) / (2 * eps);
      const an = tf.sum(tf.mul(g, v)).dataSync()[0];
      assert.ok(Math.abs(fd - an) < 2e-2 * Math.max(1, Math.abs(fd)), `directional derivative ${an} vs FD ${fd}`);
    }
  });
});

for (const backend of TEST_BACKENDS) {
  test(`trainable quanvolution: Hessian-vector products match central differences of ` +
    `the gradient [${backend}]`, async () => {
    await useBackend(backend);
    const rng = new Rng(6);
    const shape: [number, number, number, number] = [1, 4, 4, 2], L = 2;
    const dim = 32 + L * 12;
    tf.tidy(() => {
      const cot = tf.tensor4d(rng.normals(2 * 2 * 8), [1, 2, 2, 8]);
      const theta =
        tf.concat([tf.tensor1d(Array.from(rng.normals(32), (x) => 0.5 + 0.2 * x)), tf.tensor1d(rng.normals(L * 12))]);
      const f = quanvLoss(shape, L, cot);
      for (const part of ['pixels', 'weights', 'both'] as const) {
        const raw = Array.from(rng.normals(dim));
        const mask = raw.map((x, i) => (part === 'both' || (part === 'pixels') === (i < 32) ? x : 0));
        const v = tf.tensor1d(mask);
        const an = hvp(f, theta, v);
        const fd = fdHvp(f, theta, v, 1e-2);
        const scale = Math.max(1, tf.max(tf.abs(fd)).dataSync()[0]);
        const err = tf.max(tf.abs(tf.sub(an, fd))).dataSync()[0] / scale;
        assert.ok(err < 5e-3, `HVP along ${part}: relative error ${err} (scale ${scale})`);
        assert.ok(tf.max(tf.abs(an)).dataSync()[0] > 1e-2, `HVP along ${part} is trivially zero`);
      }
    });
  });
}

test('quanvolution: errors name what was expected and what was received; a rejected call records no executions', () => {
  tf.tidy(() => {
    const img = tf.zeros([1, 4, 4, 1]) as tf.Tensor4D;
    assert.throws(() => quanvolution(img, { weights: tf.zeros([2, 3, 3]) as tf.Tensor3D }),
      /quanvolution: expected weights of shape \(L, 4, 3\) for a 2×2 kernel, received \[2,3,3\]/);
    assert.throws(() => quanvolution(img, { weights: tf.zeros([2, 4, 2]) as tf.Tensor3D }),
      /expected weights of shape \(L, 4, 3\) .*received \[2,4,2\]/);
    assert.throws(() => quanvolution(img, { weights: tf.zeros([4, 3]) as unknown as tf.Tensor3D }),
      /expected weights of shape \(L, 4, 3\) .*received \[4,3\]/);
    assert.throws(() => quanvolution(img, { weights: tf.zeros([1, 4, 3]) as tf.Tensor3D }, { kernel: 3 }),
      /expected weights of shape \(L, 9, 3\) for a 3×3 kernel, received \[1,4,3\]/);
    assert.throws(() => quanvolution(img, { unitary: { re: tf.eye(8), im: tf.zeros([8, 8]) } }),
      /quanvolution: expected a \(16, 16\) unitary for a 2×2 kernel, received \[8,8\]/);
    assert.throws(() => quanvolution(tf.zeros([4, 4, 1]) as unknown as tf.Tensor4D,
      { weights: tf.zeros([1, 4, 3]) as tf.Tensor3D }), /expected images of shape \[N, H, W, C\], received \[4,4,1\]/);
    const before = executionCounts();
    assert.throws(
      () => quanvolution(tf.zeros([1, 5, 4, 1]) as tf.Tensor4D, { weights: tf.zeros([1, 4, 3]) as tf.Tensor3D }),
      /quanvolution: expected image sides divisible by the kernel 2, received 5×4/);
    assert.throws(() => quanvolution(tf.zeros([1, 4, 7, 1]) as tf.Tensor4D,
      { weights: tf.zeros([1, 4, 3]) as tf.Tensor3D }), /divisible by the kernel 2, received 4×7/);
    assert.throws(() => extractPatches(tf.zeros([1, 6, 6, 1]) as tf.Tensor4D, 4),
      /divisible by the kernel 4, received 6×6/);
    assert.deepEqual(executionCounts(), before, 'a rejected call must not count circuit executions');
  });
});

test('quanvolution, randomLayersUnitary, applyRandomGates and their gradients leak no tensors', () => {
  const rng = new Rng(8);
  const { t } = images(rng);
  const w = tf.tensor3d(rng.normals(12), [1, 4, 3]);
  const gates = randomLayersGates(4, 1, 5);
  assertNoLeak(() => randomLayersUnitary(4, gates), (u) => tf.dispose([u.re, u.im]));
  const s0 = zeroState(2, 4);
  assertNoLeak(() => applyRandomGates(s0, gates), (s) => tf.dispose([s.re, s.im]));
  tf.dispose([s0.re, s0.im]);
  const u = randomLayersUnitary(4, gates);
  assertNoLeak(() => quanvolution(t, { unitary: u }));
  assertNoLeak(() => quanvolution(t, { weights: w }));
  assertNoLeak(() => tf.grads((x: tf.Tensor, ww: tf.Tensor) =>
    tf.sum(quanvolution(x as tf.Tensor4D, { weights: ww as tf.Tensor3D })))([t, w]));
  tf.dispose([t, w, u.re, u.im]);
});
