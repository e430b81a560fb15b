/**
 * k-qubit Hermitian groups and the variational `circuitLayer` (amplitude or angle embedding,
 * PauliZ or one Hermitian per group of k adjacent wires): against the PennyLane reference
 * fixtures, against the gate-by-gate path (`StronglyEntanglingLayers.applyGates`), error messages,
 * the Pauli cost, second derivatives against finite differences, and tensor hygiene. The groups'
 * values and gradients against a float64 reference: `hermitian_groups.test.ts`.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { CircuitLayerOptions, circuitLayer, circuitLayerCost } from '../../src/sim/circuit_layer';
import { Complex, complexFromPairs } from '../../src/sim/complex';
import { executionCounts } from '../../src/sim/executions';
import { expvalHermitianGroups, groupWires, pauliCost } from '../../src/sim/hermitian_groups';
import { expvalHermitian, expvalPauliZ, hermitianFromParams } from '../../src/sim/measurements';
import { State, makeState } from '../../src/sim/state';
import { amplitudeEmbedding } from '../../src/sim/templates/amplitude_embedding';
import { angleEmbedding } from '../../src/sim/templates/angle_embedding';
import { applyGates as selApplyGates, defaultRanges } from '../../src/sim/templates/strongly_entangling_layers';
import { Rng } from '../../src/util/rng';
import { tidy } from '../../src/util/tidy';
import { fdHvp, hvp } from '../nn/helpers';
import {
  FixtureCase, TEST_BACKENDS, assertNoLeak, loadFixtures, maxAbsDiff, maxLooseDiff, useBackend,
} from './helpers';

const { cases } = loadFixtures();

before(async () => {
  await useBackend('cpu');
});

const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);
const maxAbs = (a: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(a)).dataSync()[0]);

/** Random normalised states `[batch, 2^n]`. */
function randomState(rng: Rng, batch: number, n: number): State {
  return tidy(() => {
    const d = 2 ** n;
    const re = tf.tensor2d(rng.normals(batch * d), [batch, d]), im = tf.tensor2d(rng.normals(batch * d), [batch, d]);
    const norm = tf.sqrt(tf.add(tf.sum(tf.square(re), 1, true), tf.sum(tf.square(im), 1, true)));
    const s = makeState(tf.div(re, norm) as tf.Tensor2D, tf.div(im, norm) as tf.Tensor2D);
    return s;
  });
}

/** Random Hermitians `(groups, 2^k, 2^k)` from N(0, 1) parameters. */
const randomHermitians = (rng: Rng, groups: number, k: number): Complex => {
  const d = 2 ** k;
  return tidy(() => {
    const h = hermitianFromParams(tf.tensor4d(rng.normals(groups * d * d * 2), [groups, d, d, 2]));
    return h;
  });
};

const slice3 = (t: tf.Tensor, g: number) => tf.squeeze(tf.slice(t, [g, 0, 0], [1, -1, -1]), [0]);

/** The fixture's final state as a batch of one. */
function fixtureState(c: FixtureCase): State {
  return makeState(tf.tensor2d([c.state.map((a) => a[0])]), tf.tensor2d([c.state.map((a) => a[1])]));
}

/** The fixture observables as Hermitians `(m, d, d)`. */
function stackedMatrices(c: FixtureCase, idx: number[]): Complex {
  const hs = idx.map((i) => complexFromPairs(c.observables[i].matrix, 'matrix'));
  return { re: tf.stack(hs.map((h) => h.re)), im: tf.stack(hs.map((h) => h.im)) };
}

/** Whether observables 0 … n−1 are `kind` on wires 0 … n−1 in order. */
const perWire = (c: FixtureCase, kind: string) =>
  c.observables.length >= c.n_wires && Array.from({ length: c.n_wires }, (_, w) => c.observables[w])
    .every((o, w) => o.kind === kind && o.wires.length === 1 && o.wires[0] === w);

test('groupWires: groups of k adjacent wires, first listed first', () => {
  assert.deepEqual(groupWires(6, 1), [[0], [1], [2], [3], [4], [5]]);
  assert.deepEqual(groupWires(6, 2), [[0, 1], [2, 3], [4, 5]]);
  assert.deepEqual(groupWires(6, 3), [[0, 1, 2], [3, 4, 5]]);
  assert.deepEqual(groupWires(4, 4), [[0, 1, 2, 3]]);
  assert.throws(() => groupWires(6, 4), /hermitian groups: expected a group size k dividing 6 wires, received 4/);
  assert.throws(() => groupWires(6, 0), /dividing 6 wires, received 0/);
  assert.throws(() => groupWires(6, 1.5), /dividing 6 wires, received 1\.5/);
});

