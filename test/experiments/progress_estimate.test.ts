/** Progress lines of notebook plans and the duration estimates. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PlanProgress } from '../../src/experiments/progress';
import { describeEstimate, distillSeconds, trainSeconds } from '../../src/experiments/estimate';
import { estimateTable1 } from '../../src/experiments/table1';
import { profileNamed } from '../../src/results/profile';

test('PlanProgress prints job starts and ends, throttles updates, and gives an overall ETA after a computed job', () => {
  const lines: string[] = [];
  const p = new PlanProgress(3, (l) => lines.push(l), 0);
  p.begin('job A');
  p.update(1, 10, null, null);
  p.end('done A', true);
  p.begin('job B');
  p.update(5, 10, 0.5, 2.5, 'loss 1.000');
  p.end('done B');
  p.begin('job C');
  p.update(5, 10, 0.5, 2.5);
  assert.match(lines[0], /^\[1\/3\] job A: started/);
  assert.equal(lines[1], '[1/3] job A: 1/10, ETA … (all: …)');
  assert.equal(lines[2], '[1/3] job A: done A (reused from the run cache)');
  assert.equal(lines[4], '[2/3] job B: 5/10, 0.50 s/step, ETA 2.5 s (all: …), loss 1.000', 'no overall ETA before a computed job ended');
  assert.match(lines[5], /^\[2\/3\] job B: done B \(\d+\.\d s\)$/);
  assert.match(lines[7], /^\[3\/3\] job C: 5\/10, 0\.50 s\/step, ETA 2\.5 s \(all: \d+\.\d s\)$/);
  const quiet: string[] = [];
  const q = new PlanProgress(1, (l) => quiet.push(l), 3600);
  q.begin('x');
  q.update(1, 2, 1, 1);
  assert.equal(quiet.length, 1, 'updates within the interval are not printed');
});

test('duration estimates grow with the profile and name the reference machine', () => {
  const [q, s, p] = (['quick', 'standard', 'paper'] as const).map(profileNamed);
  const est = (pr: typeof q) => estimateTable1('mnist', pr);
  assert.ok(est(q) < est(s) && est(s) < est(p));
  assert.ok(est(p) > 24 * 3600, 'the paper scale takes days on 2 cores');
  assert.ok(distillSeconds('mnist', { kind: 'quantum_lenet' }, s.distill.mnist) > distillSeconds('mnist', { kind: 'classical_lenet' }, s.distill.mnist));
  assert.ok(trainSeconds('cifar10', s.fullData.cifar10) > 0);
  assert.match(describeEstimate(7500), /^about 2h05m on the reference machine/);
});
