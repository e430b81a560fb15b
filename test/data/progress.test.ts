import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { formatBytes, formatProgress, stderrProgress } from '../../src/data/progress';
import type { DownloadProgress } from '../../src/data/http_download';

const MiB = 1024 * 1024;

test('formatBytes and formatProgress show bytes, total, percent and rate', () => {
  assert.equal(formatBytes(512), '512 B');
  assert.equal(formatBytes(1536), '1.5 KiB');
  assert.equal(formatBytes(162.6 * MiB), '162.6 MiB');
  const line = formatProgress({ receivedBytes: 40 * MiB, totalBytes: 100 * MiB, elapsedMs: 4000, done: false });
  assert.equal(line, '[########------------]  40.0%  40.0 MiB / 100.0 MiB  10.0 MiB/s');
  assert.equal(formatProgress({ receivedBytes: 3 * MiB, totalBytes: null, elapsedMs: 1000, done: false }),
    '3.0 MiB  3.0 MiB/s');
});

const ESC = '\x1b';

/** Feeds `events` to a reporter on a fake stream, advancing the mock clock to each event's time. */
function run(t: TestContext, isTTY: boolean, events: DownloadProgress[], intervalMs = 1000): string[] {
  t.mock.timers.reset(); // a test may run several reporters, each from time 0
  t.mock.timers.enable({ apis: ['setTimeout', 'Date'], now: 0 });
  const out: string[] = [];
  const report = stderrProgress('cifar', { isTTY, columns: 200, write: (s: string) => out.push(s) }, intervalMs);
  for (const p of events) {
    t.mock.timers.tick(p.elapsedMs - Date.now());
    report(p);
  }
  return out;
}

/** `n` chunk events over 100 MiB, 5 ms apart, then the final event. */
function events(n = 1000): DownloadProgress[] {
  const ev: DownloadProgress[] = [];
  for (let i = 1; i <= n; i++) {
    ev.push({ receivedBytes: (i * 100 * MiB) / n, totalBytes: 100 * MiB, elapsedMs: 5 * i, done: false });
  }
  ev.push({ receivedBytes: 100 * MiB, totalBytes: 100 * MiB, elapsedMs: 5 * n, done: true });
  return ev;
}

test('outside a terminal a download shorter than the interval prints nothing', (t) => {
  assert.deepEqual(run(t, false, events(100)), []); // 0.5 s < 1 s
});

test('outside a terminal: a full line per interval after the first, and a final "done" line', (t) => {
  const lines = run(t, false, events()).join('').split('\n'); // 5 s, interval 1 s
  assert.equal(lines.pop(), '', 'output ends with a newline');
  assert.ok(lines.length >= 5 && lines.length <= 6, `lines: ${lines.length}`);
  assert.equal(lines[0], 'cifar [####----------------]  20.0%  20.0 MiB / 100.0 MiB  20.0 MiB/s'); // at 1000 ms
  assert.equal(lines[lines.length - 1], 'cifar [####################] 100.0%  100.0 MiB / 100.0 MiB  20.0 MiB/s done');
  assert.ok(lines.every((l) => l.startsWith('cifar [') && !l.includes(ESC) && !l.includes('\r')));
});

test('on a terminal: one line redrawn in place at most every 100 ms, kept with a newline at the end', (t) => {
  const out = run(t, true, events());
  const texts = out.filter((s) => s.startsWith('cifar '));
  assert.ok(texts.length >= 40 && texts.length <= 51, `redraws: ${texts.length}`); // 5000 ms / 100 ms, plus the end
  assert.ok(!out.slice(0, -1).join('').includes('\n'), 'no newline before the end');
  assert.equal(out[out.length - 1], '\n');
  assert.match(texts[texts.length - 1], /100\.0%  100\.0 MiB \/ 100\.0 MiB  20\.0 MiB\/s done$/);
});

test('a failed download finishes the line with "failed"', (t) => {
  const failed: DownloadProgress[] = [
    { receivedBytes: 10, totalBytes: 100, elapsedMs: 1, done: false },
    { receivedBytes: 10, totalBytes: 100, elapsedMs: 2, done: true, error: 'aborted' },
  ];
  const out = run(t, true, failed);
  assert.match(out.filter((s) => s.startsWith('cifar ')).pop() ?? '', /^cifar .*10\.0%.* failed$/);
  assert.equal(out[out.length - 1], '\n');
  // Outside a terminal only a failure after the quiet interval shows.
  assert.deepEqual(run(t, false, failed), []);
  const late = run(t, false, failed.map((p) => ({ ...p, elapsedMs: p.elapsedMs + 1000 })));
  assert.match(late.join(''), /\ncifar .*10\.0%.* failed\n$/);
});
