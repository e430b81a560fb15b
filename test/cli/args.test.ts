/** The CLI's own argument parser. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { expectPositionals, parseArgs } from '../../src/cli/args';
import { CliError } from '../../src/cli/errors';

const SPECS = {
  json: { type: 'boolean' },
  batch: { type: 'integer', min: 1 },
  name: { type: 'string' },
} as const;

test('parses flags, values, = syntax, - and --', () => {
  const a = parseArgs(['sim', '--json', '--batch', '64', '--name=x=y', '-', '--', '--json'], SPECS);
  assert.deepEqual(a.positionals, ['sim', '-', '--json']);
  assert.deepEqual(a.options, { json: true, batch: 64, name: 'x=y' });
  assert.deepEqual(parseArgs(['-h'], SPECS).options, { help: true });
  assert.deepEqual(parseArgs(['--batch=2', '--batch', '3'], SPECS).options, { batch: 3 });
  assert.deepEqual(parseArgs(['--name', '-1', '--name=', 'x'], SPECS), { positionals: ['x'], options: { name: '' } });
  assert.deepEqual(parseArgs(['--name', '-'], SPECS).options, { name: '-' });
});

test('malformed arguments are CliErrors with exit code 2 saying expected vs received', () => {
  const cases: Array<[string[], RegExp]> = [
    [['--nope'], /unknown option '--nope' \(expected one of --help, --json, --batch, --name\)/],
    [['-x'], /unknown option '-x'/],
    [['-hx'], /unknown option '-hx' \(options are written --name\)/],
    [['-5'], /unknown option '-5'/],
    [['--toString'], /unknown option '--toString'/],
    [['--batch', '-1'], /option --batch: expected an integer ≥ 1, received -1/],
    [['--name'], /option --name: expected a value, received nothing/],
    [['--batch'], /option --batch: expected a value, received nothing/],
    [['--batch', '--json'], /option --batch: expected a value, received nothing/],
    [['--batch', '1.5'], /option --batch: expected an integer, received '1\.5'/],
    [['--batch', '0'], /option --batch: expected an integer ≥ 1, received 0/],
    [['--json=yes'], /option --json: expected no value, received 'yes'/],
  ];
  for (const [argv, pattern] of cases) {
    assert.throws(
      () => parseArgs(argv, SPECS),
      (e: unknown) => e instanceof CliError && e.exitCode === 2 && pattern.test(e.message),
      argv.join(' '),
    );
  }
});

test('expectPositionals', () => {
  assert.deepEqual(expectPositionals(parseArgs(['a'], SPECS), 1, 1, 'one FILE'), ['a']);
  assert.throws(() => expectPositionals(parseArgs([], SPECS), 1, 1, 'one FILE'), /expected one FILE, received none/);
  assert.throws(() => expectPositionals(parseArgs(['a', 'b'], SPECS), 1, 1, 'one FILE'),
    /expected one FILE, received 'a' 'b'/);
});
