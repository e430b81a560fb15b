/**
 * Runs started by hand name the notebooks' run folders: notebook 06's soft-label QLeNet R+H run
 * (from its own plan) by --method=soft and by --learn-labels --epochs=71; a method for a model
 * without measured cost ratios takes explicit epochs (fields by hand); bad options are named.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { distillRunDir } from '../../src/experiments/run_cache';
import { planRuns } from '../../src/experiments/notebook_runs';
import { storeRunConfig } from '../../src/experiments/store_config';
import { TABLE1_VARIANTS } from '../../src/experiments/table1';
import { profileNamed } from '../../src/results/profile';

const standard = profileNamed('standard');
const model = (key: string) => TABLE1_VARIANTS.find((v) => v.key === key)!.model as Record<string, unknown>;
const dirOf = (r: ReturnType<typeof storeRunConfig>) =>
  distillRunDir(r.cfg, { profile: 'standard', trainLimit: r.scale.trainLimit, testLimit: r.scale.testLimit });

test("notebook 06's soft-label R+H run, seed 1: the same folder by --method=soft and " +
  '--learn-labels --epochs=71', () => {
  const planned = planRuns(standard, ['06-beyond-the-paper.ipynb']).filter((r) => {
    if (r.spec.kind !== 'distill') return false;
    const c = r.spec.cfg;
    return c.dataset === 'mnist' && c.seed === 1 && c.init === 'fixed' && c.learnLabels === true && !c.truncate &&
      c.model.kind === 'quantum_lenet' && !c.model.freezeCircuit;
  });
  assert.equal(planned.length, 1);
  const bySoft = storeRunConfig('mnist', model('q-res-hermitian'), 1, standard, { method: 'soft' });
  assert.equal(dirOf(bySoft), planned[0].dir);
  const byFlag = storeRunConfig('mnist', model('q-res-hermitian'), 1, standard, { learnLabels: true, epochs: 71 });
  assert.equal(dirOf(byFlag), planned[0].dir);
});

test("both methods for the authors' model at explicit epochs; errors name the option", () => {
  const { cfg } = storeRunConfig('mnist', model('q-authors'), 2, standard, { method: 'both', epochs: 30 });
  // standard MNIST: 70 epochs, lr halved every 18: 18 · 30 / 70 = 7.7 → 8; unroll T = 12, window 4, clip 2
  assert.deepEqual([cfg.epochs, cfg.decayEpochs, cfg.learnLabels, cfg.distillEpochs, cfg.truncate],
    [30, 8, true, 12, { window: 4, clip: 2 }]);
  assert.equal(cfg.selectOnTrain, 10000);
  assert.throws(() => storeRunConfig('mnist', model('q-authors'), 2, standard, { method: 'both' }),
    /no measured cost ratios .*; or give the epochs yourself \(--epochs=N\)/);
  assert.throws(() => storeRunConfig('mnist', model('q-authors'), 2, standard, { method: 'soft', learnLabels: true }),
    /learnLabels: give a method/);
  assert.throws(() => storeRunConfig('mnist', model('q-authors'), 2, standard, { method: 'hard' as never }),
    /method: expected one of paper, soft, truncated, both, received hard/);
  assert.throws(() => storeRunConfig('mnist', model('q-authors'), 2, standard, { epochs: 1.5 }),
    /epochs: expected a positive integer, received 1.5/);
});
