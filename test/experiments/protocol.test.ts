/** The Table I protocol as run configs, and the profiles' override of the initial inner rate. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROTOCOL, distillConfig, protocolFor, trainConfig } from '../../src/experiments/protocol';
import { profileNamed } from '../../src/results/profile';

test('distillConfig follows the paper protocol per dataset at the profile scale', () => {
  const p = profileNamed('paper');
  const m = distillConfig('mnist', { kind: 'quantum_lenet' }, 3, p.distill.mnist, 'paper');
  assert.deepEqual([m.imagesPerClass, m.distillSteps, m.distillEpochs, m.distillLr, m.lr, m.betas], [1, 1, 3, 0.02, 0.01, [0.5, 0.999]]);
  assert.deepEqual([m.epochs, m.decayEpochs, m.batchSize, m.seed, m.init, m.profile], [400, 40, 1024, 3, 'fixed', 'paper']);
  const c = distillConfig('cifar10', { kind: 'classical_lenet' }, 0, p.distill.cifar10, 'paper', 'random', { evalInits: 7 });
  assert.deepEqual([c.imagesPerClass, c.distillLr, c.init, c.evalInits, c.model.input.height], [10, 0.001, 'random', 7, 32]);
  assert.ok(c.checkpointEvery >= 1 && c.checkpointEvery <= 100);
  assert.throws(() => distillConfig('mnist', { kind: 'quantum_lenet', qubits: 5, fc2Width: 64 }, 0, p.distill.mnist, 'paper'), /fc2Width/);
});

test('short profiles start CIFAR-10 at inner lr 0.02; the paper profile keeps the original 0.001', () => {
  assert.equal(protocolFor('cifar10', profileNamed('paper').distill.cifar10).distillLr, PROTOCOL.cifar10.distillLr);
  assert.equal(PROTOCOL.cifar10.distillLr, 0.001);
  for (const name of ['quick', 'standard'] as const) {
    const s = profileNamed(name).distill.cifar10;
    assert.equal(distillConfig('cifar10', { kind: 'classical_lenet' }, 0, s, name).distillLr, 0.02);
  }
  assert.equal(protocolFor('mnist', profileNamed('standard').distill.mnist).distillLr, 0.02);
  const t = trainConfig('mnist', { kind: 'classical_lenet' }, 1, profileNamed('quick').fullData.mnist);
  assert.deepEqual([t.epochs, t.batchSize, t.lr, t.seed], [1, 128, 0.001, 1]);
});
