/**
 * One progress line on stderr, drawn by `cli-progress` (stdout carries only a command's output).
 *
 * On a terminal the line is redrawn in place (at most every 100 ms, cut to the terminal width)
 * and, at the end, cleared or kept with a newline. Elsewhere (pipes, files, tests) nothing is
 * written during the first `intervalMs`; after that a full line every `intervalMs` and one at
 * the end, so short runs print nothing.
 */
import { SingleBar } from 'cli-progress';

/** Where progress goes: process.stderr, or any object with `write` (tests). */
export interface ProgressStream {
  isTTY?: boolean;
  /** Terminal width; cli-progress assumes 80 on a terminal without it, 200 elsewhere. */
  columns?: number;
  write(s: string): unknown;
}

/** Options of `liveLine`. */
export interface LiveLineOptions {
  stream: ProgressStream;
  /** Outside a terminal: quiet this long at the start, then one line per interval (ms). */
  intervalMs: number;
  /** On a terminal: keep the last line (ended with a newline) instead of clearing it. */
  keep: boolean;
}

/** A progress line; the caller keeps the state, `text()` turns it into the line. */
export interface LiveLine {
  /** The state changed: draws it (on a terminal) or starts the periodic lines once they are due. */
  refresh(): void;
  /** Ends the display with the current state (see `LiveLineOptions.keep`); `refresh` starts it again. */
  end(): void;
}

/**
 * @param text the line for the current state; called at every redraw, so times it shows stay current
 */
export function liveLine(text: () => string, opts: LiveLineOptions): LiveLine {
  const tty = opts.stream.isTTY === true;
  let quietUntil = Date.now() + opts.intervalMs;
  let bar: SingleBar | null = null;
  let drawn = 0, drawnText = ''; // when the last line was drawn, and what it said
  let muted = false;
  // Outside a terminal: a stream that can skip the end's line when that line was just written.
  const stream: ProgressStream = tty
    ? opts.stream
    : { isTTY: false, columns: opts.stream.columns, write: (s: string) => muted || opts.stream.write(s) };
  const due = () => tty || Date.now() >= quietUntil;
  const create = () =>
    new SingleBar({
      stream: stream as NodeJS.WritableStream,
      format: () => ((drawn = Date.now()), (drawnText = text())),
      fps: 10,
      noTTYOutput: true,
      notTTYSchedule: opts.intervalMs,
      // Outside a terminal every line already ends with a newline; "clearing" is a no-op there.
      clearOnComplete: !(tty && opts.keep),
      // Cut long lines to the width instead of switching the terminal's line wrapping off and on.
      linewrap: true,
    });
  return {
    refresh() {
      if (bar !== null) {
        bar.update({});
        // Outside a terminal cli-progress draws on a timer, which a synchronous loop (such as
        // eval's random-real draws) never lets run: draw here once the next line is due.
        if (!tty && Date.now() - drawn >= opts.intervalMs) bar.render();
      } else if (due()) {
        bar = create();
        bar.start(0, 0);
      }
    },
    end() {
      if (bar !== null) {
        muted = !tty && text() === drawnText; // not the same line twice
        bar.stop();
        muted = false;
        bar = null;
        quietUntil = Date.now() + opts.intervalMs;
      } else if (due() && (opts.keep || !tty)) {
        // Never drawn (a one-event run): the final line alone, as cli-progress would draw it twice.
        opts.stream.write(`${text()}\n`);
        quietUntil = Date.now() + opts.intervalMs;
      }
    },
  };
}
