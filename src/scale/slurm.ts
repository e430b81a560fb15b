/**
 * The Slurm executor: one job array whose index is the run's index in a plan file.
 *
 * Submission: `sbatch --parsable --array=I,J,…%M --requeue --open-mode=append
 * --signal=B:USR1@120 …` with a batch script that starts `qdistill run-one PLAN $SLURM_ARRAY_TASK_ID`
 * and, on USR1 (two minutes before the time limit), has it checkpoint (SIGTERM) and requeues the
 * task, which then resumes from the checkpoint. The run cache must be on a filesystem every
 * node shares.
 *
 * Waiting: polls `squeue` (no accounting database needed). A task that left the queue without
 * its run being done (`final/result.json`) failed: a `kill -9`, a crash, a node lost after the
 * job record went. Slurm does not requeue those, so the executor does (`scontrol requeue`, and
 * `StartTime=now` so the task need not wait out Slurm's requeue delay), or resubmits that one
 * task when its record is gone, up to `retries` times per run. Node failures Slurm requeues
 * itself (`--requeue`).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runState } from '../experiments/run_spec';
import { totalIterationsOf } from '../experiments/notebook_runs';
import { cliCommand } from './local';
import { planEntry, planRunDone, readPlanFile } from './plan_file';
import { StatusBoard } from './status';

export interface SlurmOptions {
  partition?: string;
  time?: string;
  cpusPerTask: number;
  mem?: string;
  account?: string;
  /** More `sbatch` arguments, as given. */
  extra: string[];
  /** Tasks running at once (`%M`). */
  maxParallel: number;
  noWait: boolean;
  pollSeconds: number;
  retries: number;
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

/** The batch script of a plan (see module comment). */
export function batchScript(planFile: string, workers: number): string {
  const cli = cliCommand().map(quote).join(' ');
  return `#!/bin/bash
# qdistill: computes run $SLURM_ARRAY_TASK_ID of ${planFile}
${cli} run-one ${quote(planFile)} "$SLURM_ARRAY_TASK_ID" --workers ${workers} &
child=$!
on_warning() {
  kill -TERM "$child" 2>/dev/null
  wait "$child"; code=$?
  if [ "$code" -gt 128 ]; then scontrol requeue "\${SLURM_ARRAY_JOB_ID}_\${SLURM_ARRAY_TASK_ID}"; fi
  exit "$code"
}
trap on_warning USR1
wait "$child"; code=$?
# a trapped signal interrupts wait; the handler exits
exit "$code"
`;
}

/** The `sbatch` arguments (script last). */
export function sbatchArgs(indices: readonly number[], o: SlurmOptions, name: string, logs: string, script: string,
  after?: string): string[] {
  return [
    ...(after ? [`--dependency=afterany:${after}`] : []),
    '--parsable',
    `--array=${indices.join(',')}%${o.maxParallel}`,
    '--requeue',
    '--open-mode=append',
    '--signal=B:USR1@120',
    `--job-name=${name}`,
    `--output=${path.join(logs, '%A_%a.out')}`,
    `--cpus-per-task=${o.cpusPerTask}`,
    ...(o.partition ? [`--partition=${o.partition}`] : []),
    ...(o.time ? [`--time=${o.time}`] : []),
    ...(o.mem ? [`--mem=${o.mem}`] : []),
    ...(o.account ? [`--account=${o.account}`] : []),
    ...o.extra,
    script,
  ];
}

