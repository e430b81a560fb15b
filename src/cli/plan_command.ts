/**
 * `qdistill plan` and `qdistill run-plan`: the runs the reproduction notebooks need
 * (`src/experiments/notebook_runs.ts`), listed, and computed by the local executor or on a Slurm
 * cluster (`src/scale/`); their task, `qdistill run-one`, is in `./run_one_command`.
 */
import * as path from 'path';
import { PlannedRun, planRuns, resolveNotebooks, totalIterationsOf } from '../experiments/notebook_runs';
import { Profile, currentProfile, profileNamed } from '../results/profile';
import { formatDuration } from '../runs/eta';
import { coreCount, runLocal, sizeLocal } from '../scale/local';
import { PlanFile, planEntry, readPlanFile, writePlanFile } from '../scale/plan_file';
import { runState } from '../experiments/run_spec';
import { runSlurm } from '../scale/slurm';
import { SLURM_OPTIONS, slurmOptionsFrom } from './slurm_options';
import { ParsedArgs, expectPositionals, parseArgsOrHelp } from './args';
import { CliError, EXIT_FAILURE, usageError } from './errors';
import { PLAN_USAGE, RUN_PLAN_USAGE } from './usage';

const SELECT = {
  profile: { type: 'string', placeholder: 'P' },
  notebooks: { type: 'string', placeholder: 'LIST' },
} as const;

/** `--notebooks LIST` as names (undefined: every notebook). @throws CliError (exit 2) on an empty list. */
function notebookNames(args: ParsedArgs): string[] | undefined {
  const nbs = args.options.notebooks as string | undefined;
  if (nbs === undefined) return undefined;
  const names = nbs.split(',').map((s) => s.trim()).filter(Boolean);
  if (names.length === 0) {
    throw usageError(
      `option --notebooks: expected a non-empty comma-separated list of notebook names (e.g. 01,03), received '${nbs}'`,
    );
  }
  return names;
}

function selected(args: ParsedArgs): { profile: Profile; runs: PlannedRun[] } {
  let profile: Profile, runs: PlannedRun[];
  const names = notebookNames(args);
  try {
    const name = args.options.profile as string | undefined;
    profile = name === undefined ? currentProfile() : profileNamed(name);
    runs = planRuns(profile, names === undefined ? undefined : resolveNotebooks(names));
  } catch (e) {
    throw usageError((e as Error).message.replace(/^QDISTILL_PROFILE/, '--profile'));
  }
  return { profile, runs };
}

const stateText = (r: PlannedRun) =>
  r.state.status === 'partial' ? `partial ${r.state.iteration}/${totalIterationsOf(r.spec)}` : r.state.status;
const shortNotebooks = (r: PlannedRun) => r.notebooks.map((n) => n.slice(0, 2)).join(',');
/** `; needs 0,1` for a run that needs other runs of the list first. */
const needs = (r: PlannedRun, runs: readonly PlannedRun[]) =>
  r.spec.dependsOn?.length ? `; needs ${r.spec.dependsOn.map((d) => runs.findIndex((x) => x.id === d)).join(',')}` : '';

/** `qdistill plan`. */
export async function planCommand(argv: readonly string[]): Promise<void> {
  const args = parseArgsOrHelp(argv, { ...SELECT, json: { type: 'boolean' } }, PLAN_USAGE);
  if (args === null) return;
  expectPositionals(args, 0, 0, 'no positional arguments');
  const { profile, runs } = selected(args);
  const count = (s: string) => runs.filter((r) => r.state.status === s).length;
  const left = runs.reduce((s, r) => s + r.remaining, 0);
  if (args.options.json) {
    process.stdout.write(
      JSON.stringify({
        profile: profile.name,
        runs: runs.map((r, index) => ({
          index,
          id: r.id,
          dir: r.dir,
          kind: r.spec.kind,
          label: r.spec.label,
          state: r.state.status,
          iteration: r.state.status === 'partial' ? r.state.iteration : null,
          total: r.spec.kind === 'distill' ? totalIterationsOf(r.spec) : null,
          estimate_s: Math.round(r.spec.estimate),
          remaining_s: Math.round(r.remaining),
          notebooks: r.notebooks,
          depends_on: r.spec.dependsOn ?? [],
          config: r.spec.kind === 'study' ? r.spec.key : r.spec.cfg,
        })),
        done: count('done'),
        partial: count('partial'),
        absent: count('absent'),
        remaining_s: Math.round(left),
        remaining_core_hours: Math.round((2 * left) / 360) / 10,
      }) + '\n',
    );
    return;
  }
  const idWidth = Math.max(56, ...runs.map((r) => r.id.length + 2)); // long ids stay apart from the notebooks
  const lines = [
    `qdistill plan: profile ${profile.name}, ${runs.length} runs ` +
      `(${count('done')} done, ${count('partial')} partial, ${count('absent')} absent); ` +
      `about ${formatDuration(left)} left on the reference machine ` +
      `(one run at a time with 2 threads: ≈ ${((2 * left) / 3600).toFixed(1)} core-hours)`,
    `${'#'.padStart(3)}  ${'state'.padEnd(20)}${'left'.padStart(9)}  ${'kind'.padEnd(8)}${'run'.padEnd(idWidth)}notebooks`,
    ...runs.map(
      (r, i) =>
        `${String(i).padStart(3)}  ${stateText(r).padEnd(20)}${formatDuration(r.remaining).padStart(9)}  ` +
        `${r.spec.kind.padEnd(8)}${r.id.padEnd(idWidth)}${shortNotebooks(r)}${needs(r, runs)}`,
    ),
  ];
  process.stdout.write(lines.join('\n') + '\n');
}

