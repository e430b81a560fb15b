/**
 * `qdistill plan`, `run-plan` and `run-one` on bad input: usage errors (exit 2, one stderr line)
 * before anything is computed or written, and for run-one before the backend starts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { planRuns } from '../../src/experiments/notebook_runs';
import { profileNamed } from '../../src/results/profile';
import { writePlanFile } from '../../src/scale/plan_file';
import { assertInputError, runCli, tempDir } from './helpers';

// Never the tracked run cache: plan files and runs go to a temporary one.
const RUNS_DIR = path.join(tempDir(), 'runs');
process.env.QDISTILL_RUNS_DIR = RUNS_DIR;
const cli = (args: string[]) => runCli(args, { env: { QDISTILL_RUNS_DIR: RUNS_DIR } });

test('plan and run-plan: an empty --notebooks list is an error, not 0 runs', async () => {
  const cases: Array<[string[], string]> = [
    [['plan', '--notebooks', ','], ','],
    [['plan', '--notebooks', ''], ''],
    [['plan', '--notebooks=', '--json'], ''],
    [['run-plan', '--profile', 'quick', '--notebooks', ''], ''],
  ];
  const runs = await Promise.all(cases.map(([args]) => cli(args)));
  runs.forEach((r, i) => assertInputError(r, new RegExp(
    `option --notebooks: expected a non-empty comma-separated list of notebook names \\(e\\.g\\. 01,03\\), ` +
      `received '${cases[i][1]}'$`), `qdistill ${cases[i][0][0]}: `));
  assert.equal(fs.existsSync(RUNS_DIR), false, 'no plan file written');
});

test('run-plan --executor slurm: the local executor\'s --jobs and --workers are errors, not ignored', async () => {
  const runs = await Promise.all([
    cli(['run-plan', '--executor', 'slurm', '--jobs', '4', '--workers', '9']),
    cli(['run-plan', '--executor', 'slurm', '--workers', '1']),
  ]);
  assertInputError(runs[0], /option --jobs: only with --executor local \(its options --jobs, --workers\)/,
    'qdistill run-plan: ');
  assertInputError(runs[1], /option --workers: only with --executor local/, 'qdistill run-plan: ');
});

test('run-one: a bad plan file or index exits 2 before the backend starts', async () => {
  const file = writePlanFile('quick', planRuns(profileNamed('quick'), ['04']), 'test');
  const n = JSON.parse(fs.readFileSync(file, 'utf8')).runs.length;
  const cases: Array<[string[], RegExp]> = [
    [['run-one', path.join(tempDir(), 'none.json'), '0'], /none\.json: expected a readable JSON file, received ENOENT/],
    [['run-one', file, String(n)], new RegExp(`run index: expected 0 to ${n - 1}, received ${n}$`)],
    [['run-one', file, '-1'], /INDEX: expected a run index, a non-negative integer \(0, 1, …\), received '-1'$/],
    [['run-one', file, 'x'], /INDEX: expected a run index, a non-negative integer \(0, 1, …\), received 'x'$/],
  ];
  const runs = await Promise.all(cases.map(([args]) => cli(args)));
  runs.forEach((r, i) => assertInputError(r, cases[i][1], 'qdistill run-one: ')); // one line: no backend report
});
