/**
 * Input of `qdistill circuit`: read a file (or stdin for `-`), parse the JSON and validate
 * every case in the PennyLane fixture schema before anything is computed. Every failure is a
 * `CliError` with exit code 2 whose message names the file or the offending field.
 */
import * as fs from 'fs';
import { CircuitSpec, SpecError, parseCircuitFile } from '../sim/circuit_spec';
import { usageError } from './errors';

/** Reads all of stdin as UTF-8. */
async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : chunk);
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * The text of `file`, or of stdin when `file` is `-`.
 * @throws CliError (exit 2) when the file is missing, is a directory or cannot be read.
 */
export async function readSource(file: string): Promise<string> {
  if (file === '-') return readStdin();
  try {
    return fs.readFileSync(file, 'utf8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why =
      err.code === 'ENOENT'
        ? 'no such file'
        : err.code === 'EISDIR'
          ? 'it is a directory'
          : err.code === 'EACCES'
            ? 'permission denied'
            : err.message;
    throw usageError(`${file}: expected a readable JSON file, cannot read it (${why})`);
  }
}

/**
 * Parses and validates the text of a circuit file: one case object or `{ "cases": [...] }`.
 * Fields such as `expvals` or `state` in the input are ignored.
 * @param source name used in JSON syntax errors (the file path, or `stdin`)
 * @throws CliError (exit 2) on invalid JSON or any invalid field (the message names it).
 */
export function parseCircuitInput(text: string, source: string): CircuitSpec[] {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw usageError(`${source}: expected valid JSON, received invalid JSON (${(e as Error).message})`);
  }
  let specs: CircuitSpec[];
  try {
    specs = parseCircuitFile(raw);
  } catch (e) {
    if (e instanceof SpecError) throw usageError(e.message);
    throw e;
  }
  return specs;
}
