/**
 * Model selection on training data (`selectOnTrain`): the config field, the choice among
 * candidates, and a tiny run whose `final/` is the chosen set (also after an interruption).
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'node:path';
import * as fs from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { parseDistillConfig } from '../../src/distill/config';
import { runDistillation } from '../../src/runs/distill_run';
import { configHash } from '../../src/runs/config_compare';
import { MetricsEvent } from '../../src/runs/metrics';
import { bestSelection } from '../../src/runs/selection';
import { readCheckpointManifest } from '../../src/runs/checkpoint';
import { readSnapshot } from '../../src/runs/snapshots';
import { loadSplit } from '../../src/distill/datasets';
import { evalSeeds } from '../../src/distill/loop';
import { trainOnDistilled } from '../../src/distill/evaluate';
import { syntheticLabels } from '../../src/distill/labels';
import { toTensors } from '../../src/data/dataset';
import { applyModel, initModel } from '../../src/models';
import { TEST_LIMIT, TRAIN_LIMIT, bytesOf, freshDir, metricsOf, tiny, tinyRaw } from './helpers';

before(async () => assert.ok(await tf.setBackend('wasm')));

const ev = (iteration: number, accuracy?: number, extra: Record<string, unknown> = {}): MetricsEvent =>
  ({ iteration, eval: { accuracies: [50], mean: 50, std: 0 }, test_examples: 10,
    ...(accuracy === undefined ? {} : { select: { accuracy, train_examples: 32 } }), ...extra }) as MetricsEvent;

test('config: selectOnTrain is left out when absent or 0 (hash unchanged), kept when ≥ 1, named when invalid', () => {
  const base = { dataset: 'mnist', model: { kind: 'classical_lenet' } };
  const plain = parseDistillConfig(base);
  assert.equal('selectOnTrain' in plain, false);
  assert.equal(configHash(parseDistillConfig({ ...base, selectOnTrain: 0 })), configHash(plain));
  assert.equal(parseDistillConfig({ ...base, selectOnTrain: 5000 }).selectOnTrain, 5000);
  assert.throws(() => parseDistillConfig({ ...base, selectOnTrain: -1 }),
    /selectOnTrain: expected an integer ≥ 0, received -1/);
  assert.throws(() => parseDistillConfig({ ...base, selectOnTrain: 2.5 }),
    /selectOnTrain: expected an integer ≥ 0, received 2\.5/);
});

test('bestSelection: highest training accuracy, the latest on ties; ' +
  'final lines, lines without it and later lines ignored', () => {
  const last = { iteration: 10, accuracy: 60, train_examples: 32 };
  const events = [ev(2, 70), ev(4, 75), { iteration: 5, epoch: 0, loss: 1, lr: 0.01, seconds: 1 } as MetricsEvent,
    ev(6, 75), ev(8), ev(10, 99, { final: true }), ev(12, 99)];
  assert.deepEqual(bestSelection(events, last), { iteration: 6, accuracy: 75, train_examples: 32 });
  assert.deepEqual(bestSelection(events, { ...last, accuracy: 75 }), { ...last, accuracy: 75 },
    'a tie with the last set keeps the last set');
  assert.deepEqual(bestSelection([], last), last);
});

test('a run with selectOnTrain: every evaluation scores the training images; final/ is the chosen set; ' +
  'resume gives the same choice', async () => {
  const raw = { evalEvery: 2, selectOnTrain: 32 };
  const cfg = tiny(raw);
  const opts = { trainLimit: TRAIN_LIMIT, testLimit: TEST_LIMIT, input: tinyRaw(raw) };
  const tensors = tf.memory().numTensors;
  const dir = freshDir('select');
  const r = await runDistillation(cfg, dir, opts);
  assert.equal(r.status, 'completed');
  assert.equal(tf.memory().numTensors, tensors, 'no tensors left after the run');
  const evals = metricsOf(dir).evals as Array<{ iteration: number; select?: { accuracy: number;
    train_examples: number }; selected?: { iteration: number; accuracy: number }; final?: boolean }>;
  const mids = evals.filter((e) => !e.final), fin = evals.find((e) => e.final)!;
  assert.deepEqual(mids.map((e) => e.iteration), [2, 4, 6]);
  for (const e of mids)
    assert.ok(e.select && e.select.train_examples === 32 && e.select.accuracy >= 0 && e.select.accuracy <= 100);
  const chosen = fin.selected!;
  assert.ok(chosen, 'the final line names the chosen set');
  for (const e of mids) {
    assert.ok(e.select!.accuracy < chosen.accuracy || (e.select!.accuracy === chosen.accuracy &&
      e.iteration <= chosen.iteration), `candidate ${e.iteration} beats the choice`);
  }
  const result = JSON.parse(bytesOf(dir, 'final', 'result.json').toString());
  assert.deepEqual(result.selected, chosen);
  assert.equal(result.iteration, 8);
  assert.ok(!fs.existsSync(path.join(dir, 'checkpoint')), 'a finished run drops its checkpoint');

  // The same run stopped at 5, then at 8 (all iterations done, not yet finished), then finished.
  const again = freshDir('select-resumed');
  const signal = { aborted: false };
  const stopAt = (n: number) => (p: { iteration: number }) => void (p.iteration === n && (signal.aborted = true));
  const first = await runDistillation(cfg, again, { ...opts, signal, onProgress: stopAt(5) });
  assert.equal(first.status, 'interrupted');
  signal.aborted = false;
  const second = await runDistillation(cfg, again, { ...opts, resume: true, signal, onProgress: stopAt(8) });
  assert.equal(second.status, 'interrupted');
  assert.equal(readCheckpointManifest(path.join(again, 'checkpoint'))!.manifest.iteration, 8);
  const candidates = new Map([[8, bytesOf(again, 'checkpoint', 'images.bin')]]);
  for (const it of mids.map((e) => e.iteration))
    candidates.set(it, bytesOf(again, 'snapshots', `images-${String(it).padStart(7, '0')}.bin`));
  assert.ok(bytesOf(dir, 'final', 'images.bin').equals(candidates.get(chosen.iteration)!),
    `final/images.bin is the set of iteration ${chosen.iteration}`);
  // Each candidate's score by hand: every evaluation initialisation trained on the snapshot with its rates,
  // then its argmax hits on the first 32 training images counted here (the test images would score otherwise).
  const train = loadSplit('mnist', 'train', { limit: TRAIN_LIMIT });
  const shape = JSON.parse(bytesOf(dir, 'final', 'images.json').toString()).shape as number[];
  const first32 = Array.from({ length: 32 }, (_, i) => i);
  for (const e of mids) {
    const snap = readSnapshot(path.join(again, 'snapshots'), e.iteration, shape);
    const hits = evalSeeds(cfg).map((seed) => tf.tidy(() => {
      const trained = trainOnDistilled(cfg.model, initModel(cfg.model, seed), tf.tensor(snap.images, shape),
        syntheticLabels(cfg.imagesPerClass), tf.tensor1d(snap.rawLrs), { distillSteps: 2, distillEpochs: 1 });
      const logits = applyModel(cfg.model, trained, toTensors(train, first32).x, 'fast').arraySync() as number[][];
      return logits.filter((row, i) => row.indexOf(Math.max(...row)) === train.labels[i]).length;
    }));
    const byHand = hits.reduce((a, h) => a + (100 * h) / 32, 0) / hits.length;
    assert.ok(Math.abs(e.select!.accuracy - byHand) < 1e-9,
      `iteration ${e.iteration}: select.accuracy ${e.select!.accuracy}, by hand ${byHand} (hits ${hits} of 32)`);
  }
  await runDistillation(cfg, again, { ...opts, resume: true });
  assert.deepEqual(JSON.parse(bytesOf(again, 'final', 'result.json').toString()).selected, chosen);
  assert.ok(bytesOf(again, 'final', 'images.bin').equals(bytesOf(dir, 'final', 'images.bin')));
  assert.ok(!fs.existsSync(path.join(again, 'checkpoint')), 'a finished run drops its checkpoint');
});