/** `--plan-file F`: the runs of a plan file written before (their states read now). */
function frozenPlan(args: ParsedArgs): { file: string; profile: Profile; runs: PlannedRun[] } | null {
  const file = args.options['plan-file'] as string | undefined;
  if (file === undefined) return null;
  if (args.options.profile !== undefined || args.options.notebooks !== undefined) {
    throw usageError('option --plan-file: the plan file names its runs; give neither --profile nor --notebooks');
  }
  let plan: PlanFile;
  try {
    plan = readPlanFile(file);
  } catch (e) {
    throw usageError((e as Error).message);
  }
  const runs = plan.runs.map((_, i) => {
    const { id, dir, spec } = planEntry(plan, file, i);
    const state = runState(spec, plan.profile);
    return { id, dir, spec, notebooks: [], state, remaining: state.status === 'done' ? 0 : spec.estimate };
  });
  return { file, profile: profileNamed(plan.profile), runs };
}

/** `qdistill run-plan`. */
export async function runPlanCommand(argv: readonly string[]): Promise<void> {
  const specs = {
    ...SELECT,
    'plan-file': { type: 'string', placeholder: 'FILE' },
    executor: { type: 'string', placeholder: 'local|slurm' },
    jobs: { type: 'integer', min: 1 },
    workers: { type: 'integer', min: 0 },
    ...SLURM_OPTIONS,
  } as const;
  const args = parseArgsOrHelp(argv, specs, RUN_PLAN_USAGE);
  if (args === null) return;
  expectPositionals(args, 0, 0, 'no positional arguments');
  const executor = (args.options.executor as string | undefined) ?? 'local';
  if (executor !== 'local' && executor !== 'slurm') {
    throw usageError(`option --executor: expected local or slurm, received '${executor}'`);
  }
  const slurm = slurmOptionsFrom(args, executor === 'slurm');
  const say = (m: string) => process.stderr.write(`qdistill run-plan: ${m}\n`);
  const frozen = frozenPlan(args);
  const { profile, runs } = frozen ?? selected(args);
  const todo = runs.map((r, i) => ({ r, i })).filter(({ r }) => r.state.status !== 'done');
  if (todo.length === 0) {
    say(`profile ${profile.name}: all ${runs.length} runs are done; nothing to compute`);
    return;
  }
  const planFile = frozen?.file ?? writePlanFile(profile.name, runs, `${executor}-${profile.name}`);
  const indices = todo.map(({ i }) => i);
  if (executor === 'slurm') return runSlurm(planFile, indices, slurm!, say);
  const { jobs, workers } = sizeLocal(
    coreCount(),
    todo.length,
    args.options.jobs as number | undefined,
    args.options.workers as number | undefined,
  );
  if (jobs * (1 + workers) > coreCount()) {
    say(`warning: ${jobs} jobs × ${1 + workers} threads exceed the ${coreCount()} cores`);
  }
  say(
    `profile ${profile.name}: ${todo.length} of ${runs.length} runs to compute, ` +
      `${jobs} at a time with ${workers} worker thread(s) each (plan ${planFile})`,
  );
  const flag = { aborted: false };
  const onSignal = (sig: NodeJS.Signals) => {
    if (flag.aborted) process.exit(128 + (sig === 'SIGINT' ? 2 : 15));
    flag.aborted = true;
    say(`${sig}: stopping every run at its next iteration with a checkpoint (again to quit at once)`);
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  try {
    const out = await runLocal(planFile, indices, { jobs, workers, signal: flag });
    say(
      `${out.completed.length} completed, ${out.interrupted.length} ` +
        `stopped with a checkpoint, ${out.failed.length} failed`,
    );
    if (out.failed.length > 0) {
      const logs = path.dirname(out.failed[0].log);
      throw new CliError(
        `failed runs: ${out.failed.map((f) => `[${f.index}]`).join(' ')}; their logs are in ${logs}/`,
        EXIT_FAILURE,
      );
    }
    if (out.interrupted.length > 0 || flag.aborted) {
      throw new CliError('stopped; run the same command again to resume', 130);
    }
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
}
