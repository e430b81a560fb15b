/**
 * `randomLayersUnitary` and `applyRandomGates` (the quanvolution's seeded random circuit) against U
 * built in plain float64 JS as the product G_m ⋯ G_1 of textbook full-register gate matrices:
 * I ⊗ R_P(a) ⊗ I with R_P(a) = exp(−i a P/2) for RX, RY, RZ, and CNOT as its permutation matrix
 * (`reference_sim.ts`, whose Kronecker and permutation matrices reproduce PennyLane's fixture states).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { makeState } from '../../src/sim/state';
import { applyRandomGates, randomLayersGates, randomLayersUnitary } from '../../src/sim/templates/random_layers';
import { Rng } from '../../src/util/rng';
import { TEST_BACKENDS, useBackend } from './helpers';
import { C, CMatrix, RX, RY, RZ, cadd, cmul, cnotFull, identity, mm, onWire } from './reference_sim';

const R = { RX, RY, RZ } as const;

/** Largest |a − b| over the entries of complex (re, im) arrays against `[re, im]` pairs. */
function worst(re: number[][], im: number[][], want: C[][]): number {
  return Math.max(...want.flatMap((row, i) =>
    row.map((x, j) => Math.max(Math.abs(re[i][j] - x[0]), Math.abs(im[i][j] - x[1])))));
}

for (const backend of TEST_BACKENDS) {
  test(`randomLayersUnitary and applyRandomGates equal the product of textbook gate matrices [${backend}]`,
    async () => {
      await useBackend(backend);
      for (const [layers, seed] of [[3, 99], [2, 1234]]) {
        const gates = randomLayersGates(4, layers, seed);
        assert.ok(gates.some((g) => g.gate === 'CNOT') && new Set(gates.map((g) => g.gate)).size === 4,
          `seed ${seed}: every gate kind occurs (otherwise the test is weak)`);
        let want: CMatrix = identity(16);
        for (const g of gates) {
          const full = g.gate === 'CNOT' ? cnotFull(g.wires[0], g.wires[1], 4) : onWire(R[g.gate](g.angle), g.wire, 4);
          want = mm(full, want);
        }
        const before = tf.memory().numTensors;
        const u = randomLayersUnitary(4, gates);
        assert.equal(tf.memory().numTensors, before + 2, 'only the unitary (re, im) is kept');
        assert.deepEqual(u.re.shape, [16, 16]);
        const errU = worst(u.re.arraySync() as number[][], u.im.arraySync() as number[][], want);
        assert.ok(errU < 1e-5, `seed ${seed}: U vs the product of gate matrices: ${errU}`);
        // the gate-by-gate path on random states: row b of the result is U ψ_b
        const rng = new Rng(seed);
        const psi = Array.from({ length: 3 }, () => Array.from({ length: 16 }, (): C => [rng.normal(), rng.normal()]));
        const out = tf.tidy(() => {
          const s = applyRandomGates(makeState(tf.tensor2d(psi.map((p) => p.map((a) => a[0]))),
            tf.tensor2d(psi.map((p) => p.map((a) => a[1])))), gates);
          return [s.re.arraySync(), s.im.arraySync()];
        });
        const upsi = psi.map((p) => want.map((row) => row.reduce<C>((acc, x, j) => cadd(acc, cmul(x, p[j])), [0, 0])));
        const errS = worst(out[0], out[1], upsi);
        assert.ok(errS < 1e-5, `seed ${seed}: applyRandomGates vs U ψ: ${errS}`);
        tf.dispose([u.re, u.im]);
      }
    });
}
