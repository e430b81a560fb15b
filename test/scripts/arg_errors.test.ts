/**
 * The run-store scripts on bad arguments: exit 2 and a message saying what was expected and what
 * was received, before anything is computed; --help prints the usage and exits 0.
 *
 * Safe beside the background lanes: every command either has bad arguments or is a dry run
 * (`run-queue.js --dry-run`, `store-distill.js --check`), with QDISTILL_RUNS_DIR in a scratch
 * folder. lanes.sh runs from a scratch checkout (scripts/ and dist/ linked in, an empty runstore/)
 * whose PATH has stubs for pgrep (finds nothing), and for pkill and nohup (record the call, start
 * nothing): so even a regression that let bad arguments through would start or stop no run.
 * Needs `make build` first (dist/).
 */
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
const TIMEOUT_MS = 60_000;

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let scratch = '';
/** Where the stubs note their calls. */
const calls = () => path.join(scratch, 'stub-calls');

before(() => {
  assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'experiments', 'index.js')),
    'expected dist/experiments/index.js: run `make build` first');
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-script-args-'));
  for (const name of ['dist', 'scripts', 'node_modules', 'package.json']) {
    fs.symlinkSync(path.join(ROOT, name), path.join(scratch, name));
  }
  fs.mkdirSync(path.join(scratch, 'runstore'));
  const bin = path.join(scratch, 'bin');
  fs.mkdirSync(bin);
  fs.writeFileSync(path.join(bin, 'pgrep'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
  for (const name of ['pkill', 'nohup']) {
    fs.writeFileSync(path.join(bin, name), `#!/bin/sh\necho "${name} $*" >> "${calls()}"\nexit 0\n`, { mode: 0o755 });
  }
});

after(() => fs.rmSync(scratch, { recursive: true, force: true }));

function run(command: string, args: string[], env: Record<string, string> = {}): Run {
  const e: NodeJS.ProcessEnv = {
    ...process.env,
    QDISTILL_RUNS_DIR: path.join(scratch, 'run-cache'),
    PATH: `${path.join(scratch, 'bin')}${path.delimiter}${process.env.PATH ?? ''}`,
  };
  delete e.NODE_TEST_CONTEXT; // the scripts are not test files
  delete e.QDISTILL_WORKERS;
  Object.assign(e, env);
  const r = spawnSync(command, args, { cwd: scratch, env: e, encoding: 'utf8', timeout: TIMEOUT_MS });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const storeDistill = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ['scripts/store-distill.js', ...args], env);
const runQueue = (args: string[], env: Record<string, string> = {}) =>
  run(process.execPath, ['scripts/run-queue.js', ...args], env);
const lanes = (args: string[]) => run('bash', ['scripts/lanes.sh', ...args]);

/** Exit 2, nothing on stdout, `message` and then the usage on stderr. */
function assertUsageError(r: Run, message: RegExp, usage: RegExp): void {
  assert.equal(r.code, 2, `expected exit code 2, received ${r.code}; stderr: ${r.stderr}`);
  assert.equal(r.stdout, '', 'expected nothing on stdout');
  assert.match(r.stderr, message);
  assert.match(r.stderr, usage);
}

function assertHelp(r: Run, usage: RegExp): void {
  assert.equal(r.code, 0, `expected exit code 0, received ${r.code}; stderr: ${r.stderr}`);
  assert.match(r.stdout, usage);
  assert.equal(r.stderr, '');
}

const SD_USAGE = /usage: node scripts\/store-distill\.js mnist\|cifar10 VARIANT\|MODEL_JSON SEED \[PROFILE\]/;
const RQ_USAGE = /usage: node scripts\/run-queue\.js \[standard\|paper\|quick\] \[--dry-run\]/;
const LANES_USAGE =
  /usage: scripts\/lanes\.sh start .* \| store ARGS\.\.\. \| only PROFILE ID\[,ID…\] \| stop \| status \[--all\] \| --help\n/;

