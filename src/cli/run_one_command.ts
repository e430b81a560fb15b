/**
 * `qdistill run-one PLAN_FILE INDEX`: computes one run of a plan file written by `run-plan` (the
 * task of the local and Slurm executors, `src/scale/task.ts`). The plan file and the index are
 * checked (exit 2) before the backend starts.
 */
import { readPlanFile, planEntry } from '../scale/plan_file';
import { runTask } from '../scale/task';
import { ParsedArgs, expectPositionals, parseArgsOrHelp } from './args';
import { CliError, usageError } from './errors';
import { BACKEND_OPTION, startBackend } from './start_backend';
import { RUN_ONE_USAGE } from './usage';

/** `qdistill run-one PLAN_FILE INDEX`: one task (used by the executors). */
export async function runOneCommand(argv: readonly string[]): Promise<void> {
  const badIndex = (index: string) =>
    usageError(`INDEX: expected a run index, a non-negative integer (0, 1, …), received '${index}'`);
  let args: ParsedArgs | null;
  try {
    args = parseArgsOrHelp(argv, { ...BACKEND_OPTION, workers: { type: 'integer', min: 0 } }, RUN_ONE_USAGE);
  } catch (e) {
    const negative = /^unknown option '(-\d+)'/.exec((e as Error).message); // 'run-one PLAN -1'
    throw negative ? badIndex(negative[1]) : e;
  }
  if (args === null) return;
  const [file, index] = expectPositionals(args, 2, 2, 'a PLAN_FILE and a run INDEX');
  if (!/^\d+$/.test(index)) throw badIndex(index);
  try {
    planEntry(readPlanFile(file), file, Number(index)); // input errors before the backend starts
  } catch (e) {
    throw usageError((e as Error).message);
  }
  await startBackend(args.options.backend);
  const r = await runTask(file, Number(index), { workers: args.options.workers as number | undefined });
  if (r.code !== 0) {
    throw new CliError(`run ${index} of ${file}: stopped with a checkpoint; run it again to resume`, r.code);
  }
}
