/**
 * The distilled images of the finished store runs: finished runs only, each variant's lowest
 * finished seed, labelled with its accuracy; the picture is that run's set (another seed's differs).
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { distillCached } from '../../src/experiments/run_cache';
import { DistillRunSpec } from '../../src/experiments/run_spec';
import { PaperBudgetRun } from '../../src/experiments/paper_budget';
import { storeImagesFigure } from '../../src/experiments/store_images';
import { TRAIN_LIMIT, TEST_LIMIT, freshDir, tiny } from '../runs/helpers';

before(async () => {
  assert.ok(await tf.setBackend('wasm'));
  process.env.QDISTILL_RUNS_DIR = freshDir('store');
});

const o = { profile: 'quick', trainLimit: TRAIN_LIMIT, testLimit: TEST_LIMIT, workers: 0 };

test('finished runs only, the lowest finished seed of each variant, its accuracy in the label; null with none',
  async () => {
    const runs: PaperBudgetRun[] = [];
    for (const seed of [3, 4]) {
      const cfg = tiny({ seed });
      await distillCached(cfg, o);
      const spec: DistillRunSpec = { kind: 'distill', label: 'x', cfg, trainLimit: TRAIN_LIMIT, testLimit: TEST_LIMIT,
        estimate: 0 };
      runs.push({ row: { variant: 'q', seed, status: 'finished', accuracy: 40 + seed }, label: `Q, seed ${seed}`,
        curve: [], paper: null, spec, published: { basis: 'train', at: [] } });
    }
    const unfinished = { ...runs[0], row: { ...runs[0].row, seed: 1, status: 'unfinished' }, label: 'Q, seed 1' };
    assert.equal(storeImagesFigure('t', 'mnist', [unfinished], 'quick'), null, 'nothing finished: no figure');
    const fig = storeImagesFigure('t', 'mnist', [runs[1], unfinished, runs[0]], 'quick')!;
    const layout = fig.layout as { yaxis: { ticktext: string[] } };
    assert.deepEqual(layout.yaxis.ticktext, ['Q, seed 3 · 43 %']);
    const source = (fig.data[0] as { source: string }).source;
    const other = storeImagesFigure('t', 'mnist', [runs[1]], 'quick')!;
    assert.notEqual((other.data[0] as { source: string }).source, source, 'seed 4 draws another set');
    assert.equal((other.layout as { yaxis: { ticktext: string[] } }).yaxis.ticktext[0], 'Q, seed 4 · 44 %');
  });
