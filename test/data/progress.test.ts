import { test } from 'node:test';
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
  assert.equal(formatProgress({ receivedBytes: 3 * MiB, totalBytes: null, elapsedMs: 1000, done: false }), '3.0 MiB  3.0 MiB/s');
});

function run(isTTY: boolean, events: DownloadProgress[]): string[] {
  const out: string[] = [];
  const report = stderrProgress('cifar', { isTTY, write: (s: string) => out.push(s) });
  events.forEach(report);
  return out;
}

/** 1000 chunk events over 100 MiB, 5 ms apart, then the final event. */
function events(): DownloadProgress[] {
  const ev: DownloadProgress[] = [];
  for (let i = 1; i <= 1000; i++) ev.push({ receivedBytes: (i * 100 * MiB) / 1000, totalBytes: 100 * MiB, elapsedMs: 5 * i, done: false });
  ev.push({ receivedBytes: 100 * MiB, totalBytes: 100 * MiB, elapsedMs: 5000, done: true });
  return ev;
}

test('non-TTY progress prints one line per 10% step plus a final line', () => {
  const out = run(false, events());
  assert.equal(out.length, 11);
  assert.ok(out.every((l) => l.endsWith('\n') && !l.includes('\r')));
  assert.match(out[0], /^cifar \[-+\]   0\.1%/);
  assert.match(out[9], /  90\.0%/);
  assert.match(out[10], /100\.0%  100\.0 MiB \/ 100\.0 MiB  20\.0 MiB\/s done\n$/);
});

test('TTY progress redraws one line at most every 100 ms and ends it with a newline', () => {
  const out = run(true, events());
  assert.equal(out.length, 51); // 5000 ms / 100 ms, plus the final redraw
  assert.ok(out.every((l) => l.startsWith('\r\x1b[K')));
  assert.ok(out.slice(0, -1).every((l) => !l.includes('\n')));
  assert.ok(out[out.length - 1].endsWith('\n'));
});

test('a failed download finishes the line with "failed"', () => {
  const out = run(true, [
    { receivedBytes: 10, totalBytes: 100, elapsedMs: 1, done: false },
    { receivedBytes: 10, totalBytes: 100, elapsedMs: 2, done: true, error: 'aborted' },
  ]);
  assert.equal(out.length, 2);
  assert.match(out[1], /^\r\x1b\[Kcifar .*10\.0%.* failed\n$/);
});
