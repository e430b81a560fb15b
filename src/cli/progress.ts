/**
 * Progress of long commands on stderr (stdout carries only the command's output), drawn by
 * `liveLine` (cli-progress): on a terminal one line redrawn in place and cleared at the end;
 * otherwise nothing for the first `intervalMs` (default 5 s), then a full line every
 * `intervalMs` and one at the end, so short runs in pipes and tests print nothing.
 */
import { type ProgressStream, liveLine } from '../util/live_line';

export type { ProgressStream } from '../util/live_line';

/** A progress reporter for `total` steps. */
export interface Ticker {
  /** Reports that `done` of `total` steps are complete; `what` describes the current step. */
  update(done: number, what?: string): void;
  /** Ends the display (clears the terminal line); a later `update` shows it again. */
  end(): void;
}

/**
 * @param label prefix of every line, e.g. `qdistill circuit`
 * @param total number of steps
 * @returns a ticker whose lines read `label: done/total what (elapsed s)`
 */
export function ticker(
  label: string,
  total: number,
  stream: ProgressStream = process.stderr,
  intervalMs = 5000,
): Ticker {
  const start = Date.now();
  let done = 0;
  let what: string | undefined;
  const seconds = () => ((Date.now() - start) / 1000).toFixed(1);
  const line = liveLine(() => `${label}: ${done}/${total}${what ? ` ${what}` : ''} (${seconds()} s)`, {
    stream,
    intervalMs,
    keep: false,
  });
  return {
    update(d, w) {
      done = d;
      what = w;
      line.refresh();
    },
    end: () => line.end(),
  };
}