test('pauliCost: a k-qubit Hermitian is 4^k Pauli strings measured in 3^k settings', () => {
  assert.deepEqual(pauliCost(1), { pauliTerms: 4, measurementSettings: 3 });
  assert.deepEqual(pauliCost(2), { pauliTerms: 16, measurementSettings: 9 });
  assert.deepEqual(pauliCost(3), { pauliTerms: 64, measurementSettings: 27 });
});

test('circuitLayerCost: encoding angles + trainable weights, 1 or 3^k settings', () => {
  const h = { re: tf.zeros([1]), im: tf.zeros([1]) }; // not read by the cost
  const o = (embedding: 'amplitude' | 'angle', obs: CircuitLayerOptions['observable'],
    weightsTrainable?: boolean): CircuitLayerOptions => ({ embedding, observable: obs, weightsTrainable });
  assert.deepEqual(circuitLayerCost(6, 3, o('amplitude', { kind: 'pauliz' })), { shiftParams: 63 + 54, settings: 1 });
  assert.deepEqual(circuitLayerCost(6, 3, o('amplitude', { kind: 'hermitian', h, k: 1 })),
    { shiftParams: 63 + 54, settings: 3 });
  assert.deepEqual(circuitLayerCost(6, 3, o('angle', { kind: 'hermitian', h, k: 2 })),
    { shiftParams: 6 + 54, settings: 9 });
  assert.deepEqual(circuitLayerCost(6, 3, o('angle', { kind: 'hermitian', h, k: 3 }, false)),
    { shiftParams: 6, settings: 27 });
  assert.deepEqual(circuitLayerCost(4, 2, o('amplitude', { kind: 'pauliz' }, false)), { shiftParams: 15, settings: 1 });
  tf.dispose([h.re, h.im]);
});

for (const backend of TEST_BACKENDS) {
  test(`expvalHermitianGroups on the PennyLane fixture states: ` +
    `one-qubit groups and the 2-qubit Hermitian on wires [0, 1] [${backend}]`, async () => {
    await useBackend(backend);
    let k1 = 0, k2 = 0;
    for (const c of cases) {
      const before = tf.memory().numTensors;
      tf.tidy(() => {
        const s = fixtureState(c);
        const n = c.n_wires;
        if (perWire(c, 'Hermitian')) {
          const idx = Array.from({ length: n }, (_, w) => w);
          const got = expvalHermitianGroups(s, stackedMatrices(c, idx), 1).arraySync()[0];
          const err = maxAbsDiff(got, c.expvals.slice(0, n));
          assert.ok(err <= 1e-4, `case ${c.id} (k = 1): expvals off by ${err}`);
          k1++;
        }
        c.observables.forEach((o, i) => {
          // a 2-qubit Hermitian on an aligned adjacent pair [2g, 2g + 1] is group g of k = 2
          if (o.kind !== 'Hermitian' || o.wires.length !== 2 || n % 2 !== 0 || o.wires[0] % 2 !== 0 ||
            o.wires[1] !== o.wires[0] + 1) return;
          const g = o.wires[0] / 2;
          const target = complexFromPairs(o.matrix, 'matrix');
          // the other groups get arbitrary Hermitians: group g's column must not depend on them
          const others = randomHermitians(new Rng(c.id), n / 2, 2);
          const pick = (t: tf.Tensor, mine: tf.Tensor) =>
            tf.stack(Array.from({ length: n / 2 }, (_, j) => (j === g ? mine : slice3(t, j))));
          const h = { re: pick(others.re, target.re), im: pick(others.im, target.im) };
          const got = expvalHermitianGroups(s, h, 2).arraySync()[0][g];
          assert.ok(Math.abs(got - c.expvals[i]) <= 1e-4,
            `case ${c.id} observable ${i} (wires ${o.wires}): ${got} vs ${c.expvals[i]}`);
          k2++;
        });
      });
      assert.equal(tf.memory().numTensors, before, `case ${c.id}: tensors leaked`);
    }
    assert.ok(k1 >= 20, `only ${k1} fixture cases with one-qubit Hermitians on every wire`);
    assert.ok(k2 >= 1, 'no fixture case with a 2-qubit Hermitian on an aligned pair');
  });
}

