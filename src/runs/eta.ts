/**
 * Text of progress lines: durations as `45.0 s`, `12m05s`, `3h07m`.
 */

/** A duration for humans: seconds below a minute, minutes and seconds below an hour, else hours and minutes. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  const s = Math.round(seconds);
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  const m = Math.round(seconds / 60);
  return `${Math.floor(m / 60)}h${String(m % 60).padStart(2, '0')}m`;
}

/** `0.31 s/iter, ETA 2m05s` from seconds per step and remaining seconds (`…` while unknown). */
export function rateText(secondsPerStep: number | null, etaSeconds: number | null, unit = 'iter'): string {
  if (secondsPerStep === null || etaSeconds === null) return `… s/${unit}, ETA …`;
  return `${secondsPerStep.toFixed(2)} s/${unit}, ETA ${formatDuration(etaSeconds)}`;
}
