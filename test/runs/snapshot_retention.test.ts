/**
 * Which snapshots a run keeps (`snapshot_retention.ts`): the trajectory points (hand-computed),
 * the selectable set, and the guarantee that pruning as a run goes never deletes the set the
 * end-of-run selection (`bestSelection`) picks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MetricsEvent } from '../../src/runs/metrics';
import { bestSelection } from '../../src/runs/selection';
import { listSnapshots, writeSnapshot } from '../../src/runs/snapshots';
import {
  evalIterations, keptSnapshots, pruneSnapshots, selectableSnapshot, tidyFinishedRun, trajectoryPoints,
} from '../../src/runs/snapshot_retention';

const ev = (iteration: number, accuracy?: number, final = false): MetricsEvent =>
  ({
    iteration, eval: { accuracies: [50], mean: 50, std: 0 }, test_examples: 10,
    ...(accuracy === undefined ? {} : { select: { accuracy, train_examples: 32 } }), ...(final ? { final: true } : {}),
  }) as MetricsEvent;

test('evalIterations: every evalEvery iterations before the last; none when evalEvery is 0', () => {
  assert.deepEqual(evalIterations(4, 12), [4, 8]);
  assert.deepEqual(evalIterations(4, 13), [4, 8, 12]);
  assert.deepEqual(evalIterations(0, 12), []);
  assert.equal(evalIterations(117, 8190).length, 69); // standard MNIST: 70 epochs of 117 iterations
});

test('trajectoryPoints: MNIST 10 images (31,360 B) keep 13 of 69 points (stride 5); CIFAR-10 100 images none', () => {
  const mnist = evalIterations(117, 8190);
  const kept = trajectoryPoints(mnist, 31360); // 512 KiB / 31,360 B = 16 points at most; ceil(69 / 16) = 5
  assert.deepEqual(kept, [5, 10, 15, 20, 25, 30, 35, 40, 45, 50, 55, 60, 65].map((j) => 117 * j));
  assert.deepEqual(trajectoryPoints(evalIterations(97, 4850), 100 * 3 * 32 * 32 * 4), []);
  assert.deepEqual(trajectoryPoints([4, 8], 31360), [4, 8], 'few points: all');
});

test('selectableSnapshot: the best training accuracy so far, the latest on ties; ' +
  'final lines and lines without select ignored', () => {
  assert.equal(selectableSnapshot([ev(2, 70), ev(4, 75), ev(6, 75), ev(8), ev(10, 99, true)]), 6);
  assert.equal(selectableSnapshot([ev(2, 80), ev(4, 75)]), 2);
  assert.equal(selectableSnapshot([ev(2), ev(4)]), null, 'no selection: nothing to keep for it');
});

test('pruning after every evaluation never deletes the set the end-of-run selection picks', () => {
  let state = 12345;
  const rand = () => ((state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
  for (let trial = 0; trial < 200; trial++) {
    const evals = evalIterations(10, 400);
    const bytes = 1 + Math.floor(rand() * 200_000); // from 16 trajectory points down to 2
    const events: MetricsEvent[] = [];
    const present = new Set<number>();
    for (const i of evals) {
      events.push(ev(i, Math.floor(rand() * 6) * 10)); // many ties
      const keep = keptSnapshots(evals, bytes, events);
      if (keep.has(i)) present.add(i);
      for (const it of [...present]) if (!keep.has(it)) present.delete(it);
    }
    const chosen = bestSelection(events, { iteration: 400, accuracy: -1, train_examples: 32 });
    assert.ok(present.has(chosen.iteration), `trial ${trial}: the chosen set ${chosen.iteration} was deleted`);
    assert.ok(present.size <= 17, `trial ${trial}: ${present.size} snapshots kept`);
  }
});

test('pruneSnapshots deletes the images, labels and learning rates of the other iterations only', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-prune-'));
  try {
    for (const it of [4, 8, 12]) writeSnapshot(dir, it, new Float32Array(2), new Float32Array(1), new Float32Array(3));
    assert.deepEqual(pruneSnapshots(dir, new Set([8])), [4, 12]);
    assert.deepEqual(listSnapshots(dir), [8]);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['images-0000008.bin', 'labels-0000008.bin', 'lrs-0000008.json']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('tidyFinishedRun: drops the checkpoint and every snapshot but the trajectory points', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-tidy-'));
  const paths = { checkpoint: path.join(root, 'checkpoint'), snapshots: path.join(root, 'snapshots') };
  try {
    fs.mkdirSync(paths.checkpoint);
    fs.writeFileSync(path.join(paths.checkpoint, 'images.bin'), Buffer.alloc(8));
    // 10 evaluation points (4, 8, ..., 40; total 42) of 100 KiB: 5 fit in 512 KiB, stride ceil(10 / 5) = 2
    for (const it of [8, 16, 20, 24, 40]) writeSnapshot(paths.snapshots, it, new Float32Array(1), new Float32Array(1));
    assert.deepEqual(tidyFinishedRun(paths, 4, 42, 100 * 1024), [20]);
    assert.deepEqual(listSnapshots(paths.snapshots), [8, 16, 24, 40]);
    assert.equal(fs.existsSync(paths.checkpoint), false);
    assert.deepEqual(tidyFinishedRun(paths, 4, 42, 100 * 1024), [], 'a second call changes nothing');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
