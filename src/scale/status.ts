/**
 * What executors show while runs compute: one line per active run with its iteration and ETA,
 * redrawn in place on a terminal (at most once a second), printed as a block every
 * `intervalMs` otherwise (logs, notebooks' stderr, CI); starts, ends and failures always print.
 */
import { formatDuration } from '../runs/eta';

/** Where the board is drawn (process.stderr by default). */
export interface ProgressStream {
  isTTY?: boolean;
  write(s: string): unknown;
}

export interface TaskStatus {
  index: number;
  id: string;
  iteration: number;
  total: number;
  etaSeconds: number | null;
  secondsPerIteration: number | null;
  note?: string;
}

/** One status line: `[3] mnist-classical-fixed-s0-…: 120/2900 (4 %), 0.61 s/it, ETA 28m`. */
export function statusLine(s: TaskStatus): string {
  const pct = s.total > 0 ? ` (${Math.floor((100 * s.iteration) / s.total)} %)` : '';
  const rate = s.secondsPerIteration === null ? '' : `, ${s.secondsPerIteration.toFixed(2)} s/it`;
  const eta = s.etaSeconds === null ? '' : `, ETA ${formatDuration(s.etaSeconds)}`;
  const what = s.total > 0 ? `${s.iteration}/${s.total}${pct}${rate}${eta}` : 'computing';
  return `[${s.index}] ${s.id}: ${what}${s.note ? `; ${s.note}` : ''}`;
}

export class StatusBoard {
  private readonly active = new Map<number, TaskStatus>();
  private drawn = 0;
  private last = 0;

  constructor(
    private readonly stream: ProgressStream = process.stderr,
    private readonly intervalMs = 30000,
    private readonly label = 'qdistill run-plan',
  ) {}

  set(s: TaskStatus): void {
    this.active.set(s.index, s);
    this.draw(false);
  }

  /** A line that stays (start, end, failure); the run leaves the board when `remove`. */
  say(message: string, remove?: number): void {
    if (remove !== undefined) this.active.delete(remove);
    this.clear();
    this.stream.write(`${this.label}: ${message}\n`);
    this.draw(true);
  }

  end(): void {
    this.clear();
  }

  private clear(): void {
    if (this.stream.isTTY && this.drawn > 0) this.stream.write(`\x1b[${this.drawn}A\x1b[J`);
    this.drawn = 0;
  }

  private draw(force: boolean): void {
    const now = Date.now();
    const lines = [...this.active.values()].sort((a, b) => a.index - b.index).map(statusLine);
    if (this.stream.isTTY) {
      if (!force && now - this.last < 1000) return;
      this.last = now;
      this.clear();
      for (const l of lines) this.stream.write(`${l}\n`);
      this.drawn = lines.length;
    } else if (!force && now - this.last >= this.intervalMs && lines.length > 0) {
      this.last = now;
      this.stream.write(lines.map((l) => `${this.label}: ${l}\n`).join(''));
    }
  }
}
