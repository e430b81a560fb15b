/**
 * Test helpers for the CLI (not a test file itself): runs `src/cli/main.ts` as a subprocess
 * through tsx, so the tests do not depend on dist/.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import assert from 'node:assert/strict';
export { maxAbsDiff, maxLooseDiff } from '../compare';
import { maxAbsDiff, maxLooseDiff } from '../compare';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');
export const MAIN = path.join(REPO_ROOT, 'src', 'cli', 'main.ts');
export const FIXTURE_PATH = path.join(REPO_ROOT, 'test', 'fixtures', 'pennylane_reference_cases.json');

/** Exit code, stdout and stderr of one CLI run. */
export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** QDISTILL_BACKEND for the child (default 'cpu'). */
  backend?: string;
  /** Written to the child's stdin (stdin is closed either way). */
  input?: string;
  env?: Record<string, string>;
}

/** Runs `node --import tsx src/cli/main.ts ...args` from the repository root. */
export function runCli(args: string[], opts: CliOptions = {}): Promise<CliRun> {
  const env: NodeJS.ProcessEnv = { ...process.env, QDISTILL_BACKEND: opts.backend ?? 'cpu', ...opts.env };
  delete env.NODE_TEST_CONTEXT; // the child is not a test file
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], { cwd: REPO_ROOT, env });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(opts.input ?? '');
  });
}

/** Asserts the input-error contract: exit 2, empty stdout, exactly one stderr line matching `pattern`. */
export function assertInputError(r: CliRun, pattern: RegExp, prefix = 'qdistill circuit: '): void {
  assert.equal(r.code, 2, `exit code; stderr: ${r.stderr}`);
  assert.equal(r.stdout, '', 'stdout must be empty');
  const lines = r.stderr.split('\n');
  assert.equal(lines.at(-1), '', 'stderr must end with a newline');
  assert.equal(lines.length, 2, `stderr must be exactly one line, received:\n${r.stderr}`);
  assert.ok(lines[0].startsWith(prefix), `stderr line must start with '${prefix}': ${lines[0]}`);
  assert.match(lines[0], pattern);
}

/** The fixture file (parsed fresh each call, so callers may modify it). */
export function loadFixture(): { meta: Record<string, unknown>; cases: FixtureCase[] } {
  return JSON.parse(fs.readFileSync(FIXTURE_PATH, 'utf8'));
}

/** One fixture case (only the fields the tests touch are typed). */
export interface FixtureCase {
  id: number;
  n_wires: number;
  embedding: { type: string; features: number[]; [k: string]: unknown };
  layers: { weights: number[][][]; [k: string]: unknown };
  observables: Array<{ kind: string; wires: number[]; matrix: number[][][] }>;
  expvals?: number[];
  grad_weights?: number[][][][];
  grad_features?: number[][];
  state?: number[][];
  [k: string]: unknown;
}

let tempRoot: string | null = null;
let tempCount = 0;

/** A temporary folder for this test process, removed when the process exits. */
export function tempDir(): string {
  if (tempRoot === null) {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-cli-'));
    tempRoot = root;
    process.on('exit', () => fs.rmSync(root, { recursive: true, force: true }));
  }
  return tempRoot;
}

/** Writes `value` (JSON-encoded unless a string) to a new temporary file and returns its path. */
export function writeTempJson(value: unknown, name = 'input.json'): string {
  const file = path.join(tempDir(), `${tempCount++}-${name}`);
  fs.writeFileSync(file, typeof value === 'string' ? value : JSON.stringify(value));
  return file;
}

/** Parses stdout as JSON lines. */
export function jsonLines(stdout: string): Array<Record<string, unknown>> {
  assert.ok(stdout.endsWith('\n'), 'stdout must end with a newline');
  return stdout.slice(0, -1).split('\n').map((l) => JSON.parse(l));
}


/** Asserts one output line matches the reference answers of a fixture case. */
export function assertMatchesCase(out: Record<string, unknown>, ref: FixtureCase): void {
  assert.deepEqual(Object.keys(out), ['id', 'expvals', 'grad_weights', 'grad_features']);
  assert.equal(out.id, ref.id);
  const e = maxAbsDiff(out.expvals, ref.expvals);
  const gw = maxLooseDiff(out.grad_weights, ref.grad_weights);
  const gf = maxLooseDiff(out.grad_features, ref.grad_features);
  assert.ok(e <= 1e-4, `case ${ref.id}: expvals off by ${e}`);
  assert.ok(gw <= 1e-3, `case ${ref.id}: grad_weights off by ${gw}`);
  assert.ok(gf <= 1e-3, `case ${ref.id}: grad_features off by ${gf}`);
}
