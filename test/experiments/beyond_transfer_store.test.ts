/**
 * Notebook 06's transfer of the finished sets so far, on a scratch store holding a copy of one
 * committed finished run (MNIST QLeNet R+H, Table I's seed 1, a transfer source of notebook 06; skipped,
 * saying so, until the run store holds it: numerics v3 emptied the store): the source's set, labels and learned
 * rates reproduce the run's own recorded test accuracy (result.json, whole test set) when they
 * train its own initialisation again; the cache-only reader shows nothing before a cell is computed
 * and exactly the computed cell after.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  TRANSFER_TARGETS, cachedTransferCells, finishedTransferSources, transferAccuracies, transferCached, transferSeeds,
} from '../../src/experiments';
import { evalSeeds } from '../../src/distill/loop';
import { profileNamed } from '../../src/results/profile';
import { loadSplits } from '../../src/runs/datasets';
import { requireImages } from '../../src/runs/final_set';

const RUN = 'mnist-quantum-hermitian-res-fixed-s1-810b39c28313';
const committed = path.join(__dirname, '..', '..', 'runstore', 'standard', RUN);
const finished = fs.existsSync(path.join(committed, 'final', 'result.json'));

test('finished transfer sources: a committed set reproduces its run; the cache-only reader shows computed cells',
  { timeout: 300_000, skip: finished ? false : `the run store does not hold the finished run ${RUN} yet` }, () => {
    const store = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-transfer-store-'));
    const saved = process.env.QDISTILL_RUNS_DIR;
    process.env.QDISTILL_RUNS_DIR = store;
    try {
      fs.cpSync(committed, path.join(store, 'standard', RUN), { recursive: true });
      // The standard profile with a smaller transfer evaluation (the cache key holds both, so a
      // test-sized cell stands apart from the real ones).
      const standard = profileNamed('standard');
      const profile = { ...standard, beyond: { ...standard.beyond, evalInits: 2, transferTestLimit: 300 } };
      const sources = finishedTransferSources(profile);
      assert.deepEqual(sources.map((s) => path.basename(s.runDir)), [RUN]);
      const s = sources[0];
      assert.deepEqual([s.dataset, s.init, s.method, s.seed, s.variant.key], ['mnist', 'fixed', 'paper', 1,
        'q-res-hermitian']);
      const test = loadSplits('mnist', { trainLimit: 1 }).test;
      // Independent record: the run's own evaluation at the end of distillation, on the whole test set.
      const recorded = JSON.parse(fs.readFileSync(path.join(committed, 'final', 'result.json'), 'utf8'));
      const own = transferAccuracies(requireImages(s.set, s.runDir), s.config, s.variant.model, evalSeeds(s.config),
        test, null);
      assert.deepEqual(own.map((a) => a.toFixed(2)), recorded.eval.accuracies.map((a: number) => a.toFixed(2)));

      assert.deepEqual(cachedTransferCells(profile, sources), [], 'nothing computed yet');
      const seeds = transferSeeds(s.config, profile.beyond.evalInits);
      const target = TRANSFER_TARGETS[1];
      const computed = transferCached(s.runDir, s.set, s.config, target.model, seeds, test,
        profile.beyond.transferTestLimit, profile.name);
      assert.equal(computed.reused, false);
      const cells = cachedTransferCells(profile, sources);
      assert.equal(cells.length, 1);
      assert.deepEqual([cells[0].target.key, cells[0].accuracies, cells[0].testExamples],
        [target.key, computed.accuracies, profile.beyond.transferTestLimit]);
      assert.equal(computed.accuracies.length, profile.beyond.evalInits);
    } finally {
      if (saved === undefined) delete process.env.QDISTILL_RUNS_DIR;
      else process.env.QDISTILL_RUNS_DIR = saved;
      fs.rmSync(store, { recursive: true, force: true });
    }
  });
