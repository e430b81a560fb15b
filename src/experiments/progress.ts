/**
 * Progress lines for long notebook cells: a plan of `total` jobs; each job reports its own
 * iterations; a line (job, iteration, rate, job ETA, overall ETA) is printed at most every
 * `everySeconds` and at each job's start and end. Plain lines (no carriage returns), so they
 * read well in notebooks, nbconvert logs and terminals.
 *
 * A notebook's output is not seen while nbconvert executes it headlessly, so each line is also
 * appended to the file `$QDISTILL_PROGRESS_FILE` when set (`make reproduce` shows that file).
 */
import * as fs from 'fs';
import { RunProgress } from '../runs/distill_run';
import { formatDuration } from '../runs/eta';
import { TrainProgress } from '../train/full';

export const PROGRESS_FILE_ENV = 'QDISTILL_PROGRESS_FILE';

/** Prints `line` and appends it to `$QDISTILL_PROGRESS_FILE` when that is set. */
export function printAndLog(line: string): void {
  console.log(line);
  const file = process.env[PROGRESS_FILE_ENV];
  if (file) fs.appendFileSync(file, line + '\n');
}

export class PlanProgress {
  private done = 0;
  private readonly start = Date.now();
  private lastLine = 0;
  private job = '';
  /** Seconds spent in computed (not reused) jobs, and their count, for the overall ETA. */
  private computedSeconds = 0;
  private computedJobs = 0;
  private jobStart = 0;

  constructor(private readonly total: number, private readonly print: (line: string) => void = printAndLog, private readonly everySeconds = 30) {}

  private prefix(): string {
    return `[${Math.min(this.done + 1, this.total)}/${this.total}] ${this.job}`;
  }

  /** Estimated seconds for the jobs after the current one (null until one job was computed). */
  private restEta(): number | null {
    if (this.computedJobs === 0) return null;
    return (this.computedSeconds / this.computedJobs) * Math.max(0, this.total - this.done - 1);
  }

  begin(job: string): void {
    this.job = job;
    this.jobStart = Date.now();
    this.lastLine = Date.now();
    this.print(`${this.prefix()}: started (elapsed ${formatDuration((Date.now() - this.start) / 1000)})`);
  }

  /** Reports iteration `i` of `n` with seconds per iteration and the job's ETA. */
  update(i: number, n: number, secondsPerStep: number | null, etaSeconds: number | null, extra = ''): void {
    if (Date.now() - this.lastLine < this.everySeconds * 1000) return;
    this.lastLine = Date.now();
    const rest = this.restEta();
    const eta = etaSeconds === null ? '…' : formatDuration(etaSeconds);
    const overall = etaSeconds === null || rest === null ? '…' : formatDuration(etaSeconds + rest);
    this.print(`${this.prefix()}: ${i}/${n}${secondsPerStep === null ? '' : `, ${secondsPerStep.toFixed(2)} s/step`}, ETA ${eta} (all: ${overall})${extra ? `, ${extra}` : ''}`);
  }

  /** A `runDistillation` progress callback for the current job. */
  distill = (p: RunProgress): void =>
    this.update(p.iteration, p.total, p.secondsPerIteration, p.etaSeconds, p.loss === null ? '' : `loss ${p.loss.toFixed(3)}`);

  /** A `trainFull` progress callback for the current job. */
  train = (p: TrainProgress): void => this.update(p.step, p.totalSteps, p.secondsPerStep, p.etaSeconds, `loss ${p.loss.toFixed(3)}`);

  /** Ends the current job; `reused` jobs (found in the cache) do not count toward the ETA. */
  end(summary: string, reused = false): void {
    const seconds = (Date.now() - this.jobStart) / 1000;
    if (!reused) {
      this.computedSeconds += seconds;
      this.computedJobs++;
    }
    this.print(`${this.prefix()}: ${summary}${reused ? ' (reused from the run cache)' : ` (${formatDuration(seconds)})`}`);
    this.done++;
  }
}
