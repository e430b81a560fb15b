/**
 * The command-line parser: Node's `util.parseArgs` splits the arguments into tokens; this file
 * checks them against the option specs and converts the values.
 *
 * Accepts `--name value`, `--name=value`, boolean flags `--name`, `-h` for `--help`, a lone
 * `-` as a positional (stdin), and `--` to end the options. Every malformed argument is a
 * `CliError` with exit code 2 whose message says what was expected and what was received.
 * (`util.parseArgs` runs non-strict: its strict errors neither name the expected options nor
 * accept `--seed -1`, so the checks, in argument order, are ours.)
 */
import { parseArgs as tokenize, type ParseArgsConfig } from 'node:util';
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
    const range =
      min !== undefined && max !== undefined
        ? `from ${min} to ${max}`
        : min !== undefined
          ? `≥ ${min}`
          : `≤ ${max}`;
    throw usageError(`option --${name}: expected an integer ${range}, received ${raw}`);
  }
  return v;
}

/** The `util.parseArgs` configuration of `specs`: integers are read as strings, `-h` is `--help`. */
function tokenizerOptions(specs: OptionSpecs): NonNullable<ParseArgsConfig['options']> {
  const out: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean', short: 'h' } };
  for (const [name, spec] of Object.entries(specs)) {
    out[name] = { type: spec.type === 'boolean' ? 'boolean' : 'string' };
  }
  return out;
}

/**
 * Parses `argv` (the arguments after the command name) against `specs`. `--help`/`-h` is
 * always accepted as a boolean. Later occurrences of an option override earlier ones.
 * @throws CliError (exit 2) on an unknown option, a missing or malformed value.
 */
export function parseArgs(argv: readonly string[], specs: OptionSpecs): ParsedArgs {
  const all: OptionSpecs = { help: { type: 'boolean' }, ...specs };
  const { tokens } = tokenize({
    args: [...argv],
    options: tokenizerOptions(specs),
    strict: false,
    allowPositionals: true,
    tokens: true,
  });
  const out: ParsedArgs = { positionals: [], options: {} };
  for (const token of tokens) {
    if (token.kind === 'positional') out.positionals.push(token.value);
    if (token.kind !== 'option') continue;
    const arg = argv[token.index];
    if (!token.rawName.startsWith('--')) {
      // Short options: only a lone -h (no groups such as -hx, no -5).
      if (arg !== '-h') throw usageError(`unknown option '${arg}' (options are written --name)`);
      out.options.help = true;
      continue;
    }
    const { name } = token;
    const spec = Object.hasOwn(all, name) ? all[name] : undefined;
    if (spec === undefined) {
      const known = Object.keys(all).map((k) => `--${k}`).join(', ');
      throw usageError(`unknown option '--${name}' (expected one of ${known})`);
    }
    if (spec.type === 'boolean') {
      if (token.inlineValue) throw usageError(`option --${name}: expected no value, received '${token.value}'`);
      out.options[name] = true;
      continue;
    }
    // A separate value must not look like an option ('--seed -1' is a value, '--seed --json' is not).
    if (token.value === undefined || (!token.inlineValue && token.value.startsWith('--'))) {
      throw usageError(`option --${name}: expected a value, received nothing`);
    }
    out.options[name] = readValue(name, spec, token.value);
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
