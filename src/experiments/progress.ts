/**
 * Progress of long notebook cells: a plan of `total` jobs; each job reports its own iterations.
 *
 * In a tslab notebook (the default output there) the cell shows one line per job, updated in
 * place (a display replaced at most every second): `[k/n] job: i/N, s/step, ETA (all: …)` while
 * it runs, its summary when it ends. Elsewhere, or with a `print` function, plain lines: one at
 * each job's start and end, and one at most every `everySeconds` while it runs.
 *
 * A notebook's output is not seen while nbconvert executes it headlessly, so plain lines are also
 * appended to the file `$QDISTILL_PROGRESS_FILE` when set (`make reproduce` shows that file).
 *
 * `begin` is where loops check for a stop request (`runs/interrupt.ts`): it throws
 * `StopRequested` instead of starting a job once Jupyter's interrupt or Ctrl-C was received.
 */
import * as fs from 'fs';
import { RunProgress } from '../runs/distill_run';
import { formatDuration } from '../runs/eta';
import { throwIfStopped } from '../runs/interrupt';
import { TrainProgress } from '../train/full';
import { LiveText, WriteDisplay, tslabWriter } from '../util/tslab_display';

export const PROGRESS_FILE_ENV = 'QDISTILL_PROGRESS_FILE';

/** Appends `line` to `$QDISTILL_PROGRESS_FILE` when that is set. */
function logLine(line: string): void {
  const file = process.env[PROGRESS_FILE_ENV];
  if (file) fs.appendFileSync(file, line + '\n');
}

/** Prints `line` and appends it to `$QDISTILL_PROGRESS_FILE` when that is set. */
export function printAndLog(line: string): void {
  console.log(line);
  logLine(line);
}

/** Seconds between two refreshes of the in-place display. */
const DISPLAY_SECONDS = 1;

export class PlanProgress {
  private done = 0;
  /** The in-place display (tslab notebook, no `print` given), with one line per job. */
  private readonly live: LiveText | null;
  private readonly lines: string[] = [];
  private lastShown = 0;
  private readonly print: (line: string) => void;
  private readonly start = Date.now();
  private lastLine = 0;
  private job = '';
  /** Seconds spent in computed (not reused) jobs, and their count, for the overall ETA. */
  private computedSeconds = 0;
  private computedJobs = 0;
  private jobStart = 0;

  /**
   * @param print where plain lines go (default: an in-place display in a tslab notebook, else
   *   `printAndLog`)
   * @param everySeconds least seconds between two plain lines of a running job
   * @param writer the display writer of the in-place lines (default: the tslab cell's when no
   *   `print` is given; null: plain lines only)
   */
  constructor(private readonly total: number, print?: (line: string) => void, private readonly everySeconds = 30,
    writer: WriteDisplay | null = print ? null : tslabWriter()) {
    this.live = writer ? new LiveText(writer) : null;
    this.print = print ?? (this.live ? logLine : printAndLog);
  }

  /**
   * Emits the current job's `line`: into the display (at most every second unless `force`), and
   * as a plain line (at the job's start and end, `force`, else at most every `everySeconds`).
   */
  private emit(line: string, force: boolean): void {
    if (this.live) {
      this.lines[this.done] = line;
      if (force || Date.now() - this.lastShown >= DISPLAY_SECONDS * 1000) {
        this.lastShown = Date.now();
        this.live.set(this.lines.join('\n'));
      }
    }
    if (!force && Date.now() - this.lastLine < this.everySeconds * 1000) return;
    this.lastLine = Date.now();
    this.print(line);
  }

  private prefix(): string {
    return `[${Math.min(this.done + 1, this.total)}/${this.total}] ${this.job}`;
  }

  /** Estimated seconds for the jobs after the current one (null until one job was computed). */
  private restEta(): number | null {
    if (this.computedJobs === 0) return null;
    return (this.computedSeconds / this.computedJobs) * Math.max(0, this.total - this.done - 1);
  }

  /**
   * Starts `job`.
   * @throws StopRequested (naming `job`) when a stop was requested (Jupyter's interrupt, Ctrl-C)
   */
  begin(job: string): void {
    throwIfStopped(`[${Math.min(this.done + 1, this.total)}/${this.total}] ${job}`);
    this.job = job;
    this.jobStart = Date.now();
    this.emit(`${this.prefix()}: started (elapsed ${formatDuration((Date.now() - this.start) / 1000)})`, true);
  }

  /** Reports iteration `i` of `n` with seconds per iteration and the job's ETA. */
  update(i: number, n: number, secondsPerStep: number | null, etaSeconds: number | null, extra = ''): void {
    if (!this.live && Date.now() - this.lastLine < this.everySeconds * 1000) return;
    const rest = this.restEta();
    const eta = etaSeconds === null ? '…' : formatDuration(etaSeconds);
    const overall = etaSeconds === null || rest === null ? '…' : formatDuration(etaSeconds + rest);
    const steps = secondsPerStep === null ? '' : `, ${secondsPerStep.toFixed(2)} s/step`;
    this.emit(`${this.prefix()}: ${i}/${n}${steps}, ETA ${eta} (all: ${overall})${extra ? `, ${extra}` : ''}`, false);
  }

  /** A `runDistillation` progress callback for the current job. */
  distill = (p: RunProgress): void =>
    this.update(
      p.iteration,
      p.total,
      p.secondsPerIteration,
      p.etaSeconds,
      p.loss === null ? '' : `loss ${p.loss.toFixed(3)}`,
    );

  /** A `trainFull` progress callback for the current job. */
  train = (p: TrainProgress): void =>
    this.update(p.step, p.totalSteps, p.secondsPerStep, p.etaSeconds, `loss ${p.loss.toFixed(3)}`);

  /** Ends the current job; `reused` jobs (found in the cache) do not count toward the ETA. */
  end(summary: string, reused = false): void {
    const seconds = (Date.now() - this.jobStart) / 1000;
    if (!reused) {
      this.computedSeconds += seconds;
      this.computedJobs++;
    }
    const took = reused ? ' (reused from the run cache)' : ` (${formatDuration(seconds)})`;
    this.emit(`${this.prefix()}: ${summary}${took}`, true);
    this.done++;
  }
}
