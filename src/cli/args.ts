/**
 * A small command-line parser (no dependencies).
 *
 * Accepts `--name value`, `--name=value`, boolean flags `--name`, `-h` for `--help`, a lone
 * `-` as a positional (stdin), and `--` to end the options. Every malformed argument is a
 * `CliError` with exit code 2 whose message says what was expected and what was received.
 */
import { usageError } from './errors';

/** How one option is read. */
export type OptionSpec =
  | { type: 'boolean' }
  | { type: 'string'; placeholder?: string }
  | { type: 'integer'; min?: number; max?: number };

/** Option specs by long name (without the leading `--`). */
export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

/** The parsed command line: positionals in order and the options that were given. */
export interface ParsedArgs {
  positionals: string[];
  options: Record<string, string | number | boolean>;
}

function readValue(name: string, spec: OptionSpec, raw: string): string | number {
  if (spec.type === 'string') return raw;
  if (!/^[+-]?\d+$/.test(raw.trim())) throw usageError(`option --${name}: expected an integer, received '${raw}'`);
  const v = Number(raw);
  const min = spec.type === 'integer' ? spec.min : undefined;
  const max = spec.type === 'integer' ? spec.max : undefined;
  if ((min !== undefined && v < min) || (max !== undefined && v > max)) {
    const range = min !== undefined && max !== undefined ? `from ${min} to ${max}` : min !== undefined ? `≥ ${min}` : `≤ ${max}`;
    throw usageError(`option --${name}: expected an integer ${range}, received ${raw}`);
  }
  return v;
}

/**
 * Parses `argv` (the arguments after the command name) against `specs`. `--help`/`-h` is
 * always accepted as a boolean. Later occurrences of an option override earlier ones.
 * @throws CliError (exit 2) on an unknown option, a missing or malformed value.
 */
export function parseArgs(argv: readonly string[], specs: OptionSpecs): ParsedArgs {
  const all: OptionSpecs = { help: { type: 'boolean' }, ...specs };
  const out: ParsedArgs = { positionals: [], options: {} };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      out.positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h') {
      out.options.help = true;
      continue;
    }
    if (!arg.startsWith('--')) {
      if (arg.length > 1 && arg.startsWith('-')) throw usageError(`unknown option '${arg}' (options are written --name)`);
      out.positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq < 0 ? undefined : eq);
    const spec = all[name];
    if (spec === undefined) {
      const known = Object.keys(all).map((k) => `--${k}`).join(', ');
      throw usageError(`unknown option '--${name}' (expected one of ${known})`);
    }
    if (spec.type === 'boolean') {
      if (eq >= 0) throw usageError(`option --${name}: expected no value, received '${arg.slice(eq + 1)}'`);
      out.options[name] = true;
      continue;
    }
    let raw: string;
    if (eq >= 0) {
      raw = arg.slice(eq + 1);
    } else {
      if (i + 1 >= argv.length || argv[i + 1].startsWith('--')) throw usageError(`option --${name}: expected a value, received nothing`);
      raw = argv[++i];
    }
    out.options[name] = readValue(name, spec, raw);
  }
  return out;
}

/**
 * Checks the number of positionals.
 * @param what how to describe them in the error, e.g. `'one FILE argument'`
 * @throws CliError (exit 2) when fewer than `min` or more than `max` were given.
 */
export function expectPositionals(args: ParsedArgs, min: number, max: number, what: string): string[] {
  const n = args.positionals.length;
  if (n < min || n > max) {
    const got = n === 0 ? 'none' : args.positionals.map((p) => `'${p}'`).join(' ');
    throw usageError(`expected ${what}, received ${got}`);
  }
  return args.positionals;
}

/**
 * `parseArgs`, and on `--help`/`-h` writes `usage` to stdout and returns null (the command then
 * returns without doing anything).
 */
export function parseArgsOrHelp(argv: readonly string[], specs: OptionSpecs, usage: string): ParsedArgs | null {
  const args = parseArgs(argv, specs);
  if (!args.options.help) return args;
  process.stdout.write(usage);
  return null;
}
