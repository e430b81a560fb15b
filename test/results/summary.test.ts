/** The notebooks' small helpers: moving average, "wrote …" lines, means. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  accuracyAndCostFigure, executionCostFigure, lossCurvesFigure, mean, observableGroupsFigure, smooth, wroteLine,
} from '../../src/results';

test('smooth is a trailing moving average over k values (fewer at the start)', () => {
  assert.deepEqual(smooth([1, 3, 5, 7], 2), [1, 2, 4, 6]);
  assert.deepEqual(smooth([2, 4, 6, 8, 10], 3), [2, 3, 4, 6, 8]);
  assert.deepEqual(smooth([], 10), []);
  assert.throws(() => smooth([1], 0), /expected a window k that is a positive integer, received 0/);
});

test('wroteLine names both files, or the HTML and why the PNG is missing', () => {
  assert.equal(wroteLine({ html: 'r/a.html', png: 'r/a.png' }), 'wrote r/a.html and r/a.png');
  assert.equal(wroteLine({ html: 'r/a.html', png: null, pngMissing: 'no Chromium' }),
    'wrote r/a.html; no PNG: no Chromium');
});

test('mean of nothing is NaN, not 0', () => {
  assert.equal(mean([1, 2, 6]), 3);
  assert.ok(Number.isNaN(mean([])));
});

test('loss curves: smoothed, one dash style per variant group', () => {
  const fig = lossCurvesFigure('t', [
    { name: 'a, seed 0', group: 0, iterations: [1, 2, 3], losses: [3, 1, 2] },
    { name: 'b, seed 0', group: 1, iterations: [1, 2], losses: [4, 2] },
  ], 2);
  const [a, b] = fig.data as Array<{ y: number[]; line: { dash: string }; name: string }>;
  assert.deepEqual(a.y, [3, 2, 1.5]);
  assert.deepEqual(b.y, [4, 3]);
  assert.equal(a.line.dash, 'solid');
  assert.equal(b.line.dash, 'dot');
  assert.match(JSON.stringify(fig.layout), /moving average of 2/);
});

test('study figures: seconds per iteration on the right axis; ' +
  'the distilled set with and without its distillation', () => {
  const acc = accuracyAndCostFigure('t', ['a, b', 'c'], [{ mean: 50, std: 2 }, { mean: 60, std: 1 }], [0.5, 1.5]);
  const [bars, cost] = acc.data as Array<Record<string, unknown>>;
  assert.deepEqual([bars.x, bars.y, (bars.error_y as { array: number[] }).array], [['a<br>b', 'c'], [50, 60], [2, 1]]);
  assert.deepEqual([cost.y, cost.yaxis], [[0.5, 1.5], 'y2']);
  const ex = executionCostFigure('t', { full: [{ circuits: 10, accuracy: 90 }], random: [],
    distilled: { circuits: 5, accuracy: 70, images: 10 }, distillationCircuits: 100 });
  const traces = ex.data as Array<{ name: string; x: number[]; y: number[] }>;
  assert.deepEqual(traces.map((t) => t.x), [[10], [], [5], [105]]);
  assert.match(traces[2].name, /distilled set \(10 images\): training only/);
  const groups = observableGroupsFigure('t', [24, 48], ['k=1', 'k=2'],
    [{ name: 'MNIST', accuracy: [{ mean: 1, std: 0 }, { mean: 2, std: 0.5 }] }]);
  assert.deepEqual((groups.data as Array<{ x: number[]; y: number[]; text: string[] }>).map((t) => [t.x, t.y, t.text]),
    [[[24, 48], [1, 2], ['k=1', 'k=2']]]);
});