for (const backend of TEST_BACKENDS) {
  test(`circuitLayer reproduces the PennyLane fixtures: expvals, grad_weights, ` +
    `grad_features [${backend}]`, async () => {
    await useBackend(backend);
    const worst = { expvals: 0, grad_weights: 0, grad_features: 0 };
    const seen = { angle: 0, amplitude: 0, k2: 0 };
    const rng = new Rng(10);
    // 7-qubit gradients take about a second each on the cpu backend: wasm covers them
    const maxWires = backend === 'cpu' ? 6 : 7;
    for (const c of cases) {
      const n = c.n_wires, L = c.n_layers, e = c.embedding;
      if (n > maxWires) continue;
      if (c.layers.imprimitive !== 'CNOT' || c.layers.ranges.join() !== defaultRanges(L, n).join()) continue;
      if (e.type === 'amplitude' && !(e.normalize === true && (e.pad_with === 0 || e.pad_with === null))) continue;
      // (observable indices of the fixture, the layer's observable)
      const runs: Array<{ idx: number[]; obs: (h: Complex | null) => CircuitLayerOptions['observable'] }> = [];
      const all = Array.from({ length: n }, (_, w) => w);
      if (perWire(c, 'PauliZ')) runs.push({ idx: all, obs: () => ({ kind: 'pauliz' }) });
      if (perWire(c, 'Hermitian')) runs.push({ idx: all, obs: (h) => ({ kind: 'hermitian', h: h!, k: 1 }) });
      c.observables.forEach((o, i) => {
        if (o.kind === 'Hermitian' && n === 2 && o.wires.join() === '0,1')
          runs.push({ idx: [i], obs: (h) => ({ kind: 'hermitian', h: h!, k: 2 }) });
      });
      const before = tf.memory().numTensors;
      for (const r of runs) {
        tf.tidy(() => {
          const x = tf.tensor2d([e.features]);
          const w = tf.tensor3d(c.layers.weights);
          const h = c.observables[r.idx[0]].kind === 'Hermitian' ? stackedMatrices(c, r.idx) : null;
          const o: CircuitLayerOptions = { embedding: e.type as 'amplitude' | 'angle',
            rotation: e.rotation as 'X' | 'Y' | 'Z' | undefined, observable: r.obs(h) };
          const out = circuitLayer(x, w, o);
          assert.deepEqual(out.shape, [1, r.idx.length]);
          worst.expvals = Math.max(worst.expvals, maxAbsDiff(out.arraySync()[0], r.idx.map((i) => c.expvals[i])));
          // one backward pass: the vector-Jacobian product with a random cotangent against the
          // same combination of the fixture's per-observable gradients
          const cot = Array.from(rng.normals(r.idx.length));
          const [gx, gw] = tf.grads((xx: tf.Tensor, ww: tf.Tensor) =>
            tf.sum(tf.mul(circuitLayer(xx as tf.Tensor2D, ww as tf.Tensor3D, o), tf.tensor2d([cot]))))([x, w]);
          const combine = (rows: number[][]) =>
            rows[0].map((_, f) => r.idx.reduce((acc, i, j) => acc + cot[j] * rows[i][f], 0));
          const flatW = c.grad_weights.map((g) => g.flat(2));
          worst.grad_weights = Math.max(worst.grad_weights, maxLooseDiff(Array.from(gw.dataSync()), combine(flatW)));
          worst.grad_features =
            Math.max(worst.grad_features, maxLooseDiff((gx.arraySync() as number[][])[0], combine(c.grad_features)));
          if (r.idx.length === 1) seen.k2++;
          else seen[e.type as 'angle' | 'amplitude']++;
        });
      }
      assert.equal(tf.memory().numTensors, before, `case ${c.id}: tensors leaked`);
    }
    console.log(`circuitLayer vs fixtures [${backend}]: worst ${JSON.stringify(worst)}, runs ${JSON.stringify(seen)}`);
    assert.ok(worst.expvals <= 1e-4, `expvals off by ${worst.expvals}`);
    assert.ok(worst.grad_weights <= 1e-3, `grad_weights off by ${worst.grad_weights}`);
    assert.ok(worst.grad_features <= 1e-3, `grad_features off by ${worst.grad_features}`);
    assert.ok(seen.angle >= (backend === 'cpu' ? 9 : 12) && seen.amplitude >= (backend === 'cpu' ? 12 : 15) &&
      seen.k2 >= 1, `fixture coverage ${JSON.stringify(seen)}`);
  });
}