describe('scripts/store-distill.js', () => {
  test('--help and -h print the usage and exit 0', () => {
    assertHelp(storeDistill(['--help']), SD_USAGE);
    assertHelp(storeDistill(['mnist', '-h']), SD_USAGE);
  });

  test('a wrong number of arguments, an unknown option: exit 2', () => {
    assertUsageError(storeDistill([]),
      /^store-distill: expected 3 or 4 arguments \(DATASET VARIANT SEED \[PROFILE\]\), received 0\n/, SD_USAGE);
    assertUsageError(storeDistill(['mnist', 'classical', '0', 'standard', 'extra']),
      /^store-distill: expected 3 or 4 arguments .*, received 5; extra: 'extra'\n/, SD_USAGE);
    assertUsageError(storeDistill(['mnist', 'classical', '0', 'standard', '--json']),
      /^store-distill: unknown option '--json'; expected --learn-labels, --method=.*, --epochs=N, --check/, SD_USAGE);
    assertUsageError(storeDistill(['mnist', 'classical', '0', 'standard', '--epochs=1', '--epochs=2']),
      /^store-distill: --epochs given twice: --epochs=1 and --epochs=2\n/, SD_USAGE);
  });

  test('each bad argument is named, with what was expected and what was received', () => {
    const cases: Array<[string[], RegExp]> = [
      [['svhn', 'classical', '0'], /^store-distill: DATASET: expected mnist or cifar10, received 'svhn'\n/],
      [['mnist', 'clasical', '0'], /^store-distill: VARIANT: expected one of classical, .* received 'clasical'\n/],
      [['mnist', '{"kind": quantum_lenet}', '0', 'standard'],
        /^store-distill: MODEL_JSON: expected a JSON object, received '\{"kind": quantum_lenet\}' \(.*JSON.*\)\n/],
      [['mnist', '{"kind": "bogus"}', '0', 'quick'], /^store-distill: model\.kind: expected .*received "bogus"\n/],
      [['mnist', 'classical', 'x'], /^store-distill: SEED: expected a non-negative integer, received 'x'\n/],
      [['mnist', 'classical', '0', 'standrad'],
        /^store-distill: PROFILE \(argument 4\): expected one of quick, standard, paper, received 'standrad'\n/],
      [['mnist', 'classical', '0', 'standard', '--epochs=abc'],
        /^store-distill: --epochs: expected a positive integer, received 'abc'\n/],
      [['mnist', 'classical', '0', 'standard', '--epochs=0'],
        /^store-distill: --epochs: expected a positive integer, received '0'\n/],
      [['mnist', 'classical', '0', 'standard', '--method=fast'],
        /^store-distill: --method: expected one of paper, soft, truncated, both, received 'fast'\n/],
      [['mnist', 'classical', '0', 'standard', '--method=soft', '--learn-labels'],
        /^store-distill: expected --learn-labels or --method=M, not both/],
    ];
    for (const [args, message] of cases) assertUsageError(storeDistill(args), message, SD_USAGE);
  });

  test('QDISTILL_WORKERS must be a non-negative integer', () => {
    for (const workers of ['abc', '-3', '1.5']) {
      assertUsageError(storeDistill(['mnist', 'classical', '0', 'quick', '--check'], { QDISTILL_WORKERS: workers }),
        new RegExp(`^store-distill: QDISTILL_WORKERS: expected a non-negative integer .*received '${workers}'\\n`),
        SD_USAGE);
    }
  });

  test('--check validates, prints the run folder and computes nothing', () => {
    const r = storeDistill(['mnist', 'q-authors', '2', 'standard', '--learn-labels', '--epochs=71', '--check'],
      { QDISTILL_WORKERS: '0' });
    assert.equal(r.code, 0, r.stderr);
    // The run folder of the soft-label run beyondStoreRows reads (test/experiments/beyond_store.test.ts).
    const dir = path.join(scratch, 'run-cache', 'standard',
      'mnist-quantum-hermitian-res-frozen-real-beta0.5-fixed-s2-a1522facaefa');
    assert.equal(r.stdout, `store-distill: arguments valid; would start ${dir}\n`);
    assert.equal(fs.existsSync(path.join(scratch, 'run-cache')), false, 'expected nothing written');
  });
});

