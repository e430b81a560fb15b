/** The Table I protocol as run configs, and the profiles' override of the initial inner rate. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PROTOCOL, distillConfig, protocolFor, trainConfig } from '../../src/experiments/protocol';
import { profileNamed } from '../../src/results/profile';

test('distillConfig follows the paper protocol per dataset at the profile scale', () => {
  const p = profileNamed('paper');
  const m = distillConfig('mnist', { kind: 'quantum_lenet' }, 3, p.distill.mnist, 'paper');
  assert.deepEqual([m.imagesPerClass, m.distillSteps, m.distillEpochs, m.distillLr, m.lr, m.betas],
    [1, 1, 3, 0.02, 0.01, [0.5, 0.999]]);
  assert.deepEqual([m.epochs, m.decayEpochs, m.batchSize, m.seed, m.init, m.profile],
    [400, 40, 1024, 3, 'fixed', 'paper']);
  const c =
    distillConfig('cifar10', { kind: 'classical_lenet' }, 0, p.distill.cifar10, 'paper', 'random', { evalInits: 7 });
  assert.deepEqual([c.imagesPerClass, c.distillLr, c.init, c.evalInits, c.model.input.height],
    [10, 0.001, 'random', 7, 32]);
  assert.ok(c.checkpointEvery >= 1 && c.checkpointEvery <= 100);
  assert.throws(() => distillConfig('mnist', { kind: 'quantum_lenet', qubits: 5, fc2Width: 64 }, 0, p.distill.mnist,
    'paper'), /fc2Width/);
});

test('the quick profile starts CIFAR-10 at inner lr 0.02; standard and paper keep the original 0.001', () => {
  assert.equal(PROTOCOL.cifar10.distillLr, 0.001);
  for (const name of ['standard', 'paper'] as const) {
    assert.equal(protocolFor('cifar10', profileNamed(name).distill.cifar10).distillLr, 0.001, name);
  }
  const q = profileNamed('quick').distill.cifar10;
  assert.equal(distillConfig('cifar10', { kind: 'classical_lenet' }, 0, q, 'quick').distillLr, 0.02);
  assert.equal(protocolFor('mnist', profileNamed('standard').distill.mnist).distillLr, 0.02);
  const t = trainConfig('mnist', { kind: 'classical_lenet' }, 1, profileNamed('quick').fullData.mnist);
  assert.deepEqual([t.epochs, t.batchSize, t.lr, t.seed], [1, 128, 0.001, 1]);
});

test('standard: batches of 512, update clip 1, selection on 10,000 training images, ' +
  'fresh seeds 1-3; quick and paper without', () => {
  for (const dataset of ['mnist', 'cifar10'] as const) {
    const s = profileNamed('standard').distill[dataset];
    assert.deepEqual(s.seeds, [1, 2, 3], dataset);
    const c = distillConfig(dataset, { kind: 'quantum_lenet' }, 1, s, 'standard');
    assert.deepEqual([c.batchSize, c.updateClip, c.selectOnTrain], [512, 1, 10000], dataset);
    assert.deepEqual([c.epochs, c.decayEpochs], dataset === 'mnist' ? [70, 18] : [50, 12]);
    for (const name of ['quick', 'paper'] as const) {
      const o = distillConfig(dataset, { kind: 'quantum_lenet' }, 0, profileNamed(name).distill[dataset], name);
      assert.deepEqual([o.updateClip, o.selectOnTrain], [undefined, undefined], `${name} ${dataset}`);
    }
  }
});
