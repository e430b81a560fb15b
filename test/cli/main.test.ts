/**
 * Top-level dispatch of `qdistill`: help, version, unknown commands and options, and the
 * `data` command's argument handling (plus the "already present" path when the real
 * CIFAR-10 files are available).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CIFAR_SKIP_MESSAGE, findCifarDataDir } from '../data/helpers';
import { REPO_ROOT, assertInputError, runCli } from './helpers';

/** Runs the command lines two at a time and checks each is a one-line usage error. */
async function expectUsageErrors(runs: Array<[string[], RegExp, string]>): Promise<void> {
  for (let i = 0; i < runs.length; i += 2) {
    const batch = runs.slice(i, i + 2);
    const results = await Promise.all(batch.map(([args]) => runCli(args)));
    results.forEach((r, j) => assertInputError(r, batch[j][1], batch[j][2]));
  }
}

test('--help and help list the commands on stdout', async () => {
  const runs = await Promise.all([['--help'], ['-h'], ['help']].map((args) => runCli(args)));
  for (const r of runs) {
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /^Usage: qdistill <command>/);
    for (const c of ['circuit FILE', 'bench sim', 'data cifar10', 'help'])
      assert.ok(r.stdout.includes(c), `help lists ${c}`);
  }
});

test('command help: help COMMAND and COMMAND --help', async () => {
  const cases = [
    [['help', 'circuit'], 'Usage: qdistill circuit FILE'],
    [['circuit', '--help'], 'Usage: qdistill circuit FILE'],
    [['bench', '--help'], 'Usage: qdistill bench sim'],
    [['data', '-h'], 'Usage: qdistill data cifar10'],
  ] as const;
  const runs = await Promise.all(cases.map(([args]) => runCli([...args])));
  for (const [i, r] of runs.entries()) {
    const head = cases[i][1];
    assert.equal(r.code, 0, r.stderr);
    assert.ok(r.stdout.startsWith(head), r.stdout);
    assert.equal(r.stderr, '');
  }
});

test('--version prints the package version', async () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8'));
  const r = await runCli(['--version']);
  assert.equal(r.code, 0);
  assert.equal(r.stdout, `qdistill ${pkg.version}\n`);
});

test('unknown command or option: one stderr line with a usage hint, exit 2', async () => {
  await expectUsageErrors([
    [['frobnicate'], /unknown command 'frobnicate'.*run 'qdistill --help' for usage$/, 'qdistill: '],
    [['--frobnicate'],
      /unknown option '--frobnicate'; expected a command: circuit, bench, .*, help \(or --help, --version\)/,
      'qdistill: '],
    [['help', 'frobnicate'], /unknown command 'frobnicate'/, 'qdistill help: '],
    [['bench', 'sim', '--frobnicate'], /unknown option '--frobnicate' \(expected one of .*--json/, 'qdistill bench: '],
  ]);
});

test('no command: usage on stderr, exit 2', async () => {
  const r = await runCli([]);
  assert.equal(r.code, 2);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^Usage: qdistill <command>/);
});

test('bad option values are usage errors (exit 2) naming the option', async () => {
  await expectUsageErrors([
    [['bench', 'sim', '--batch', '0'], /option --batch: expected an integer ≥ 1, received 0/, 'qdistill bench: '],
    [['bench', 'sim', '--repeats'], /option --repeats: expected a value, received nothing/, 'qdistill bench: '],
    [['bench', 'sim', '--qubits=x'], /option --qubits: expected an integer, received 'x'/, 'qdistill bench: '],
    [['bench', 'gpu'], /unknown benchmark 'gpu'/, 'qdistill bench: '],
    [['bench', 'sim', '--backend', 'gpu'], /--backend: expected one of tensorflow, wasm, cpu or auto, received 'gpu'/,
      'qdistill bench: '],
    [['data'], /expected one dataset name/, 'qdistill data: '],
    [['data', 'imagenet'], /unknown dataset 'imagenet'/, 'qdistill data: '],
  ]);
});

test('data --data-dir: a file or an empty path is a usage error naming the option', async () => {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-main-')), 'a-file');
  fs.writeFileSync(file, 'x');
  const isFile = /--data-dir: expected a directory, .*a-file is a file$/;
  await expectUsageErrors([
    [['data', 'cifar10', '--data-dir', file], isFile, 'qdistill data: '],
    [['data', 'cifar10', `--data-dir=${path.join(file, 'sub')}`], isFile, 'qdistill data: '],
    [['data', 'cifar10', '--data-dir='], /--data-dir: expected a directory path, received ''$/, 'qdistill data: '],
  ]);
  fs.rmSync(path.dirname(file), { recursive: true, force: true });
});

test('--backend tensorflow without @tensorflow/tfjs-node names the missing optional package (exit 1)', async (t) => {
  try {
    require.resolve('@tensorflow/tfjs-node');
    t.skip('@tensorflow/tfjs-node is installed');
    return;
  } catch {
    // absent: the case under test
  }
  const r = await runCli(['bench', 'sim', '--backend', 'tensorflow', '--repeats', '1', '--warmup', '0']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /^qdistill bench: backend 'tensorflow' was requested but could not be loaded: /);
  assert.match(r.stderr, /: the optional package @tensorflow\/tfjs-node is not installed\n$/);
});

test('data cifar10 with verified files present: prints the folder, downloads nothing', async (t) => {
  const dir = findCifarDataDir();
  if (dir === null) {
    t.skip(CIFAR_SKIP_MESSAGE);
    return;
  }
  const r = await runCli(['data', 'cifar10', '--data-dir', dir]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, path.join(path.resolve(dir), 'cifar-10-batches-bin') + '\n');
  assert.match(r.stderr, /already present and verified/);
  assert.doesNotMatch(r.stderr, /Downloading/);
});
