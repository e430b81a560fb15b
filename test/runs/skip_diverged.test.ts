/**
 * Skipped (diverged) outer iterations: the skip policy on a step that diverges at chosen
 * iterations (worked by hand), the streak a resumed run continues, and the metrics file's
 * readers (a skip line is kept on truncation and left out of `readMetrics`).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NonFiniteError } from '../../src/util/errors';
import { MAX_CONSECUTIVE_SKIPS, stepOrSkip, trailingSkips } from '../../src/runs/skip_diverged';
import { appendMetrics, readEvents, readMetrics, truncateMetrics } from '../../src/runs/metrics';

/** A step that adds 1 to `value` and diverges at the given iterations (1-based, as the run counts). */
const stepDivergingAt = (bad: Set<number>) => (s: { iteration: number; value: number }) => async () => {
  if (bad.has(s.iteration + 1)) throw new NonFiniteError(`loss NaN at ${s.iteration + 1}`);
  return { state: { iteration: s.iteration + 1, value: s.value + 1 }, loss: 0.5 };
};

test('a diverged iteration is skipped: the state unchanged but its counter; three in a row are the most', async () => {
  const step = stepDivergingAt(new Set([2, 5, 6, 7]));
  let s = { iteration: 0, value: 0 }, streak = 0;
  const seen: Array<[number, number, string | null, number]> = [];
  for (let i = 0; i < 8; i++) {
    const r = await stepOrSkip(step(s), s, streak);
    ({ state: s, streak } = r);
    seen.push([s.iteration, s.value, r.skipped, streak]);
  }
  assert.equal(MAX_CONSECUTIVE_SKIPS, 3);
  // By hand: 1 steps (value 1), 2 skipped, 3-4 step (3), 5-7 skipped (3 in a row), 8 steps (4).
  assert.deepEqual(seen, [
    [1, 1, null, 0], [2, 1, 'loss NaN at 2', 1], [3, 2, null, 0], [4, 3, null, 0],
    [5, 3, 'loss NaN at 5', 1], [6, 3, 'loss NaN at 6', 2], [7, 3, 'loss NaN at 7', 3], [8, 4, null, 0],
  ]);
  // A fourth in a row stops: the step's error, naming the streak.
  const always = stepDivergingAt(new Set([1, 2, 3, 4]));
  let t = { iteration: 0, value: 0 };
  streak = 0;
  for (let i = 0; i < 3; i++) ({ state: t, streak } = await stepOrSkip(always(t), t, streak));
  await assert.rejects(stepOrSkip(always(t), t, streak),
    (e: unknown) => e instanceof NonFiniteError && e.message === 'loss NaN at 4; 4 iterations in a row diverged');
  // Other errors are not skipped.
  await assert.rejects(stepOrSkip(async () => { throw new Error('bug'); }, t, 0), /^Error: bug$/);
});

test('metrics: skip lines are kept on truncation, left out of readMetrics; a resume continues the streak', () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-skip-')), 'metrics.jsonl');
  appendMetrics(file, { iteration: 1, epoch: 0, loss: 2, lr: 0.01, seconds: 1 });
  appendMetrics(file, { iteration: 2, epoch: 0, skipped: 'loss NaN', seconds: 2 });
  appendMetrics(file, { iteration: 3, epoch: 0, skipped: 'loss NaN', seconds: 3 });
  appendMetrics(file, { iteration: 4, epoch: 0, skipped: 'loss NaN', seconds: 4 });
  truncateMetrics(file, 3);
  assert.deepEqual(readEvents(file).map((e) => e.iteration), [1, 2, 3]);
  assert.deepEqual(readMetrics(file), [{ iteration: 1, epoch: 0, loss: 2, lr: 0.01, seconds: 1 }]);
  assert.equal(trailingSkips(readEvents(file), 3), 2, 'iterations 2 and 3 diverged in a row');
  assert.equal(trailingSkips(readEvents(file), 4), 0, 'iteration 4 is past the checkpoint: none');
  assert.equal(trailingSkips(readEvents(file), 1), 0);
});
