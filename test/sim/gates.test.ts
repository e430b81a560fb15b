/** Gate matrices and gate application against matrices computed independently in plain JS. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import * as sim from '../../src/sim';
import { TEST_BACKENDS, useBackend } from './helpers';

type C = [number, number];
const cmul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const cexp = (phi: number): C => [Math.cos(phi), Math.sin(phi)];
const mm = (a: C[][], b: C[][]): C[][] =>
  a.map((row) => b[0].map(
    (_, j) => row.reduce<C>((s, x, k) => { const p = cmul(x, b[k][j]); return [s[0] + p[0], s[1] + p[1]]; }, [0, 0])));
// Textbook definitions, exp(−i a P / 2):
const RX = (a: number): C[][] =>
  [[[Math.cos(a / 2), 0], [0, -Math.sin(a / 2)]], [[0, -Math.sin(a / 2)], [Math.cos(a / 2), 0]]];
const RY = (a: number): C[][] =>
  [[[Math.cos(a / 2), 0], [-Math.sin(a / 2), 0]], [[Math.sin(a / 2), 0], [Math.cos(a / 2), 0]]];
const RZ = (a: number): C[][] => [[cexp(-a / 2), [0, 0]], [[0, 0], cexp(a / 2)]];

function readMatrix(m: sim.Complex): C[][] {
  const re = m.re.arraySync() as number[][], im = m.im.arraySync() as number[][];
  return re.map((row, i) => row.map((x, j) => [x, im[i][j]] as C));
}
function assertMatrix(got: C[][], want: C[][], what: string) {
  got.forEach((row, i) => row.forEach((x, j) => {
    assert.ok(Math.abs(x[0] - want[i][j][0]) < 1e-6 && Math.abs(x[1] - want[i][j][1]) < 1e-6,
      `${what}[${i}][${j}]: ${x} vs ${want[i][j]}`);
  }));
}

for (const backend of TEST_BACKENDS) {
  test(`rotation matrices equal exp(−i a P/2), Rot = RZ(ω) RY(θ) RZ(φ) [${backend}]`, async () => {
    await useBackend(backend);
    for (const a of [0.3, -1.7, 2.9]) {
      tf.tidy(() => {
        assertMatrix(readMatrix(sim.rxMatrix(a)), RX(a), `RX(${a})`);
        assertMatrix(readMatrix(sim.ryMatrix(a)), RY(a), `RY(${a})`);
        assertMatrix(readMatrix(sim.rzMatrix(a)), RZ(a), `RZ(${a})`);
      });
    }
    const [phi, theta, omega] = [0.4, -1.1, 2.3];
    tf.tidy(
      () => assertMatrix(readMatrix(sim.rotMatrix(phi, theta, omega)), mm(RZ(omega), mm(RY(theta), RZ(phi))), 'Rot'));
  });

  test(`gates on states: known outcomes and wire order (wire 0 = most significant bit) [${backend}]`, async () => {
    await useBackend(backend);
    tf.tidy(() => {
      const s0 = sim.zeroState(1, 3);
      // X on wire 0 of |000⟩ → |100⟩ = index 4
      assert.deepEqual(Array.from(sim.pauliX(s0, 0).re.dataSync()), [0, 0, 0, 0, 1, 0, 0, 0]);
      // H on wire 2, then CNOT(2 → 0): (|000⟩ + |101⟩)/√2
      const bell = sim.cnot(sim.hadamard(s0, 2), [2, 0]);
      const p = Array.from(sim.probabilities(bell).dataSync());
      assert.ok(Math.abs(p[0] - 0.5) < 1e-6 && Math.abs(p[5] - 0.5) < 1e-6, `probabilities ${p}`);
      // Y|0⟩ = i|1⟩
      const y = sim.pauliY(sim.zeroState(1, 1), 0);
      assert.deepEqual([...y.re.dataSync(), ...y.im.dataSync()].map((v) => Math.round(v * 1e6) / 1e6), [0, 0, 0, 1]);
      // CZ flips the sign of |11⟩ only; Z flips |1⟩
      const plus = sim.hadamard(sim.hadamard(sim.zeroState(1, 2), 0), 1);
      const czs = Array.from(sim.cz(plus, [0, 1]).re.dataSync()).map((v) => Math.sign(Math.round(v * 1e6)));
      assert.deepEqual(czs, [1, 1, 1, -1]);
      assert.deepEqual(Array.from(sim.pauliZ(sim.pauliX(sim.zeroState(1, 1), 0), 0).re.dataSync()), [0, -1]);
    });
  });

  test(`per-sample angles and arbitrary unitaries; RX(π) = −iX; errors; no leaks [${backend}]`, async () => {
    await useBackend(backend);
    tf.tidy(() => {
      const s = sim.zeroState(3, 1);
      const out = sim.rx(s, tf.tensor1d([0, Math.PI, Math.PI / 2]), 0);
      const p = sim.probabilities(out).arraySync();
      assert.ok(Math.abs(p[0][1]) < 1e-6 && Math.abs(p[1][1] - 1) < 1e-6 && Math.abs(p[2][1] - 0.5) < 1e-6,
        `probabilities ${JSON.stringify(p)}`);
      assert.ok(Math.abs(out.im.arraySync()[1][1] + 1) < 1e-6, 'RX(π)|0⟩ = −i|1⟩');
      const u = sim.hadamardMatrix();
      const viaU = sim.qubitUnitary(sim.zeroState(1, 2), u, [1]);
      assert.ok(Math.abs(viaU.re.dataSync()[1] - Math.SQRT1_2) < 1e-6);
      assert.throws(() => sim.qubitUnitary(s, { re: tf.tensor2d([[1, 1], [0, 1]]), im: tf.zeros([2, 2]) }, [0]),
        /not unitary/);
    });
    const s = sim.zeroState(2, 2);
    assert.throws(() => sim.rx(s, 0.1, 2), /expected integers in \[0, 1\], received \[2\]/);
    assert.throws(() => sim.cnot(s, [1, 1]), /wires must be distinct/);
    assert.throws(() => sim.rx(s, tf.zeros([2, 2]), 0),
      /expected a number, a scalar or a \[batch\] tensor, received shape \[2,2\]/);
    assert.throws(() => sim.rx(s, tf.zeros([3]), 0), /expected a matrix of shape \[2, 2, 2\]/);
    const before = tf.memory().numTensors;
    const outs = [sim.rx(s, 0.2, 0), sim.rot(s, 0.1, 0.2, 0.3, 1), sim.cz(s, [0, 1]), sim.hadamard(s, 1)];
    outs.forEach(sim.disposeState);
    assert.equal(tf.memory().numTensors, before, 'gate application leaked tensors');
    sim.disposeState(s);
  });
}
