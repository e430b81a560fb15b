/** The flatness figure: x as the fraction of each run by hand, the last 20 % shaded, late gains in the legend. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flatnessFigure } from '../../src/experiments/flatness_figure';
import { PaperBudgetRun } from '../../src/experiments/paper_budget';

const run = (label: string, total: number, at: Array<[number, number]>, status: string, late: number | null) =>
  ({ label, row: { total_iterations: total, status, late_gain: late }, curve: [], paper: null,
    published: { basis: 'train', at } } as unknown as PaperBudgetRun);

test('one step line per run against the fraction of its own run; the last 20 % shaded', () => {
  const fig = flatnessFigure('t', [
    run('A, seed 1', 8000, [[800, 50], [6400, 80], [8000, 80.5]], 'finished', 0.5),
    run('B, seed 1', 4000, [[1000, 30]], 'unfinished', null),
  ]);
  const data = fig.data as Array<{ name: string; x: number[]; y: number[] }>;
  assert.deepEqual(data.map((d) => [d.name, d.x, d.y]), [
    ['A, seed 1 (finished, late gain 0.5)', [0.1, 0.8, 1], [50, 80, 80.5]],
    ['B, seed 1 (unfinished)', [0.25], [30]],
  ]);
  const layout = fig.layout as { shapes: Array<{ x0: number; x1: number }>; yaxis: { title: { text: string } } };
  assert.deepEqual([layout.shapes[0].x0, layout.shapes[0].x1], [0.8, 1]);
  assert.match(layout.yaxis.title.text, /best so far on the training images/);
});
