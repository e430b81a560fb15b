/** Table I curves from hand-written metrics: test accuracy, best-so-far selection, the paper's line. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCurves, table1CurvesFigure } from '../../src/experiments/table1_curves';
import { Table1Result } from '../../src/experiments/table1';
import { appendMetrics } from '../../src/runs/metrics';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-curves-'));
process.on('exit', () => fs.rmSync(root, { recursive: true, force: true }));

/** A run folder whose metrics hold evaluations (iteration, test %, training-image % or none). */
function run(name: string, points: Array<[number, number, number?]>): string {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  appendMetrics(path.join(dir, 'metrics.jsonl'), { iteration: 1, epoch: 0, loss: 2, lr: 0.01, seconds: 1 });
  for (const [iteration, t, s] of points) {
    appendMetrics(path.join(dir, 'metrics.jsonl'), {
      iteration, eval: { accuracies: [t], mean: t, std: 0 }, test_examples: 1000,
      ...(s === undefined ? {} : { select: { accuracy: s, train_examples: 10000 } }),
    });
  }
  appendMetrics(path.join(dir, 'metrics.jsonl'),
    { iteration: 300, eval: { accuracies: [1], mean: 1, std: 0 }, test_examples: 10000, final: true });
  return dir;
}

test('runCurves: the test curve without the final line; the selection curve is the running maximum', () => {
  const c = runCurves(run('a', [[100, 50, 60], [200, 40, 55], [300, 70, 80]]));
  assert.deepEqual(c.test, { x: [100, 200, 300], y: [50, 40, 70] });
  assert.deepEqual(c.selection, { x: [100, 200, 300], y: [60, 60, 80] });
  assert.equal(runCurves(run('b', [[100, 50]])).selection, null);
});

test('table1CurvesFigure: a thin line per seed and a mean per variant in each panel, ' +
  'the paper as a dashed line', () => {
  const v1 = { key: 'c', label: 'classical', model: {} }, v2 = { key: 'q', label: 'quantum', model: {} };
  const cell = (variant: typeof v1, seed: number, dir: string) =>
    ({ variant, seed, runDir: dir }) as unknown as Table1Result['cells'][number];
  const result = {
    variants: [v1, v2],
    rows: [{ paper_accuracy: 94 }, { paper_accuracy: null }],
    cells: [
      cell(v1, 1, run('c1', [[100, 10, 20], [200, 30, 40]])), cell(v1, 2, run('c2', [[100, 20, 30], [200, 50, 10]])),
      cell(v2, 1, run('q1', [[100, 5, 6], [200, 7, 8]])),
    ],
  } as unknown as Table1Result;
  const data = table1CurvesFigure('t', result).data as Array<{ x: number[]; y: number[]; name?: string; xaxis: string;
    line: { dash?: string } }>;
  const means = data.filter((d) => d.name?.includes('(mean of'));
  assert.deepEqual(means.map((d) => [d.xaxis, d.y]), [
    ['x', [15, 40]], ['x', [5, 7]], // test accuracy: (10 + 20) / 2, (30 + 50) / 2
    ['x2', [25, 35]], ['x2', [6, 8]], // best so far: (20 + 30) / 2, (40 + 30) / 2
  ]);
  const paper = data.filter((d) => d.line?.dash === 'dash');
  assert.deepEqual(paper.map((d) => [d.name, d.x, d.y]), [['paper: classical 94 %', [0, 200], [94, 94]]]);
});
