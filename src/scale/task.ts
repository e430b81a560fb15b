/**
 * One task of an executor: computes run `index` of a plan file in this process (the run cache
 * makes it a resume when the run has a checkpoint, and a no-op when it is done) and reports on
 * stdout, one JSON line per event, for the executor to read:
 *   {"event":"start","index","id","kind","iteration","total"}
 *   {"event":"progress","index","iteration","total","seconds_per_iteration","eta_seconds","loss","accuracy"}
 *   {"event":"done","index","accuracy","reused"}
 *   {"event":"interrupted","index","iteration","total","signal"}
 * SIGINT, SIGTERM and SIGUSR1 (Slurm's warning before the time limit) stop the run after the
 * current iteration with a checkpoint; the exit code is then 128 + the signal number.
 */
import { RunInterrupted, computeRun } from '../experiments';
import { totalIterationsOf } from '../experiments/notebook_runs';
import { planEntry, planRunDone, readPlanFile } from './plan_file';

export const TASK_SIGNALS: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGUSR1'];
const SIGNAL_NUMBER: Record<string, number> = { SIGINT: 2, SIGTERM: 15, SIGUSR1: 10 };

export interface TaskOutcome {
  status: 'completed' | 'interrupted';
  /** The exit code the task process should end with. */
  code: number;
}

/** Runs task `index` of `planFile` (see module comment); `emit` receives each event line. */
export async function runTask(planFile: string, index: number,
  o: { workers?: number; emit?: (line: string) => void } = {}): Promise<TaskOutcome> {
  const plan = readPlanFile(planFile);
  const { id, spec } = planEntry(plan, planFile, index);
  const missing = (spec.dependsOn ?? []).filter((dep) => !planRunDone(plan, planFile, dep));
  if (missing.length > 0) throw new Error(`run ${index} (${id}) needs ${missing.join(', ')} done first`);
  const emit = (e: Record<string, unknown>) =>
    (o.emit ?? ((l) => process.stdout.write(l + '\n')))(JSON.stringify({ ...e, index }));
  const flag = { aborted: false, signal: null as NodeJS.Signals | null };
  const handler = (sig: NodeJS.Signals) => {
    if (flag.aborted) process.exit(128 + SIGNAL_NUMBER[sig]);
    flag.aborted = true;
    flag.signal = sig;
    process.stderr.write(
      `qdistill task ${index} (${id}): ${sig} received; saving a checkpoint after the current iteration\n`,
    );
  };
  for (const s of TASK_SIGNALS) process.on(s, handler);
  const total = spec.kind === 'distill' ? totalIterationsOf(spec) : 0;
  emit({ event: 'start', id, kind: spec.kind, total });
  let lastEmit = 0;
  try {
    const r = (await computeRun(spec, plan.profile, {
      workers: o.workers, signal: flag,
      log: (m) => process.stderr.write(`qdistill task ${index}: ${m}\n`),
      onDistill: (p) => {
        if (Date.now() - lastEmit < 2000 && p.iteration < p.total) return;
        lastEmit = Date.now();
        emit({ event: 'progress', iteration: p.iteration, total: p.total, seconds_per_iteration: p.secondsPerIteration,
          eta_seconds: p.etaSeconds, loss: p.loss, accuracy: p.accuracy, phase: p.phase });
      },
    })) as { reused: boolean; accuracy?: number; final?: { eval: { mean: number } } };
    const accuracy = r.final?.eval.mean ?? r.accuracy ?? null;
    emit({ event: 'done', accuracy, reused: r.reused });
    return { status: 'completed', code: 0 };
  } catch (e) {
    if (!(e instanceof RunInterrupted)) throw e;
    const sig = flag.signal ?? 'SIGTERM';
    emit({ event: 'interrupted', iteration: e.outcome.iteration, total: e.outcome.total, signal: sig });
    return { status: 'interrupted', code: 128 + SIGNAL_NUMBER[sig] };
  } finally {
    for (const s of TASK_SIGNALS) process.off(s, handler);
  }
}
