/** Finite-shot estimates: unbiased, binomial variance, seeded; eigenvalues; model-level shots. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { oneQubitEigenvalues, sampleExpvals } from '../../src/sim/shot_noise';
import { Rng } from '../../src/util/rng';
import { applyModel, initModel, parseModelSpec } from '../../src/models';

test('estimates are unbiased with the binomial variance (lo + span·k/shots)', () => {
  const exact = [0.3, -0.8, 0.95, 1.5];
  const lo = [-1, -1], hi = [1, 2]; // column 1: eigenvalues −1 and 2
  const reps = 400, shots = 200;
  const rng = new Rng(3);
  const sums = [0, 0, 0, 0], sq = [0, 0, 0, 0];
  for (let r = 0; r < reps; r++) {
    const e = sampleExpvals(exact, lo, hi, { shots, rng });
    e.forEach((v, i) => { sums[i] += v; sq[i] += v * v; });
  }
  exact.forEach((x, i) => {
    const w = i % 2, span = hi[w] - lo[w], p = (x - lo[w]) / span;
    const variance = (span * span * p * (1 - p)) / shots;
    const mean = sums[i] / reps, sampleVar = sq[i] / reps - mean * mean;
    assert.ok(Math.abs(mean - x) < 4 * Math.sqrt(variance / reps) + 1e-6, `entry ${i}: mean ${mean} vs ${x}`);
    assert.ok(Math.abs(sampleVar - variance) < 0.25 * variance + 1e-9,
      `entry ${i}: variance ${sampleVar} vs ${variance}`);
  });
});

test('estimates take values on the grid lo + span·k/shots and are seeded', () => {
  const a = sampleExpvals([0.1, 0.7], [-1, -1], [1, 1], { shots: 10, rng: new Rng(5) });
  const b = sampleExpvals([0.1, 0.7], [-1, -1], [1, 1], { shots: 10, rng: new Rng(5) });
  assert.deepEqual(Array.from(a), Array.from(b));
  for (const v of a) assert.ok(Math.abs((v + 1) * 5 - Math.round((v + 1) * 5)) < 1e-5, `${v} is on the 10-shot grid`);
  assert.throws(() => sampleExpvals([0], [-1], [1], { shots: 0, rng: new Rng(1) }),
    /shots: expected a positive integer, received 0/);
  assert.throws(() => sampleExpvals([0, 0, 0], [-1, -1], [1, 1], { shots: 5, rng: new Rng(1) }),
    /expected \[batch·2\] values/);
});

test('one-qubit eigenvalues a ± |(b, x, y)| match the closed form by hand', () => {
  const [a, b, x, y] = [0.3, -0.4, 0.5, 1.2];
  // H = a I + b Z + x X + y Y = [[a+b, x−iy], [x+iy, a−b]]: trace 2a, det (a+b)(a−b) − (x² + y²),
  // so λ = a ± √(b² + x² + y²) = 0.3 ± √(0.16 + 0.25 + 1.44) = 0.3 ± √1.85 = 0.3 ± 1.3601470508735443…
  // second entry: a = 1, (b, x, y) = (0, 3, 4), H = [[1, 3−4i], [3+4i, 1]]: λ = 1 ± √(9 + 16) = 1 ± 5 = −4, 6
  const lo = [-1.0601470508735442, -4], hi = [1.6601470508735443, 6];
  const ev = oneQubitEigenvalues([a, 1], [b, 0], [x, 3], [y, 4]);
  lo.forEach((l, i) => assert.ok(Math.abs(ev.lo[i] - l) < 1e-12, `lo[${i}] ${ev.lo[i]} vs ${l}`));
  hi.forEach((h, i) => assert.ok(Math.abs(ev.hi[i] - h) < 1e-12, `hi[${i}] ${ev.hi[i]} vs ${h}`));
});

test('applyModel with shots: logits approach the exact ones as shots grow; other models refuse shots', () => {
  const spec = parseModelSpec({ kind: 'quantum_lenet', qubits: 3, layers: 1 }, 'mnist');
  const p = initModel(spec, 2);
  const x = tf.randomNormal([4, 28, 28, 1], 0, 1, 'float32', 7) as tf.Tensor4D;
  const tensors = tf.memory().numTensors;
  const exact = applyModel(spec, p, x, 'fast');
  const err = (shots: number) => tf.tidy(() =>
    tf.max(tf.abs(tf.sub(applyModel(spec, p, x, 'fast', { shots: { shots, rng: new Rng(1) } }), exact))).dataSync()[0]);
  const e10 = err(10), e1e5 = err(100_000);
  assert.ok(e1e5 < e10 && e1e5 < 0.05, `error with 10 shots ${e10}, with 1e5 shots ${e1e5}`);
  exact.dispose();
  assert.equal(tf.memory().numTensors, tensors, 'no leaked tensors');
  const c = parseModelSpec({ kind: 'classical_lenet' }, 'mnist');
  assert.throws(() => applyModel(c, initModel(c, 0), x, 'fast', { shots: { shots: 10, rng: new Rng(1) } }),
    /only the quantum LeNet supports finite-shot evaluation, received a classical_lenet/);
});
