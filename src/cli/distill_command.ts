/**
 * `qdistill distill CONFIG [--run-dir DIR] [--resume]`: runs a distillation config into a run
 * directory (`src/runs/distill_run.ts`) with progress and ETA on stderr, and prints the final
 * test accuracy on stdout. Ctrl-C (SIGINT) or SIGTERM stops after the current iteration with a
 * checkpoint (a second one quits at once; checkpoints are atomic) and says how to resume.
 *
 * Exit codes: 0 done, 1 failure (e.g. diverged: NaN), 2 bad config or run directory,
 * 128 + signal number when interrupted (130 for Ctrl-C).
 */
import { DistillConfig, parseDistillConfig } from '../distill/config';
import { NonFiniteError } from '../util/errors';
import { readJson } from '../util/fs';
import { rateText } from '../runs/eta';
import { RunSetupError } from '../runs/errors';
import { overDraws } from '../util/spread';
import { RunProgress, runDistillation } from '../runs/distill_run';
import { defaultRunDir, preflightRunDir } from '../runs/run_dir';
import { expectPositionals, parseArgsOrHelp } from './args';
import { CliError, EXIT_FAILURE, usageError } from './errors';
import { Ticker, ticker } from './progress';
import { BACKEND_OPTION, startBackend } from './start_backend';
import { DISTILL_USAGE } from './usage';

const OPTIONS = {
  ...BACKEND_OPTION,
  'run-dir': { type: 'string', placeholder: 'DIR' },
  resume: { type: 'boolean' },
  json: { type: 'boolean' },
  workers: { type: 'integer', min: 0 },
} as const;

/** Environment variables limiting the data (quick trials and tests). */
export const TRAIN_LIMIT_ENV = 'QDISTILL_TRAIN_LIMIT';
export const TEST_LIMIT_ENV = 'QDISTILL_TEST_LIMIT';

/**
 * A positive integer from the environment variable `name`, or null when unset.
 * @throws CliError (exit 2) when set to anything else.
 */
export function envLimit(name: string): number | null {
  const v = process.env[name];
  if (v === undefined || v.trim() === '') return null;
  if (!/^\d+$/.test(v.trim()) || Number(v) < 1) {
    throw usageError(`${name}: expected a positive integer, received '${v}'`);
  }
  return Number(v);
}

/**
 * Reads and validates a JSON config file with `parse`.
 * @throws CliError (exit 2) naming the file, and the field when a value is wrong.
 */
export function readConfigFile<T>(file: string, parse: (raw: unknown) => T): { cfg: T; raw: unknown } {
  let raw: unknown;
  try {
    raw = readJson(file);
  } catch (e) {
    throw usageError((e as Error).message);
  }
  try {
    return { cfg: parse(raw), raw };
  } catch (e) {
    throw usageError(`${file}: ${(e as Error).message}`);
  }
}

/** The progress line's text. */
function progressText(p: RunProgress): string {
  const parts = [rateText(p.secondsPerIteration, p.etaSeconds)];
  if (p.loss !== null) parts.push(`loss ${p.loss.toPrecision(4)}`);
  if (p.accuracy !== null) parts.push(`accuracy ${p.accuracy.toFixed(1)} %`);
  if (p.phase !== 'distill') parts.push(p.phase === 'final' ? 'final evaluation…' : 'evaluating…');
  return parts.join(', ');
}

/** Sets the returned flag on SIGINT/SIGTERM (a second signal exits at once); `remove` undoes it. */
function interruptFlag(label: string): {
  flag: { aborted: boolean; signal: NodeJS.Signals | null };
  remove: () => void;
} {
  const flag = { aborted: false, signal: null as NodeJS.Signals | null };
  const handler = (sig: NodeJS.Signals) => {
    if (flag.aborted) process.exit(128 + (sig === 'SIGINT' ? 2 : 15));
    flag.aborted = true;
    flag.signal = sig;
    process.stderr.write(
      `\n${label}: ${sig} received; stopping after the current iteration and ` +
        `saving a checkpoint (send it again to quit at once)\n`,
    );
  };
  process.on('SIGINT', handler);
  process.on('SIGTERM', handler);
  return { flag, remove: () => (process.off('SIGINT', handler), process.off('SIGTERM', handler)) };
}

/** Runs `qdistill distill` with the arguments after the command name. */
export async function distillCommand(argv: readonly string[]): Promise<void> {
  const args = parseArgsOrHelp(argv, OPTIONS, DISTILL_USAGE);
  if (args === null) return;
  const [file] = expectPositionals(args, 1, 1, 'one CONFIG file');
  const { cfg, raw } = readConfigFile<DistillConfig>(file, parseDistillConfig);
  const runDir = (args.options['run-dir'] as string | undefined) ?? defaultRunDir(file);
  if (runDir.trim() === '') throw usageError(`--run-dir: expected a directory path, received '${runDir}'`);
  const workers = args.options.workers as number | undefined;
  if (workers !== undefined && workers > cfg.shards - 1) {
    throw usageError(
      `option --workers: expected an integer from 0 to ${cfg.shards - 1} (the config's shards − 1; ` +
        `more threads would have no shard to compute), received ${workers}`,
    );
  }
  const resume = args.options.resume === true;
  const trainLimit = envLimit(TRAIN_LIMIT_ENV), testLimit = envLimit(TEST_LIMIT_ENV);
  try {
    preflightRunDir(runDir, cfg, resume, trainLimit);
  } catch (e) {
    throw e instanceof RunSetupError ? usageError(e.message) : e;
  }
  await startBackend(args.options.backend);
  const label = 'qdistill distill';
  let bar = null as Ticker | null;
  const say = (m: string) => (bar?.end(), process.stderr.write(`${label}: ${m}\n`));
  const { flag, remove } = interruptFlag(label);
  let outcome;
  try {
    outcome = await runDistillation(cfg, runDir, {
      resume, input: raw, signal: flag, trainLimit, testLimit: testLimit ?? undefined, log: say,
      workers,
      onProgress: (p) => (bar ??= ticker(label, p.total)).update(p.iteration, progressText(p)),
    });
  } catch (e) {
    if (e instanceof RunSetupError) throw usageError(e.message);
    if (e instanceof NonFiniteError) throw new CliError(`${runDir}: ${e.message}`, EXIT_FAILURE);
    throw e;
  } finally {
    bar?.end();
    remove();
  }
  if (outcome.status === 'interrupted') {
    const again = `qdistill distill ${file} --run-dir ${runDir} --resume`;
    throw new CliError(
      `interrupted at iteration ${outcome.iteration}/${outcome.total}; checkpoint saved; continue with: ${again}`,
      128 + (flag.signal === 'SIGTERM' ? 15 : 2),
    );
  }
  const f = outcome.final!;
  if (args.options.json) {
    process.stdout.write(
      JSON.stringify({
        run_dir: runDir,
        iteration: f.iteration,
        eval: f.eval,
        test_examples: f.test_examples,
        seeds: f.seeds,
        seconds: f.seconds,
      }) + '\n',
    );
  } else {
    const acc = overDraws(f.eval.accuracies, ['initialisation', 'initialisations']);
    const chosen = f.selected
      ? `; the set of iteration ${f.selected.iteration}, ` +
        `chosen by its accuracy on ${f.selected.train_examples} training images`
      : '';
    process.stdout.write(
      `${runDir}: test accuracy ${acc}; ${f.test_examples} test examples, ${f.iteration} iterations${chosen}\n`,
    );
  }
}