test('expvalHermitianGroups and circuitLayer: errors name what was expected and what was received', () => {
  const rng = new Rng(12);
  tf.tidy(() => {
    const s = randomState(rng, 2, 6);
    assert.throws(() => expvalHermitianGroups(s, randomHermitians(rng, 3, 1), 2),
      /expvalHermitianGroups: expected 3 Hermitians of shape \(3, 4, 4\), received \[3,2,2\]/);
    assert.throws(() => expvalHermitianGroups(s, randomHermitians(rng, 2, 2), 2),
      /expected 3 Hermitians of shape \(3, 4, 4\), received \[2,4,4\]/);
    assert.throws(() => expvalHermitianGroups(s, { re: tf.zeros([4, 4]), im: tf.zeros([4, 4]) }, 2),
      /expected 3 Hermitians of shape \(3, 4, 4\), received \[4,4\]/);
    assert.throws(() => expvalHermitianGroups(s, randomHermitians(rng, 1, 4), 4),
      /hermitian groups: expected a group size k dividing 6 wires, received 4/);
    const w = tf.zeros([1, 6, 3]) as tf.Tensor3D;
    const x = tf.ones([2, 6]) as tf.Tensor2D;
    const counts = executionCounts();
    assert.throws(() => circuitLayer(x, w,
      { embedding: 'angle', observable: { kind: 'hermitian', h: randomHermitians(rng, 1, 4), k: 4 } }),
      /expected a group size k dividing 6 wires, received 4/);
    assert.throws(() => circuitLayer(x, w,
      { embedding: 'angle', observable: { kind: 'hermitian', h: randomHermitians(rng, 6, 1), k: 2 } }),
      /expected 3 Hermitians of shape \(3, 4, 4\), received \[6,2,2\]/);
    assert.throws(
      () => circuitLayer(tf.ones([2, 7]) as tf.Tensor2D, w, { embedding: 'angle', observable: { kind: 'pauliz' } }),
      /circuitLayer: AngleEmbedding on 6 qubits takes at most 6 features, received 7/);
    assert.throws(() =>
      circuitLayer(tf.ones([2, 65]) as tf.Tensor2D, w, { embedding: 'amplitude', observable: { kind: 'pauliz' } }),
      /circuitLayer: AmplitudeEmbedding on 6 qubits takes at most 64 features, received 65/);
    assert.throws(() => circuitLayer(tf.ones([6]) as unknown as tf.Tensor2D, w, { embedding: 'angle',
      observable: { kind: 'pauliz' } }), /expected features of shape \[batch, F\], received \[6\]/);
    assert.deepEqual(executionCounts(), counts, 'a rejected call must not count circuit executions');
    tf.dispose([s.re, s.im]);
  });
});

for (const backend of TEST_BACKENDS) {
  test(`circuitLayer with amplitude embedding and k = 1 (fused qnnLayer) equals the gate-by-gate path, ` +
    `values and gradients [${backend}]`, async () => {
    await useBackend(backend);
    const rng = new Rng(13);
    const n = 4, L = 2, B = 3, F = 12;
    const x = tf.tensor2d(rng.normals(B * F), [B, F]);
    const w = tf.tensor3d(rng.normals(L * n * 3), [L, n, 3]);
    const a = tf.tensor4d(rng.normals(n * 8), [n, 2, 2, 2]);
    const cot = tf.tensor2d(rng.normals(B * n), [B, n]);
    for (const kind of ['hermitian', 'pauliz'] as const) {
      const fused = (xx: tf.Tensor, ww: tf.Tensor, aa: tf.Tensor) => {
        const obs = kind === 'pauliz' ? { kind } : { kind, h: hermitianFromParams(aa), k: 1 };
        return circuitLayer(xx as tf.Tensor2D, ww as tf.Tensor3D, { embedding: 'amplitude', observable: obs });
      };
      const generic = (xx: tf.Tensor, ww: tf.Tensor, aa: tf.Tensor) => {
        // gate by gate: 2·L·n Rot and CNOT gates, not the composed unitary that qnnLayer shares
        const s = selApplyGates(amplitudeEmbedding(xx as tf.Tensor2D, n, { normalize: true, padWith: 0 }),
          ww as tf.Tensor3D);
        return kind === 'pauliz' ? expvalPauliZ(s) : expvalHermitianGroups(s, hermitianFromParams(aa), 1);
      };
      const loss = (f: typeof fused) => (xx: tf.Tensor, ww: tf.Tensor, aa: tf.Tensor) =>
        tf.sum(tf.mul(tf.square(f(xx, ww, aa)), cot)) as tf.Scalar;
      tf.tidy(() => {
        const d = maxDiff(fused(x, w, a), generic(x, w, a));
        assert.ok(d < 1e-5, `${kind}: values differ by ${d}`);
        // (PauliZ does not read the Hermitian parameters, so they are no gradient argument then)
        const args = kind === 'pauliz' ? [x, w] : [x, w, a];
        const two = (f: typeof fused) => (xx: tf.Tensor, ww: tf.Tensor, aa?: tf.Tensor) => loss(f)(xx, ww, aa ?? a);
        const gf = tf.grads(two(fused))(args), gg = tf.grads(two(generic))(args);
        ['features', 'weights', 'hermitian'].slice(0, args.length).forEach((name, i) => {
          const e = maxDiff(gf[i], gg[i]) / Math.max(1, maxAbs(gg[i]));
          assert.ok(e < 1e-4, `${kind}: gradient w.r.t. ${name} differs by ${e}`);
        });
      });
    }
    tf.dispose([x, w, a, cot]);
  });
}

