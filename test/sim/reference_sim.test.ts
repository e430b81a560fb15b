/**
 * The plain float64 reference simulator of `reference_sim.ts` (the independent reference of the
 * hermitian-group, RandomLayers and qnn_classifier tests) against the PennyLane fixtures: the final
 * states of every fixture circuit, gate by gate and with full-register Kronecker/permutation
 * matrices, and every fixture expectation (one- and two-qubit Hermitians, wires in any order).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FixtureCase, loadFixtures } from './helpers';
import {
  C, CMatrix, RX, RY, RZ, ROT, applyOn, cadd, cmul, cnotFull, expvalOn, onWire, selApply,
} from './reference_sim';

const { cases } = loadFixtures();
const R = { X: RX, Y: RY, Z: RZ } as const;

/** The embedded state of a fixture case, from its features. */
function embedded(c: FixtureCase): C[] {
  const n = c.n_wires, e = c.embedding;
  if (e.type === 'amplitude') return (e.padded_normalized as number[]).map((x): C => [x, 0]);
  let s = Array.from({ length: 2 ** n }, (_, i): C => [i === 0 ? 1 : 0, 0]);
  e.features.forEach((x, w) => (s = applyOn(s, R[e.rotation as 'X' | 'Y' | 'Z'](x), [w], n)));
  return s;
}

const maxDiff = (a: C[], b: number[][]) => a.reduce((m, x, i) => Math.max(m, Math.abs(x[0] - b[i][0]),
  Math.abs(x[1] - b[i][1])), 0);

test('reference simulator: final states and expectations of every PennyLane fixture case', () => {
  let states = 0, expvals = 0, twoQubit = 0;
  for (const c of cases) {
    assert.equal(c.layers.imprimitive, 'CNOT');
    const n = c.n_wires;
    const psi = selApply(embedded(c), c.layers.weights, c.layers.ranges);
    const err = maxDiff(psi, c.state);
    assert.ok(err < 1e-12, `case ${c.id}: final state off by ${err}`);
    // the same circuit as full-register matrices (the RandomLayers test multiplies them into U)
    const times = (m: CMatrix, v: C[]) => m.map((row) => row.reduce<C>((s, x, j) => cadd(s, cmul(x, v[j])), [0, 0]));
    let v = embedded(c);
    c.layers.weights.forEach((layer, l) => {
      layer.forEach(([phi, theta, omega], i) => (v = times(onWire(ROT(phi, theta, omega), i, n), v)));
      for (let i = 0; i < n; i++) v = times(cnotFull(i, (i + c.layers.ranges[l]) % n, n), v);
    });
    assert.ok(maxDiff(v, c.state) < 1e-12, `case ${c.id}: Kronecker/permutation matrices give another state`);
    states++;
    c.observables.forEach((o, i) => {
      const pauliZ: CMatrix = [[[1, 0], [0, 0]], [[0, 0], [-1, 0]]];
      const h = o.matrix ? o.matrix.map((row) => row.map((x): C => [x[0], x[1]])) : pauliZ;
      const got = expvalOn(psi, h, o.wires, n);
      assert.ok(Math.abs(got - c.expvals[i]) < 1e-12, `case ${c.id} observable ${i} (${o.kind} on ${o.wires})`);
      expvals++;
      if (o.wires.length === 2) twoQubit++;
    });
  }
  assert.ok(states === 40 && expvals > 150 && twoQubit >= 8, `coverage ${states} ${expvals} ${twoQubit}`);
});
