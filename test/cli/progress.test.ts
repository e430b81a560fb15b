/**
 * The command ticker on a fake stream, with Node's mock timers standing in for the clock (no
 * real waiting): quiet short runs and periodic full lines outside a terminal, one line redrawn
 * in place on a terminal.
 */
import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { ticker } from '../../src/cli/progress';

const ESC = '\x1b';

/** Runs `steps` updates `stepMs` apart (mock clock) and ends; returns every write. */
function run(t: TestContext, isTTY: boolean, steps: number, stepMs: number, intervalMs = 5000): string[] {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const out: string[] = [];
  const bar = ticker('lab', steps, { isTTY, columns: 120, write: (s: string) => out.push(s) }, intervalMs);
  for (let i = 1; i <= steps; i++) {
    t.mock.timers.tick(stepMs);
    bar.update(i, `step ${i}`);
  }
  bar.end();
  return out;
}

test('outside a terminal a short run prints nothing', (t) => {
  assert.deepEqual(run(t, false, 40, 100), []); // 4 s < 5 s
});

test('outside a terminal: a full line once 5 s have passed, every 5 s after, and at the end', (t) => {
  const lines = run(t, false, 100, 120).join('').split('\n');
  assert.equal(lines.pop(), '', 'output ends with a newline');
  assert.equal(lines.length, 3); // 12 s: at 5 s, 10 s, end
  assert.equal(lines[0], 'lab: 42/100 step 42 (5.0 s)'); // the first step at or after 5000 ms: 42 · 120 = 5040
  assert.match(lines[1], /^lab: (83|84)\/100 step (83|84) \(10\.\d s\)$/);
  assert.equal(lines[2], 'lab: 100/100 step 100 (12.0 s)');
  assert.ok(lines.every((l) => !l.includes(ESC) && !l.includes('\r')));
});

test('on a terminal: one line redrawn in place at most every 100 ms, cleared at the end', (t) => {
  const out = run(t, true, 100, 30); // 3 s
  const texts = out.filter((s) => s.startsWith('lab: '));
  assert.ok(texts.length >= 25 && texts.length <= 31, `redraws: ${texts.length}`);
  assert.ok(!out.join('').includes('\n'), 'no newline: the line is redrawn, never scrolled');
  // Every text is preceded by "cursor to column 1" and followed by "clear to the right".
  for (let i = 0; i < out.length; i++) {
    if (!out[i].startsWith('lab: ')) continue;
    assert.deepEqual([out[i - 1], out[i + 1]], [`${ESC}[1G`, `${ESC}[0K`]);
  }
  assert.equal(texts[texts.length - 1], 'lab: 100/100 step 100 (3.0 s)');
  assert.equal(out[out.length - 1], `${ESC}[2K`, 'the line is cleared at the end');
});

test('on a terminal a long line is cut to the width; after end() an update draws again', (t) => {
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const out: string[] = [];
  const bar = ticker('lab', 3, { isTTY: true, columns: 20, write: (s: string) => out.push(s) });
  bar.update(1, 'x'.repeat(50));
  bar.end();
  const n = out.length;
  bar.update(2);
  bar.end();
  assert.deepEqual(out.filter((s) => s.startsWith('lab')), ['lab: 1/3 xxxxxxxxxxx', 'lab: 2/3 (0.0 s)']);
  assert.ok(out.slice(n).includes('lab: 2/3 (0.0 s)'));
});

test('outside a terminal a synchronous loop (whose timers never run) still gets a line per interval, ' +
  'and the end does not repeat the last one', (t) => {
  t.mock.timers.enable({ apis: ['Date'], now: 0 }); // the clock moves; cli-progress's timer never fires
  const out: string[] = [];
  const bar = ticker('lab', 4, { isTTY: false, write: (s: string) => out.push(s) });
  for (let i = 1; i <= 4; i++) {
    t.mock.timers.tick(6000); // each step of e.g. eval's random-real draws takes 6 s
    bar.update(i, 'draws');
  }
  bar.end();
  assert.deepEqual(out.join('').split('\n'),
    ['lab: 1/4 draws (6.0 s)', 'lab: 2/4 draws (12.0 s)', 'lab: 3/4 draws (18.0 s)', 'lab: 4/4 draws (24.0 s)', '']);
});
