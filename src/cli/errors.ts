/**
 * Errors of the command-line interface and their exit codes.
 *
 * Exit codes: 0 success, 1 the command failed while running (network, backend, internal
 * error), 2 the input or the command line was wrong (usage, malformed circuit file, …).
 */

/** Exit code for a wrong command line or malformed input. */
export const EXIT_USAGE = 2;
/** Exit code for a failure while running a well-formed command. */
export const EXIT_FAILURE = 1;

/** An error the CLI reports as one stderr line (`qdistill <command>: <message>`) and an exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    /** Process exit code (default `EXIT_USAGE`). */
    readonly exitCode: number = EXIT_USAGE,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** A usage error: wrong arguments or malformed input, exit code 2. */
export function usageError(message: string): CliError {
  return new CliError(message, EXIT_USAGE);
}

/** Collapses a message onto one line (error output is exactly one line per failure). */
export function oneLine(message: string): string {
  return message.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
