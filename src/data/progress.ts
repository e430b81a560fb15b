/**
 * Download progress display on stderr (stdout stays clean for machine-readable output).
 */
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
export interface ProgressSink {
  isTTY?: boolean;
  write(s: string): unknown;
}

/**
 * A progress callback for `fetchToFile` / `downloadCifar10`.
 *
 * On a TTY it redraws a single line (at most every 100 ms, plus the final state) and ends
 * it with a newline when done. Otherwise it prints a full line at every 10% step (every
 * 16 MiB when the total is unknown) and at the end. A failed download ends with a
 * "failed" line.
 */
export function stderrProgress(label: string, sink: ProgressSink = process.stderr): (p: DownloadProgress) => void {
  let lastDraw = -Infinity;
  let lastStep = -1;
  return (p) => {
    if (p.error !== undefined) {
      // Finish the bar's line so the error printed by the caller starts on a fresh line.
      sink.write(`${sink.isTTY ? '\r\x1b[K' : ''}${label} ${formatProgress(p)} failed\n`);
      return;
    }
    if (sink.isTTY) {
      if (!p.done && p.elapsedMs - lastDraw < 100) return;
      lastDraw = p.elapsedMs;
      sink.write(`\r\x1b[K${label} ${formatProgress(p)}${p.done ? '\n' : ''}`);
      return;
    }
    const known = p.totalBytes !== null && p.totalBytes > 0;
    const step = known
      ? Math.min(9, Math.floor((10 * p.receivedBytes) / (p.totalBytes as number)))
      : Math.floor(p.receivedBytes / (16 * 1024 * 1024));
    if (p.done || step > lastStep) {
      lastStep = step;
      sink.write(`${label} ${formatProgress(p)}${p.done ? ' done' : ''}\n`);
    }
  };
}
