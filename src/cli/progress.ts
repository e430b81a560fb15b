/**
 * Progress of long commands on stderr (stdout carries only the command's output).
 *
 * On a terminal one line is redrawn (at most every 100 ms) and cleared at the end; otherwise
 * a full line is printed at most every `intervalMs` (default 5 s), so short runs in pipes
 * and tests print nothing.
 */

/** Where progress goes; defaults to process.stderr. */
export interface ProgressStream {
  isTTY?: boolean;
  write(s: string): unknown;
}

/** A progress reporter for `total` steps. */
export interface Ticker {
  /** Reports that `done` of `total` steps are complete; `what` describes the current step. */
  update(done: number, what?: string): void;
  /** Ends the display (clears the terminal line). */
  end(): void;
}

/**
 * @param label prefix of every line, e.g. `qdistill circuit`
 * @param total number of steps
 */
export function ticker(label: string, total: number, stream: ProgressStream = process.stderr, intervalMs = 5000): Ticker {
  const start = Date.now();
  let last = start;
  let drawn = false;
  const text = (done: number, what?: string) => `${label}: ${done}/${total}${what ? ` ${what}` : ''} (${((Date.now() - start) / 1000).toFixed(1)} s)`;
  return {
    update(done, what) {
      const now = Date.now();
      if (stream.isTTY) {
        if (now - last < 100 && done < total) return;
        last = now;
        drawn = true;
        stream.write(`\r\x1b[K${text(done, what)}`);
      } else if (now - last >= intervalMs) {
        last = now;
        stream.write(`${text(done, what)}\n`);
      }
    },
    end() {
      if (drawn) stream.write('\r\x1b[K');
      drawn = false;
    },
  };
}
