/** Progress lines of notebook plans and the duration estimates. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PlanProgress } from '../../src/experiments/progress';
import { StopRequested, stopFlag, whileInterruptible } from '../../src/runs/interrupt';
import { describeEstimate, distillSeconds, trainSeconds } from '../../src/experiments/estimate';
import { estimateTable1 } from '../../src/experiments/table1';
import { profileNamed } from '../../src/results/profile';

test('PlanProgress prints job starts and ends, throttles updates, ' +
  'and gives an overall ETA after a computed job', () => {
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
  assert.equal(lines[4], '[2/3] job B: 5/10, 0.50 s/step, ETA 2.5 s (all: …), loss 1.000',
    'no overall ETA before a computed job ended');
  assert.match(lines[5], /^\[2\/3\] job B: done B \(\d+\.\d s\)$/);
  assert.match(lines[7], /^\[3\/3\] job C: 5\/10, 0\.50 s\/step, ETA 2\.5 s \(all: \d+\.\d s\)$/);
  const quiet: string[] = [];
  const q = new PlanProgress(1, (l) => quiet.push(l), 3600);
  q.begin('x');
  q.update(1, 2, 1, 1);
  assert.equal(quiet.length, 1, 'updates within the interval are not printed');
});

test('in a notebook, PlanProgress keeps one line per job in a display it replaces in place', () => {
  const sent: Array<{ text: string; id: unknown; update: boolean }> = [];
  const writer = (msg: { data: Record<string, unknown>; transient: object }, update: boolean) => {
    const id = (msg.transient as { display_id?: unknown }).display_id;
    sent.push({ text: msg.data['text/plain'] as string, id, update });
  };
  const plain: string[] = [];
  const p = new PlanProgress(2, (l) => plain.push(l), 3600, writer);
  p.begin('job A');
  p.end('A done');
  p.begin('job B');
  assert.equal(sent.length, 3, 'start, end, next start');
  assert.deepEqual(sent.map((s) => s.update), [false, true, true], 'one display_data, then update_display_data');
  assert.equal(new Set(sent.map((s) => s.id)).size, 1, 'one display id');
  assert.equal(typeof sent[0].id, 'string');
  const last = sent[2].text.split('\n');
  assert.equal(last.length, 2, 'one line per job');
  assert.match(last[0], /^\[1\/2\] job A: A done \(\d+\.\d s\)$/);
  assert.match(last[1], /^\[2\/2\] job B: started/);
  assert.equal(plain.length, 3, 'plain lines (for $QDISTILL_PROGRESS_FILE) at starts and ends only');
});

test('PlanProgress.begin refuses to start a job once a stop was requested (Jupyter\'s interrupt, Ctrl-C)', async () => {
  const p = new PlanProgress(2, () => {}, 3600, null);
  const ran = await whileInterruptible(async (stop) => {
    p.begin('job A');
    process.emit('SIGINT', 'SIGINT');
    assert.equal(stop.aborted, true);
    assert.throws(() => p.begin('job B'), (e: Error) => e instanceof StopRequested &&
      /^stopped before \[1\/2\] job B; run the cell again to resume/.test(e.message));
    return 'ran';
  }, () => {});
  assert.equal(ran, 'ran', 'the callback ran to its end (its assertions were checked)');
  assert.equal(stopFlag.aborted, false, 'the request ends with the scope');
});

test('duration estimates grow with the profile and name the reference machine', () => {
  const [q, s, p] = (['quick', 'standard', 'paper'] as const).map(profileNamed);
  const est = (pr: typeof q) => estimateTable1('mnist', pr);
  assert.ok(est(q) < est(s) && est(s) < est(p));
  assert.ok(est(p) > 24 * 3600, 'the paper scale takes days on 2 cores');
  assert.ok(distillSeconds('mnist', { kind: 'quantum_lenet' }, s.distill.mnist) >
    distillSeconds('mnist', { kind: 'classical_lenet' }, s.distill.mnist));
  assert.ok(trainSeconds('cifar10', s.fullData.cifar10) > 0);
  assert.match(describeEstimate(7500), /^about 2h05m on the reference machine/);
});
