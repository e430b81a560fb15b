#!/usr/bin/env node
/**
 * The `qdistill` command: dispatches to the subcommands (`circuit`, `bench`, `data`, `distill`,
 * `eval`, `train`, `help`).
 *
 * Commands are loaded only when run, so `--help` does not load TensorFlow.js. Errors are one
 * line on stderr, `qdistill <command>: <message>`; exit codes are in `./errors`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { findRepoRoot } from '../util/repo_root';
import { CliError, EXIT_FAILURE, EXIT_USAGE, oneLine } from './errors';
import {
  BENCH_USAGE,
  CIRCUIT_USAGE,
  DATA_USAGE,
  DISTILL_USAGE,
  EVAL_USAGE,
  MAIN_USAGE,
  PLAN_USAGE,
  RUN_ONE_USAGE,
  RUN_PLAN_USAGE,
  TRAIN_USAGE,
} from './usage';

interface Command {
  usage: string;
  run: (argv: readonly string[]) => Promise<void>;
}

/** The subcommands, loaded lazily. */
export const COMMANDS: Readonly<Record<string, Command>> = {
  circuit: { usage: CIRCUIT_USAGE, run: async (argv) => (await import('./circuit_command')).circuitCommand(argv) },
  bench: { usage: BENCH_USAGE, run: async (argv) => (await import('./bench_command')).benchCommand(argv) },
  data: { usage: DATA_USAGE, run: async (argv) => (await import('./data_command')).dataCommand(argv) },
  distill: { usage: DISTILL_USAGE, run: async (argv) => (await import('./distill_command')).distillCommand(argv) },
  eval: { usage: EVAL_USAGE, run: async (argv) => (await import('./eval_command')).evalCommand(argv) },
  train: { usage: TRAIN_USAGE, run: async (argv) => (await import('./train_command')).trainCommand(argv) },
  plan: { usage: PLAN_USAGE, run: async (argv) => (await import('./plan_command')).planCommand(argv) },
  'run-plan': { usage: RUN_PLAN_USAGE, run: async (argv) => (await import('./plan_command')).runPlanCommand(argv) },
  'run-one': { usage: RUN_ONE_USAGE, run: async (argv) => (await import('./run_one_command')).runOneCommand(argv) },
};

const HINT = "run 'qdistill --help' for usage";

function version(): string {
  const pkg = JSON.parse(
    fs.readFileSync(path.join(findRepoRoot(__dirname), 'package.json'), 'utf8'),
  ) as { version?: string };
  return pkg.version ?? 'unknown';
}

/**
 * Runs the CLI with `argv` (without `node` and the script) and resolves to the exit code.
 * Writes only the command's output to stdout.
 */
export async function main(argv: readonly string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined) {
    process.stderr.write(MAIN_USAGE);
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h') {
    process.stdout.write(MAIN_USAGE);
    return 0;
  }
  if (name === '--version') {
    process.stdout.write(`qdistill ${version()}\n`);
    return 0;
  }
  if (name === 'help') {
    const topic = rest[0];
    if (topic === undefined) {
      process.stdout.write(MAIN_USAGE);
      return 0;
    }
    if (!Object.prototype.hasOwnProperty.call(COMMANDS, topic)) {
      process.stderr.write(
        `qdistill help: unknown command '${topic}' (expected one of ${Object.keys(COMMANDS).join(', ')}); ${HINT}\n`,
      );
      return EXIT_USAGE;
    }
    process.stdout.write(COMMANDS[topic].usage);
    return 0;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    const commands = `${Object.keys(COMMANDS).join(', ')}, help`;
    process.stderr.write(
      name.startsWith('-')
        ? `qdistill: unknown option '${name}'; expected a command: ${commands} (or --help, --version); ${HINT}\n`
        : `qdistill: unknown command '${name}' (expected one of ${commands}); ${HINT}\n`,
    );
    return EXIT_USAGE;
  }
  try {
    await command.run(rest);
    return 0;
  } catch (e) {
    const code = e instanceof CliError ? e.exitCode : EXIT_FAILURE;
    const message = e instanceof Error ? e.message : String(e);
    process.stderr.write(`qdistill ${name}: ${oneLine(message)}\n`);
    if (!(e instanceof CliError) && process.env.QDISTILL_DEBUG && e instanceof Error) {
      process.stderr.write(`${e.stack}\n`);
    }
    return code;
  }
}

if (require.main === module) {
  // A closed pipe (`qdistill circuit … | head -1`) is not an error worth a stack trace.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`qdistill: ${oneLine(e instanceof Error ? e.message : String(e))}\n`);
      process.exitCode = EXIT_FAILURE;
    },
  );
}