for (const backend of TEST_BACKENDS) {
  test(`circuitLayer with angle embedding (fewer features than wires) and k = 2 equals ` +
    `gate by gate [${backend}]`, async () => {
    await useBackend(backend);
    const rng = new Rng(14);
    const n = 4, L = 3, B = 2;
    tf.tidy(() => {
      for (const rotation of ['X', 'Y', 'Z'] as const) {
        const x = tf.tensor2d(rng.normals(B * 3), [B, 3]);
        const w = tf.tensor3d(rng.normals(L * n * 3), [L, n, 3]);
        const h = randomHermitians(rng, 2, 2);
        const got = circuitLayer(x, w, { embedding: 'angle', rotation, observable: { kind: 'hermitian', h, k: 2 } });
        const s = selApplyGates(angleEmbedding(x, n, rotation), w);
        const ref = tf.stack(
          [0, 1].map((g) => expvalHermitian(s, { re: slice3(h.re, g), im: slice3(h.im, g) }, [2 * g, 2 * g + 1])), 1);
        assert.deepEqual(got.shape, [B, 2]);
        const d = maxDiff(got, ref);
        assert.ok(d < 1e-5, `rotation ${rotation}: max difference ${d}`);
        const pz = circuitLayer(x, w, { embedding: 'angle', rotation, observable: { kind: 'pauliz' } });
        assert.ok(maxDiff(pz, expvalPauliZ(s)) < 1e-5, `rotation ${rotation}: PauliZ differs`);
      }
      // rotation defaults to X
      const x = tf.tensor2d(rng.normals(B * n), [B, n]), w = tf.tensor3d(rng.normals(L * n * 3), [L, n, 3]);
      const dflt = circuitLayer(x, w, { embedding: 'angle', observable: { kind: 'pauliz' } });
      assert.ok(
        maxDiff(dflt, circuitLayer(x, w, { embedding: 'angle', rotation: 'X', observable: { kind: 'pauliz' } })) === 0);
      assert.ok(maxDiff(dflt,
        circuitLayer(x, w, { embedding: 'angle', rotation: 'Y', observable: { kind: 'pauliz' } })) > 1e-3);
    });
  });
}

test('AngleEmbedding with RZ from |0…0⟩ is a global phase: ' +
  'the layer output does not depend on the features', () => {
  const rng = new Rng(17);
  tf.tidy(() => {
    const w = tf.tensor3d(rng.normals(2 * 4 * 3), [2, 4, 3]);
    const x = tf.tensor2d(rng.normals(3 * 4, 0, 2), [3, 4]);
    for (const observable of [{ kind: 'pauliz' as const },
      { kind: 'hermitian' as const, h: randomHermitians(rng, 2, 2), k: 2 }]) {
      const out = circuitLayer(x, w, { embedding: 'angle', rotation: 'Z', observable });
      const first = tf.slice(out, [0, 0], [1, -1]);
      assert.ok(maxDiff(out, tf.tile(first, [3, 1])) < 1e-6, `${observable.kind}: output depends on the features`);
      const g = tf.grad((xx: tf.Tensor) =>
        tf.sum(circuitLayer(xx as tf.Tensor2D, w, { embedding: 'angle', rotation: 'Z', observable })))(x);
      assert.ok(maxAbs(g) < 1e-6, `${observable.kind}: non-zero feature gradient`);
    }
  });
});

