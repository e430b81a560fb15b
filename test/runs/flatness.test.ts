/** lateGain against hand computations on small metrics sequences. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lateGain, publishedCurve } from '../../src/runs/flatness';
import { MetricsEvent } from '../../src/runs/metrics';

const ev = (iteration: number, test: number, train?: number): MetricsEvent => ({
  iteration,
  eval: { accuracies: [test], mean: test, std: 0 },
  test_examples: 1000,
  ...(train === undefined ? {} : { select: { accuracy: train, train_examples: 10000 } }),
});
const loss: MetricsEvent = { iteration: 1, epoch: 0, loss: 2.3, lr: 0.01, seconds: 0.5 };

test('with selection: gain of the best-so-far training accuracy from the last point at or before 80 %', () => {
  // total 100, cut 80: best so far at 80 is max(50, 70, 60) = 70; at the end max(…, 65, 71.5) = 71.5.
  const m = [loss, ev(20, 40, 50), ev(40, 41, 70), ev(80, 42, 60), ev(90, 43, 65), ev(100, 44, 71.5)];
  assert.deepEqual(lateGain(m, 100), { gain: 1.5, basis: 'train', from: 80, to: 100 });
  // The final line's choice (here the last set, 73 %) is the end point.
  const fin =
    { ...ev(100, 45), final: true, selected: { iteration: 100, accuracy: 73, train_examples: 10000 } } as MetricsEvent;
  assert.deepEqual(lateGain([...m.slice(0, 5), fin], 100), { gain: 3, basis: 'train', from: 80, to: 100 });
  // A late drop does not count against the selected set: still 0 gain.
  assert.deepEqual(lateGain([ev(50, 1, 80), ev(100, 1, 20)], 100), { gain: 0, basis: 'train', from: 50, to: 100 });
});

test('without selection: the last set, its final accuracy minus the test accuracy at ' +
  'the last point before 80 %', () => {
  const m = [ev(2900, 86.6), ev(5800, 87.9), ev(17400, 91.5), ev(20300, 88.6)];
  const g = lateGain(m, 23200)!; // cut 18,560: from 17,400 (91.5) to 20,300 (88.6)
  assert.equal(g.basis, 'test');
  assert.deepEqual([g.from, g.to], [17400, 20300]);
  assert.ok(Math.abs(g.gain - -2.9) < 1e-9);
  // With the final line (the whole test set), that is the end point: 74.55 − 71.7.
  const fin = { ...ev(23200, 74.55), test_examples: 10000, final: true } as MetricsEvent;
  const f = lateGain([...m.slice(0, 2), ev(17400, 71.7), ev(20300, 52.8), fin], 23200)!;
  assert.deepEqual([f.from, f.to], [17400, 23200]);
  assert.ok(Math.abs(f.gain - 2.85) < 1e-9);
});

test('with selection the final line is not a point; too few points give null; bad arguments are named', () => {
  const fin = { ...ev(100, 99), final: true } as MetricsEvent;
  assert.equal(lateGain([ev(50, 10, 20), fin], 100), null); // nothing after the cut but the final line
  assert.equal(lateGain([ev(90, 10), ev(100, 12)], 100), null); // nothing at or before the cut
  assert.throws(() => lateGain([], 0), /expected total > 0 and 0 < fraction < 1, received 0 and 0.2/);
});

test('publishedCurve: the best-so-far training accuracy at each evaluation, the final choice last; ' +
  'without selection the test accuracies', () => {
  const m = [loss, ev(20, 40, 50), ev(40, 41, 70), ev(80, 42, 60)];
  const fin =
    { ...ev(100, 45), final: true, selected: { iteration: 40, accuracy: 70, train_examples: 10000 } } as MetricsEvent;
  assert.deepEqual(publishedCurve([...m, fin]), { basis: 'train', at: [[20, 50], [40, 70], [80, 70], [100, 70]] });
  assert.deepEqual(publishedCurve([loss, ev(10, 30), ev(20, 25), { ...ev(20, 27.5), final: true }]),
    { basis: 'test', at: [[10, 30], [20, 25], [20, 27.5]] });
});
