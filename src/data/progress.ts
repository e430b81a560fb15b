/**
 * Download progress display on stderr (stdout stays clean for machine-readable output).
 */
import { type ProgressStream, liveLine } from '../util/live_line';
import type { DownloadProgress } from './http_download';

/** Bytes as a short human-readable string, binary units: "1.5 MiB". */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v.toFixed(0) : v.toFixed(1)} ${units[u]}`;
}

/**
 * One progress line, e.g. `[########------------]  40.0%  65.0/162.6 MiB  12.3 MiB/s`
 * (without bar and percentage when the total is unknown).
 */
export function formatProgress(p: DownloadProgress, barWidth = 20): string {
  const rate = p.elapsedMs > 0 ? (p.receivedBytes * 1000) / p.elapsedMs : 0;
  const rateStr = `${formatBytes(rate)}/s`;
  if (p.totalBytes === null || p.totalBytes <= 0) {
    return `${formatBytes(p.receivedBytes)}  ${rateStr}`;
  }
  const frac = Math.min(1, p.receivedBytes / p.totalBytes);
  const filled = Math.round(frac * barWidth);
  const bar = '#'.repeat(filled) + '-'.repeat(barWidth - filled);
  const pct = `${(frac * 100).toFixed(1)}%`.padStart(6);
  return `[${bar}] ${pct}  ${formatBytes(p.receivedBytes)} / ${formatBytes(p.totalBytes)}  ${rateStr}`;
}

/** Where the default reporter writes; defaults to process.stderr. */
export type ProgressSink = ProgressStream;

/**
 * A progress callback for `fetchToFile` / `downloadCifar10`, drawn by `liveLine` (cli-progress).
 *
 * On a TTY one line is redrawn in place (at most every 100 ms) and kept, with a newline, at the
 * end. Otherwise nothing is written for the first `intervalMs` (default 5 s), then a full line
 * every `intervalMs` and one at the end. The last line ends in " done", or in " failed" when
 * the download failed (then the caller's error follows on a fresh line).
 */
export function stderrProgress(
  label: string,
  sink: ProgressSink = process.stderr,
  intervalMs = 5000,
): (p: DownloadProgress) => void {
  let last: DownloadProgress = { receivedBytes: 0, totalBytes: null, elapsedMs: 0, done: false };
  const end = () => (last.error !== undefined ? ' failed' : last.done ? ' done' : '');
  const line = liveLine(() => `${label} ${formatProgress(last)}${end()}`, { stream: sink, intervalMs, keep: true });
  return (p) => {
    last = p;
    if (p.done) line.end();
    else line.refresh();
  };
}
