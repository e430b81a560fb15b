/**
 * First-order gradients of the angle-embedding layers (RX and RY) against central finite
 * differences: `qnnLayer` with `options.angle`, and `circuitLayer` with angle embedding (the
 * fused path for PauliZ / one-qubit Hermitians, the generic path for two-qubit Hermitian
 * groups), with respect to the features, the circuit weights and the Hermitian parameters A
 * (`hermitianFromParams`). The finite differences evaluate the function only (float32 values,
 * differenced in float64), so they are independent of every gradient the layers define.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import * as sim from '../../src/sim';
import { circuitLayer, CircuitObservable } from '../../src/sim/circuit_layer';
import { Rng } from '../../src/util/rng';
import { TEST_BACKENDS, useBackend } from './helpers';

type Layer = (x: tf.Tensor2D, w: tf.Tensor3D, a: tf.Tensor) => tf.Tensor2D;
type Obs = 'pauliz' | 'hermitian';
const EPS = 1e-2, TOL = 5e-4; // observed max relative error ≈ 6e-5 (float32 values)

/** Central finite differences of the scalar `f(args)` in every entry of `args[which]`, differenced in float64. */
function fdGrad(f: (args: tf.Tensor[]) => tf.Scalar, args: tf.Tensor[], which: number): number[] {
  const base = Float32Array.from(args[which].dataSync()), shape = args[which].shape;
  const at = (i: number, d: number) => tf.tidy(() => {
    const t = base.slice();
    t[i] += d;
    const moved = args.slice();
    moved[which] = tf.tensor(t, shape);
    return f(moved).dataSync()[0];
  });
  return Array.from(base, (_, i) => (at(i, EPS) - at(i, -EPS)) / (2 * EPS));
}

/** Asserts ∇⟨layer(x, w, A), ct⟩ (tf.grads) matches finite differences in x, w and (Hermitian) A. */
function checkGradients(layer: Layer, obs: Obs, shapes: { x: number[]; w: number[]; a: number[]; out: number[] },
  rng: Rng, what: string): void {
  tf.tidy(() => {
    const x = tf.tensor(rng.normals(shapes.x.reduce((p, q) => p * q), 0, 1.5), shapes.x);
    const w = tf.tensor(rng.normals(shapes.w.reduce((p, q) => p * q)), shapes.w);
    const a = tf.tensor(rng.normals(shapes.a.reduce((p, q) => p * q)), shapes.a);
    const ct = tf.tensor(rng.normals(shapes.out.reduce((p, q) => p * q)), shapes.out);
    const f = (t: tf.Tensor[]) =>
      tf.sum(tf.mul(layer(t[0] as tf.Tensor2D, t[1] as tf.Tensor3D, t[2]), ct)) as tf.Scalar;
    const args = [x, w, a];
    const names = obs === 'pauliz' ? ['features', 'weights'] : ['features', 'weights', 'Hermitian A'];
    const grads = tf.grads((...t: tf.Tensor[]) => f(t))(args.slice(0, names.length));
    names.forEach((name, i) => {
      const fd = fdGrad(f, args, i), got = grads[i].dataSync();
      const scale = Math.max(...fd.map(Math.abs));
      assert.ok(scale > 0.05, `${what}, ${name}: finite-difference gradient trivially small (${scale})`);
      const err = Math.max(...fd.map((v, j) => Math.abs(got[j] - v)));
      assert.ok(err <= TOL * scale, `${what}, ${name}: max |grad − fd| ${err} > ${TOL} × ${scale}`);
    });
  });
}

for (const backend of TEST_BACKENDS) {
  test(`qnnLayer with AngleEmbedding (RX, RY; PauliZ, Hermitian): gradients in features, weights ` +
    `and Hermitian parameters match central finite differences [${backend}]`, async () => {
    await useBackend(backend);
    const rng = new Rng(61);
    const n = 3, L = 2, B = 2;
    const before = tf.memory().numTensors;
    for (const angle of ['X', 'Y'] as const) {
      for (const obs of ['pauliz', 'hermitian'] as const) {
        const layer: Layer = (x, w, a) => sim.qnnLayer(x, w,
          obs === 'pauliz' ? { kind: obs } : { kind: obs, h: sim.hermitianFromParams(a) }, { angle });
        checkGradients(layer, obs, { x: [B, n], w: [L, n, 3], a: [n, 2, 2, 2], out: [B, n] }, rng,
          `qnnLayer R${angle} ${obs}`);
      }
    }
    assert.equal(tf.memory().numTensors, before, 'no leaked tensors');
  });

  test(`circuitLayer with angle embedding (RX, RY; fewer features than wires; PauliZ, one- and two-qubit ` +
    `Hermitians): gradients match central finite differences [${backend}]`, async () => {
    await useBackend(backend);
    const rng = new Rng(62);
    const L = 2, B = 2;
    const before = tf.memory().numTensors;
    // [wires, features, observable, Hermitian group size k]: k = 1 runs the fused path, k = 2 the generic one
    const cases: Array<[number, number, Obs, number]> = [[3, 2, 'pauliz', 1], [3, 2, 'hermitian', 1],
      [4, 3, 'hermitian', 2]];
    for (const rotation of ['X', 'Y'] as const) {
      for (const [n, F, obs, k] of cases) {
        const observable = (a: tf.Tensor): CircuitObservable =>
          (obs === 'pauliz' ? { kind: obs } : { kind: obs, h: sim.hermitianFromParams(a), k });
        const layer: Layer = (x, w, a) =>
          circuitLayer(x, w, { embedding: 'angle', rotation, observable: observable(a) });
        const d = 2 ** k, groups = obs === 'pauliz' ? n : n / k;
        checkGradients(layer, obs, { x: [B, F], w: [L, n, 3], a: [n / k, d, d, 2], out: [B, groups] }, rng,
          `circuitLayer R${rotation} ${obs} k=${k}, ${F} features on ${n} wires`);
      }
    }
    assert.equal(tf.memory().numTensors, before, 'no leaked tensors');
  });
}
