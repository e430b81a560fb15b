/**
 * Every PennyLane 0.37 reference case (float64, default.qubit) must be reproduced:
 * expectation values within 1e-4, gradients (weights and raw features) within 1e-3
 * absolute-or-relative, final states within 1e-4 — on each backend.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { parseCircuitSpec, runCircuit } from '../../src/sim';
import { TEST_BACKENDS, loadFixtures, maxAbsDiff, maxLooseDiff, useBackend } from './helpers';

const { meta, cases } = loadFixtures();

test('fixture conventions are the ones the simulator implements', () => {
  const c = meta.conventions as Record<string, string>;
  assert.match(c.wire_order, /wire 0 is the most significant bit/);
  assert.match(c.Rot, /RZ\(omega\) @ RY\(theta\) @ RZ\(phi\)/);
  assert.match(c.StronglyEntanglingLayers, /r_l = \(l % \(n - 1\)\) \+ 1/);
  assert.ok(cases.length >= 40);
});

for (const backend of TEST_BACKENDS) {
  test(`all PennyLane reference cases match [${backend}]`, async () => {
    await useBackend(backend);
    const worst = { expvals: 0, grad_weights: 0, grad_features: 0, state: 0 };
    for (const c of cases) {
      const before = tf.memory().numTensors;
      const r = runCircuit(parseCircuitSpec(c));
      assert.equal(tf.memory().numTensors, before, `case ${c.id}: tensors leaked`);
      const e = {
        expvals: maxAbsDiff(r.expvals, c.expvals),
        grad_weights: maxLooseDiff(r.grad_weights, c.grad_weights),
        grad_features: maxLooseDiff(r.grad_features, c.grad_features),
        state: maxAbsDiff(r.state, c.state),
      };
      assert.ok(e.expvals <= 1e-4, `case ${c.id}: expvals off by ${e.expvals}`);
      assert.ok(e.grad_weights <= 1e-3, `case ${c.id}: grad_weights off by ${e.grad_weights}`);
      assert.ok(e.grad_features <= 1e-3, `case ${c.id}: grad_features off by ${e.grad_features}`);
      assert.ok(e.state <= 1e-4, `case ${c.id}: state off by ${e.state}`);
      for (const k of Object.keys(worst) as (keyof typeof worst)[]) worst[k] = Math.max(worst[k], e[k]);
    }
    console.log(`worst fixture errors [${backend}]: ${JSON.stringify(worst)}`);
  });
}
