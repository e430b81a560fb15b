/** timeInterleaved: call order (warm-up rounds, then interleaved timed rounds), samples, progress, errors. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeInterleaved } from '../../src/bench/stats';

test('timeInterleaved runs every operation once per round, in key order, and times only the timed rounds', async () => {
  const calls: string[] = [];
  const progress: string[] = [];
  const busy = (ms: number) => {
    const t0 = performance.now();
    while (performance.now() - t0 < ms);
  };
  const r = await timeInterleaved({ a: () => calls.push('a'), b: () => (calls.push('b'), busy(2)) }, 3, 2,
    (d, t, p) => progress.push(`${p} ${d}/${t}`));
  assert.deepEqual(calls.join(''), 'ab'.repeat(5));
  assert.deepEqual(progress, ['warmup 1/2', 'warmup 2/2', 'timing 1/3', 'timing 2/3', 'timing 3/3']);
  assert.deepEqual(Object.keys(r.samples), ['a', 'b']);
  assert.equal(r.samples.b.length, 3);
  assert.ok(r.samples.b.every((ms) => ms >= 2), `samples of b: ${r.samples.b}`);
  assert.deepEqual([r.stats.a.n, r.stats.b.n], [3, 3]);
  assert.ok(r.stats.b.min <= r.stats.b.median && r.stats.b.median <= r.stats.b.p90);
  await assert.rejects(timeInterleaved({ a: () => 0 }, 0, 0),
    /timeInterleaved: expected repeats to be an integer ≥ 1, received 0/);
  await assert.rejects(timeInterleaved({ a: () => 0 }, 1, -1), /expected warmup to be an integer ≥ 0, received -1/);
});
