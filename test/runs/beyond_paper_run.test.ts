/**
 * Whole runs with learned soft labels and a clipped, randomly truncated unroll (tiny quantum
 * LeNet, 64 training examples, 8 iterations): the files (soft labels in checkpoint/, snapshots/
 * and final/labels.json, the running norm in state.json), interruption with no worker and resume
 * with 2 (bitwise the same set, labels and losses), the evaluation training on the learned labels,
 * and the soft-label image figure.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { loadSplit } from '../../src/distill/datasets';
import { evaluateDistilled } from '../../src/distill/evaluate';
import { evalSeeds } from '../../src/distill/loop';
import { readCheckpointManifest } from '../../src/runs/checkpoint';
import { RunOptions, runDistillation } from '../../src/runs/distill_run';
import { readDistilledSet, normalisationOf } from '../../src/runs/final_set';
import { readRunInfo, runPaths } from '../../src/runs/run_dir';
import { softLabelGridFigure } from '../../src/results/soft_label_figure';
import { TEST_LIMIT, TRAIN_LIMIT, bytesOf, freshDir, metricsOf, tiny, tinyRaw } from './helpers';

before(async () => assert.ok(await tf.setBackend('wasm')));

const extra = { learnLabels: true, distillEpochs: 2, truncate: { window: 2, clip: 2 } };
const cfg = tiny(extra);
const opts = (o: RunOptions = {}): RunOptions =>
  ({ trainLimit: TRAIN_LIMIT, testLimit: TEST_LIMIT, input: tinyRaw(extra), ...o });

test('soft labels and a clipped truncated unroll: files, resume (0 → 2 workers) bitwise, ' +
  'evaluation on the learned labels', { timeout: 300_000 }, async () => {
  const ref = freshDir('soft-ref');
  const a = await runDistillation(cfg, ref, opts({ workers: 0 }));
  assert.equal(a.status, 'completed');
  const dir = freshDir('soft-interrupted');
  const signal = { aborted: false };
  const first = await runDistillation(cfg, dir,
    opts({ workers: 0, signal, onProgress: (p) => void (p.iteration === 5 && (signal.aborted = true)) }));
  assert.deepEqual([first.status, first.iteration], ['interrupted', 5]);
  const ck = readCheckpointManifest(path.join(dir, 'checkpoint'))!.manifest;
  assert.deepEqual(Object.keys(ck.tensors).sort(),
    ['adam.m.0', 'adam.m.1', 'adam.m.2', 'adam.v.0', 'adam.v.1', 'adam.v.2', 'images', 'labels', 'rawLrs']);
  assert.equal(ck.norms!.count, 5, 'one norm per iteration in the running mean');
  const second = await runDistillation(cfg, dir, opts({ resume: true, workers: 2 }));
  assert.equal(second.status, 'completed');
  for (const f of ['images.bin', 'lrs.json', 'labels.json', 'result.json']) {
    const strip = (b: Buffer) => (f === 'result.json'
      ? JSON.stringify({ ...JSON.parse(b.toString()), seconds: 0, provenance: 0 }) : b.toString('base64'));
    assert.equal(strip(bytesOf(dir, 'final', f)), strip(bytesOf(ref, 'final', f)), `final/${f} identical`);
  }
  assert.equal(fs.existsSync(path.join(dir, 'checkpoint')), false, 'a finished run drops its checkpoint');
  assert.deepEqual(metricsOf(dir).losses, metricsOf(ref).losses);
  assert.ok(fs.existsSync(path.join(dir, 'snapshots', 'labels-0000004.bin')), 'the evaluation point keeps its labels');

  // final/labels.json: shape, top-2 captions, values that moved away from one-hot
  const lj = JSON.parse(bytesOf(dir, 'final', 'labels.json').toString());
  assert.deepEqual(lj.shape, [2, 10, 10]);
  const flat: number[] = lj.labels.flat(2);
  const oneHot = (i: number) => (i % 10 === Math.floor(i / 10) % 10 ? 1 : 0);
  assert.ok(flat.some((v, i) => Math.abs(v - oneHot(i)) > 1e-4), 'the labels were learned');
  assert.equal(lj.top2.length, 20);
  assert.match(lj.top2[0], /^\d:-?\d+\.\d{3} \d:-?\d+\.\d{3}$/);

  // The recorded accuracy is that of networks trained on the learned labels (read here from the
  // JSON, not through readDistilledSet).
  const set = readDistilledSet(runPaths(dir), cfg, readRunInfo(dir).configHash);
  assert.deepEqual(Array.from(set.labels!), flat.map(Math.fround));
  const test = loadSplit('mnist', 'test', { limit: TEST_LIMIT });
  const images = tf.tensor(set.images, set.shape), lrs = tf.tensor1d(set.rawLrs);
  const soft = tf.tensor3d(flat, [2, 10, 10]);
  const unroll = { distillSteps: 2, distillEpochs: 2 };
  const withSoft = evaluateDistilled(cfg.model, images, lrs, soft, unroll, evalSeeds(cfg), test, TEST_LIMIT);
  const recorded = JSON.parse(bytesOf(dir, 'final', 'result.json').toString()).eval;
  assert.deepEqual(recorded.accuracies, withSoft.accuracies);
  tf.dispose([images, lrs, soft]);

  const fig = softLabelGridFigure('soft labels', set.images, set.shape, set.labels!, normalisationOf(cfg));
  const ann = (fig.layout as { annotations: Array<{ text: string }> }).annotations;
  assert.equal(ann.length, 20);
  // image 0's caption: its two heaviest classes, as in labels.json's top2
  const classes = (lj.top2[0] as string).split(' ').map((e) => e.split(':')[0]);
  assert.deepEqual(ann[0].text.split('<br>').map((l) => l.split(' ')[0]), classes);
});