describe('scripts/run-queue.js', () => {
  test('an unknown option, two profiles, an unknown profile: exit 2 with the usage', () => {
    assertUsageError(runQueue(['quick', '--dry-run', '--json']),
      /^run-queue: unknown option '--json'; expected --dry-run, --only=ID\[,ID…\] or --help\n/, RQ_USAGE);
    assertUsageError(runQueue(['quick', 'paper', '--dry-run']),
      /^run-queue: expected at most one profile name \(standard, paper or quick\), received 2: 'quick' 'paper'\n/,
      RQ_USAGE);
    assertUsageError(runQueue(['quik', '--dry-run']),
      /^run-queue: expected a profile name \(standard, paper or quick\), received 'quik'\n/, RQ_USAGE);
  });

  test('QDISTILL_WORKERS must be a non-negative integer', () => {
    for (const workers of ['abc', '-3']) {
      assertUsageError(runQueue(['quick', '--dry-run'], { QDISTILL_WORKERS: workers }),
        new RegExp(`^run-queue: QDISTILL_WORKERS: expected a non-negative integer .*received '${workers}'\\n`),
        RQ_USAGE);
    }
  });

  test('--help prints the usage and exits 0', () => assertHelp(runQueue(['--help']), RQ_USAGE));

  test('--only: bad lists and ids of no run exit 2; a good one keeps only the matching runs, in queue order', () => {
    assertUsageError(runQueue(['quick', '--dry-run', '--only=a,,b']),
      /^run-queue: --only: expected run ids \(or parts of them\) separated by commas, received '--only=a,,b'\n/,
      RQ_USAGE);
    assertUsageError(runQueue(['quick', '--dry-run', '--only=a', '--only=b']),
      /^run-queue: --only: expected it once, received 2 times\n/, RQ_USAGE);
    assertUsageError(runQueue(['quick', '--dry-run', '--only=train-mnist-classical,no-such-run']),
      /^run-queue: --only: no run of the quick queue \(\d+ runs\) has an id containing 'no-such-run'; /, RQ_USAGE);
    const r = runQueue(['quick', '--dry-run', '--only=train-mnist-classical-s0,train-cifar10-classical-s0']);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines[0], '2 of 2 runs left, in queue order (hours on the reference machine)');
    assert.match(lines[1], / absent {3}train-mnist-classical-s0-[0-9a-f]{12} {2}\(01-table1-mnist\.ipynb\)$/);
    assert.match(lines[2], / absent {3}train-cifar10-classical-s0-[0-9a-f]{12} {2}\(02-table1-cifar10\.ipynb\)$/);
    assert.equal(lines.length, 3);
  });
});

/** The stub calls once a line has landed (polls up to 20 s; '' if none did). */
function waitForCalls(): string {
  for (let waited = 0; waited < 20_000; waited += 50) {
    const text = fs.existsSync(calls()) ? fs.readFileSync(calls(), 'utf8') : '';
    if (text.endsWith('\n')) return text;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
  }
  return '';
}

