/**
 * The local executor: computes runs of a plan file as separate processes (`qdistill run-one
 * PLAN INDEX`), `jobs` at a time, each with `workers` worker threads, and shows one status line
 * per active run (`status.ts`). A task's stderr goes to `<plan>.logs/<index>-<id>.log`.
 * SIGINT/SIGTERM: every task checkpoints and stops; nothing new starts.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { planRunDone, readPlanFile } from './plan_file';
import { StatusBoard } from './status';

/** Jobs and worker threads per job from the cores: never more threads than cores by default. */
export function sizeLocal(
  cores: number,
  runs: number,
  jobs?: number,
  workers?: number,
): { jobs: number; workers: number } {
  const j = Math.max(1, Math.min(jobs ?? cores, Math.max(1, runs)));
  return { jobs: j, workers: workers ?? Math.max(0, Math.floor(cores / j) - 1) };
}

/** The command that runs the CLI in a child process (built, or from source through tsx in tests). */
export function cliCommand(): string[] {
  const fromSource = __filename.endsWith('.ts');
  const main = path.join(__dirname, '..', 'cli', fromSource ? 'main.ts' : 'main.js');
  return fromSource ? [process.execPath, '--import', 'tsx', main] : [process.execPath, main];
}

export interface LocalOutcome {
  completed: number[];
  interrupted: number[];
  failed: Array<{ index: number; code: number | null; log: string }>;
}

export interface LocalOptions {
  jobs: number;
  workers: number;
  board?: StatusBoard;
  /** Set to stop: running tasks are sent SIGTERM (they checkpoint), nothing new starts. */
  signal?: { readonly aborted: boolean };
}

/** Runs the plan's runs `indices` (see module comment). */
export async function runLocal(planFile: string, indices: readonly number[], o: LocalOptions): Promise<LocalOutcome> {
  const plan = readPlanFile(planFile);
  const board = o.board ?? new StatusBoard();
  const logs = `${planFile.replace(/\.json$/, '')}.logs`;
  fs.mkdirSync(logs, { recursive: true });
  const out: LocalOutcome = { completed: [], interrupted: [], failed: [] };
  const queue = [...indices];
  const children = new Set<ChildProcess>();
  let stopping = false;
  const stopAll = () => {
    if (stopping) return;
    stopping = true;
    for (const c of children) c.kill('SIGTERM');
  };
  const poll = setInterval(() => (o.signal?.aborted ? stopAll() : undefined), 200);
  const [cmd, ...base] = cliCommand();
  const runOne = (index: number) => new Promise<void>((resolve) => {
    const id = plan.runs[index].id;
    const log = path.join(logs, `${index}-${id}.log`);
    const err = fs.openSync(log, 'a');
    const args = [...base, 'run-one', planFile, String(index), '--workers', String(o.workers)];
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', err] });
    fs.closeSync(err);
    children.add(child);
    board.say(`started [${index}] ${id} (log ${log})`);
    let buffer = '';
    child.stdout!.setEncoding('utf8').on('data', (d: string) => {
      buffer += d;
      let nl: number;
      while ((nl = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, nl);
        buffer = buffer.slice(nl + 1);
        let e: Record<string, unknown>;
        try {
          e = JSON.parse(line) as Record<string, unknown>;
        } catch {
          continue;
        }
        if (e.event === 'progress' || e.event === 'start') {
          const num = (v: unknown) => (typeof v === 'number' ? v : null);
          board.set({ index, id, iteration: Number(e.iteration ?? 0), total: Number(e.total ?? 0),
            etaSeconds: num(e.eta_seconds), secondsPerIteration: num(e.seconds_per_iteration) });
        }
        if (e.event === 'done') {
          const acc = typeof e.accuracy === 'number' ? `${e.accuracy.toFixed(2)} %` : '–';
          board.say(`done [${index}] ${id}: ${e.reused ? 'already in the cache' : `accuracy ${acc}`}`, index);
        }
      }
    });
    child.on('exit', (code) => {
      children.delete(child);
      if (code === 0) out.completed.push(index);
      else if (code !== null && code > 128) {
        out.interrupted.push(index);
        board.say(`stopped [${index}] ${id} with a checkpoint (exit ${code})`, index);
      } else {
        out.failed.push({ index, code, log });
        board.say(`FAILED [${index}] ${id} (exit ${code}); see ${log}`, index);
      }
      resolve();
    });
  });
  // A run starts once every run it needs is done; lanes with nothing ready wait for a run to end.
  const ready = () =>
    queue.findIndex((i) => (plan.runs[i].spec.dependsOn ?? []).every((d) => planRunDone(plan, planFile, d)));
  let running = 0;
  const waiters: Array<() => void> = [];
  const lane = async (): Promise<void> => {
    while (queue.length > 0 && !stopping && !o.signal?.aborted) {
      const k = ready();
      if (k < 0) {
        if (running === 0) break; // what is left needs runs that failed or were not computed
        await new Promise<void>((resolve) => waiters.push(resolve));
        continue;
      }
      const [index] = queue.splice(k, 1);
      running++;
      await runOne(index);
      running--;
      waiters.splice(0).forEach((wake) => wake());
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(o.jobs, queue.length) }, lane));
    for (const index of stopping || o.signal?.aborted ? [] : queue) {
      out.failed.push({ index, code: null, log: `${logs}/` });
      board.say(
        `NOT RUN [${index}] ${plan.runs[index].id}: ` +
          `it needs ${(plan.runs[index].spec.dependsOn ?? []).join(', ')}, not done`,
      );
    }
  } finally {
    clearInterval(poll);
    board.end();
  }
  return out;
}

export const coreCount = (): number => os.cpus().length;
