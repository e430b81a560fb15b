/** The `qdistill run-plan` options of the Slurm executor, and their defaults. */
import { ParsedArgs } from './args';
import { usageError } from './errors';
import { SlurmOptions } from '../scale/slurm';

export const SLURM_OPTIONS = {
  partition: { type: 'string', placeholder: 'NAME' },
  time: { type: 'string', placeholder: 'LIMIT' },
  'cpus-per-task': { type: 'integer', min: 1 },
  mem: { type: 'string', placeholder: 'SIZE' },
  account: { type: 'string', placeholder: 'NAME' },
  'sbatch-args': { type: 'string', placeholder: "'ARGS'" },
  'max-parallel': { type: 'integer', min: 1 },
  'no-wait': { type: 'boolean' },
  'poll-seconds': { type: 'integer', min: 1 },
  retries: { type: 'integer', min: 0 },
} as const;

/** The `qdistill run-plan` options of the local executor only. */
export const LOCAL_ONLY_OPTIONS = ['jobs', 'workers'] as const;

/**
 * The Slurm options given (null unless `slurm`). Giving one with the local executor is an error,
 * and so is giving a local-only option (`LOCAL_ONLY_OPTIONS`) with the Slurm executor.
 */
export function slurmOptionsFrom(args: ParsedArgs, slurm: boolean): SlurmOptions | null {
  const given = Object.keys(SLURM_OPTIONS).filter((k) => args.options[k] !== undefined);
  if (!slurm) {
    if (given.length > 0) throw usageError(`option --${given[0]}: only with --executor slurm`);
    return null;
  }
  const local = LOCAL_ONLY_OPTIONS.filter((k) => args.options[k] !== undefined);
  if (local.length > 0) {
    throw usageError(
      `option --${local[0]}: only with --executor local (its options ` +
        `${LOCAL_ONLY_OPTIONS.map((k) => `--${k}`).join(', ')}); with slurm, size a task with --cpus-per-task`,
    );
  }
  const s = (k: string) => args.options[k] as string | undefined;
  const n = (k: string) => args.options[k] as number | undefined;
  return {
    partition: s('partition'),
    time: s('time'),
    cpusPerTask: n('cpus-per-task') ?? 2,
    mem: s('mem'),
    account: s('account'),
    extra: (s('sbatch-args') ?? '').split(/\s+/).filter(Boolean),
    maxParallel: n('max-parallel') ?? 8,
    noWait: args.options['no-wait'] === true,
    pollSeconds: n('poll-seconds') ?? 15,
    retries: n('retries') ?? 3,
  };
}