describe('scripts/lanes.sh', () => {
  const nothingStarted = () =>
    assert.equal(fs.existsSync(calls()), false, `expected no nohup or pkill call: ${fs.existsSync(calls())
      ? fs.readFileSync(calls(), 'utf8') : ''}`);

  test('--help and -h print the usage on stdout and exit 0', () => {
    assertHelp(lanes(['--help']), LANES_USAGE);
    assertHelp(lanes(['-h']), LANES_USAGE);
  });

  test('status takes nothing or --all', () => {
    assertUsageError(lanes(['status', '--bogus']),
      /^lanes: status expects nothing or --all, received '--bogus'\n/, LANES_USAGE);
    assertUsageError(lanes(['status', 'x', 'y']), /^lanes: status expects nothing or --all, received 'x' 'y'\n/,
      LANES_USAGE);
    assertUsageError(lanes(['status', '--all', '--all']), /^lanes: status expects nothing or --all/, LANES_USAGE);
    for (const args of [['status'], ['status', '--all'], []]) {
      const r = lanes(args);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^lanes: none running\n/);
    }
  });

  test('an unknown command: exit 2 with the usage', () => {
    assertUsageError(lanes(['statsu']),
      /^lanes: expected a command start, store, only, stop, status or --help, received 'statsu'\n/, LANES_USAGE);
  });

  test('only with a wrong number of arguments, a bad profile or ids of no run fails at once (exit 2), ' +
    'starts nothing', () => {
    assertUsageError(lanes(['only', 'standard']),
      /^lanes: only expects a profile and run ids \(ID\[,ID…\]\), received 'standard'\n/, LANES_USAGE);
    const cases: Array<[string[], RegExp]> = [
      [['standrad', 'x'], /run-queue: expected a profile name \(standard, paper or quick\), received 'standrad'/],
      [['quick', 'no-such-run'], /run-queue: --only: no run of the quick queue \(\d+ runs\) has an id containing 'no-such-run'/],
      [['quick', 'a,,b'], /run-queue: --only: expected run ids \(or parts of them\) separated by commas/],
    ];
    for (const [args, message] of cases) {
      const r = lanes(['only', ...args]);
      assert.equal(r.code, 2, `${args.join(' ')}: expected exit 2, received ${r.code}; stderr: ${r.stderr}`);
      assert.match(r.stderr, message);
      assert.match(r.stderr, /lanes: not started: only expects run-queue\.js's profile and --only ids \(above\)/);
    }
    nothingStarted();
  });

  test('only with good ids starts one lane: run-queue.js --only, nice 19, one thread, its own log', () => {
    const r = lanes(['only', 'quick', 'train-mnist-classical-s0']);
    try {
      assert.equal(r.code, 0, r.stderr);
      assert.equal(r.stdout, 'lanes: started node scripts/run-queue.js quick --only=train-mnist-classical-s0, ' +
        'log runstore/.log-queue-only-train-mnist-classical-s0\n');
      // The lane starts in the background: its stub call lands after lanes.sh returns.
      assert.equal(waitForCalls(),
        'nohup nice -n 19 node scripts/run-queue.js quick --only=train-mnist-classical-s0\n');
    } finally {
      fs.rmSync(calls(), { force: true });
    }
  });

  test('store with bad arguments fails at once (exit 2) and starts nothing', () => {
    const cases: Array<[string[], RegExp]> = [
      [[], /store-distill: expected 3 or 4 arguments .*received 0\n/],
      [['mnist', 'classical', '0', 'standrad'], /store-distill: PROFILE \(argument 4\): expected one of/],
      [['mnist', 'classical', '0', 'quick', '--epochs=abc'], /--epochs: expected a positive integer, received 'abc'/],
      [['mnist', 'classical', '0', 'quick', 'extra'], /received 5; extra: 'extra'\n/],
    ];
    for (const [args, message] of cases) {
      const r = lanes(['store', ...args]);
      assertUsageError(r, message, SD_USAGE);
      assert.match(r.stderr, /lanes: not started: store expects store-distill\.js's arguments \(above\), received/);
      assert.doesNotMatch(r.stdout + r.stderr, /lanes: started/);
    }
    nothingStarted();
  });

  test("store --help prints store-distill.js's usage and starts nothing", () => {
    assertHelp(lanes(['store', '--help']), SD_USAGE);
    nothingStarted();
  });
});