for (const backend of TEST_BACKENDS) {
  test(`second order: Hessian-vector products through circuitLayer (angle embedding, k = 2) match ` +
    `central differences [${backend}]`, async () => {
    await useBackend(backend);
    const rng = new Rng(15);
    const n = 4, L = 2, B = 2;
    const sizes = [B * n, L * n * 3, 2 * 4 * 4 * 2];
    const dim = sizes.reduce((p, q) => p + q, 0);
    tf.tidy(() => {
      const cot = tf.tensor2d(rng.normals(B * 2), [B, 2]);
      const f = (theta: tf.Tensor): tf.Scalar => {
        const [xf, wf, af] = tf.split(theta, sizes);
        const out = circuitLayer(tf.reshape(xf, [B, n]) as tf.Tensor2D, tf.reshape(wf, [L, n, 3]) as tf.Tensor3D, {
          embedding: 'angle', rotation: 'Y',
          observable: { kind: 'hermitian', h: hermitianFromParams(tf.reshape(af, [2, 4, 4, 2])), k: 2 },
        });
        return tf.sum(tf.mul(tf.square(out), cot)) as tf.Scalar;
      };
      const theta = tf.tensor1d(rng.normals(dim, 0, 0.7));
      const offsets = [0, sizes[0], sizes[0] + sizes[1], dim];
      for (const [part, lo, hi] of [['features', offsets[0], offsets[1]], ['weights', offsets[1], offsets[2]],
        ['all', 0, dim]] as const) {
        const v = tf.tensor1d(Array.from(rng.normals(dim), (z, i) => (i >= lo && i < hi ? z : 0)));
        const an = hvp(f, theta, v);
        const fd = fdHvp(f, theta, v, 1e-2);
        const scale = Math.max(1, maxAbs(fd));
        const err = maxDiff(an, fd) / scale;
        assert.ok(err < 5e-3, `HVP along ${part}: relative error ${err} (scale ${scale})`);
        assert.ok(maxAbs(an) > 1e-2, `HVP along ${part} is trivially zero`);
      }
    });
  });
}

test('circuitLayer, expvalHermitianGroups and their gradients leak no tensors', () => {
  const rng = new Rng(16);
  const n = 6, L = 2, B = 2;
  const x = tf.tensor2d(rng.normals(B * n), [B, n]), xa = tf.tensor2d(rng.normals(B * 40), [B, 40]);
  const w = tf.tensor3d(rng.normals(L * n * 3), [L, n, 3]);
  const a2 = tf.tensor4d(rng.normals(3 * 4 * 4 * 2), [3, 4, 4, 2]), a1 = tf.tensor4d(rng.normals(6 * 8), [6, 2, 2, 2]);
  const variants: Array<[tf.Tensor2D, (a?: tf.Tensor) => CircuitLayerOptions, tf.Tensor | null]> = [
    [x, () => ({ embedding: 'angle', observable: { kind: 'pauliz' } }), null],
    [x, (a) =>
      ({ embedding: 'angle', rotation: 'Z', observable: { kind: 'hermitian', h: hermitianFromParams(a!), k: 2 } }), a2],
    [xa, (a) => ({ embedding: 'amplitude', observable: { kind: 'hermitian', h: hermitianFromParams(a!), k: 2 } }), a2],
    [xa, (a) => ({ embedding: 'amplitude', observable: { kind: 'hermitian', h: hermitianFromParams(a!), k: 1 } }), a1],
    [xa, () => ({ embedding: 'amplitude', observable: { kind: 'pauliz' } }), null],
  ];
  for (const [feat, opts, a] of variants) {
    assertNoLeak(() => tf.tidy(() => circuitLayer(feat, w, opts(a ?? undefined))));
    const args = a ? [feat, w, a] : [feat, w];
    assertNoLeak(() => tf.grads((xx: tf.Tensor, ww: tf.Tensor, aa?: tf.Tensor) =>
      tf.sum(circuitLayer(xx as tf.Tensor2D, ww as tf.Tensor3D, opts(aa))))(args));
  }
  const s = randomState(rng, 2, 6), h = randomHermitians(rng, 3, 2);
  assertNoLeak(() => expvalHermitianGroups(s, h, 2));
  tf.dispose([x, xa, w, a1, a2, s.re, s.im, h.re, h.im]);
});