const run = (cmd: string, args: string[]): string =>
  execFileSync(cmd, args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();

/** Array task id → state, for the tasks of `jobIds` still known to squeue. */
function queued(jobIds: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  if (jobIds.length === 0) return out;
  const text = run('squeue', ['-h', '-r', '-j', jobIds.join(','), '-o', '%i|%T']);
  for (const line of text.split('\n').filter(Boolean)) {
    const [id, state] = line.split('|');
    out.set(id, state);
  }
  return out;
}

/** Submits the plan's runs `indices`; waits unless `noWait` (see module comment). */
export async function runSlurm(
  planFile: string,
  indices: readonly number[],
  o: SlurmOptions,
  say: (m: string) => void,
): Promise<void> {
  const plan = readPlanFile(planFile);
  const base = planFile.replace(/\.json$/, '');
  const logs = `${base}.logs`;
  fs.mkdirSync(logs, { recursive: true });
  const script = `${base}.sbatch`;
  fs.writeFileSync(script, batchScript(planFile, Math.max(0, o.cpusPerTask - 1)), { mode: 0o755 });
  const name = `qdistill-${plan.profile}`;
  const submit = (idx: readonly number[], after?: string) =>
    run('sbatch', sbatchArgs(idx, o, name, logs, script, after)).split(';')[0];
  // Runs that need others wait until those are done (submitted then by this executor).
  const canStart = (i: number) => (plan.runs[i].spec.dependsOn ?? []).every((d) => planRunDone(plan, planFile, d));
  let held = indices.filter((i) => !canStart(i));
  const now = indices.filter(canStart);
  const first = submit(now.length > 0 ? now : held);
  if (now.length === 0) held = [];
  say(
    `submitted job array ${first} (${now.length || indices.length} runs, ` +
      `at most ${o.maxParallel} at once; logs ${logs}/)`,
  );
  const jobOf = new Map<number, string>((now.length > 0 ? now : indices).map((i) => [i, first]));
  if (o.noWait) {
    if (held.length > 0) {
      const later = submit(held, first);
      say(`runs ${held.join(', ')} need others: submitted as job array ${later}, which starts after ${first} ends`);
    }
    say(`not waiting: follow it with 'squeue -j ${first}' and 'qdistill plan --profile ${plan.profile}'`);
    return;
  }
  // Which job id each index currently runs under, and how often the executor restarted it.
  const restarts = new Map<number, number>();
  const pending = new Set(indices);
  const failed: number[] = [];
  const board = new StatusBoard(process.stderr, 60000, 'qdistill run-plan (slurm)');
  const last = new Map<number, { iteration: number; t: number; rate: number | null }>();
  while (pending.size > 0) {
    await new Promise((r) => setTimeout(r, o.pollSeconds * 1000));
    const startable = held.filter(canStart);
    if (startable.length > 0) {
      held = held.filter((i) => !startable.includes(i));
      const job = submit(startable);
      startable.forEach((i) => jobOf.set(i, job));
      board.say(`submitted job array ${job} for runs ${startable.join(', ')} (what they need is done)`);
    }
    const q = queued([...new Set(jobOf.values())]);
    for (const i of [...pending]) {
      if (held.includes(i)) continue;
      const { id, spec } = planEntry(plan, planFile, i);
      const state = runState(spec, plan.profile);
      const task = `${jobOf.get(i)}_${i}`;
      const slurmState = q.get(task);
      if (state.status === 'done' && slurmState === undefined) {
        pending.delete(i);
        board.say(`done [${i}] ${id}`, i);
        continue;
      }
      if (slurmState !== undefined) {
        const it = state.status === 'partial' ? state.iteration : 0, total = totalIterationsOf(spec);
        const prev = last.get(i), now = Date.now();
        const rate = prev && it > prev.iteration ? (now - prev.t) / 1000 / (it - prev.iteration) : prev?.rate ?? null;
        if (!prev || it !== prev.iteration) last.set(i, { iteration: it, t: now, rate });
        const eta = rate === null ? null : rate * (total - it);
        board.set({
          index: i,
          id,
          iteration: it,
          total,
          secondsPerIteration: rate,
          etaSeconds: eta,
          note: slurmState.toLowerCase(),
        });
        continue;
      }
      // Left the queue without finishing: requeue it ourselves.
      const n = (restarts.get(i) ?? 0) + 1;
      restarts.set(i, n);
      if (n > o.retries) {
        pending.delete(i);
        failed.push(i);
        board.say(`FAILED [${i}] ${id}: gave up after ${o.retries} restarts (logs ${logs}/)`, i);
        continue;
      }
      try {
        run('scontrol', ['requeue', task]);
        try {
          run('scontrol', ['update', `jobid=${task}`, 'StartTime=now']);
        } catch {
          // the task may have started already
        }
        board.say(`requeued [${i}] ${id} (task ${task} ended without finishing; restart ${n} of ${o.retries})`);
      } catch {
        const job = submit([i]);
        jobOf.set(i, job);
        board.say(`resubmitted [${i}] ${id} as job ${job} (restart ${n} of ${o.retries})`);
      }
    }
    if (held.length > 0 && [...pending].every((i) => held.includes(i))) {
      // Only runs whose prerequisites failed are left.
      for (const i of held) {
        board.say(
          `NOT RUN [${i}] ${plan.runs[i].id}: it needs ${(plan.runs[i].spec.dependsOn ?? []).join(', ')}, not done`,
          i,
        );
      }
      failed.push(...held);
      held.forEach((i) => pending.delete(i));
      held = [];
    }
  }
  board.end();
  say(`${indices.length - failed.length} of ${indices.length} runs done`);
  if (failed.length > 0) throw new Error(`runs that failed on Slurm: ${failed.join(', ')} (see ${logs}/)`);
}
