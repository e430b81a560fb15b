/**
 * `qdistill run-plan --executor local`: a tiny plan computed two runs at a time equals the same
 * runs computed one after the other in this process, bit for bit; Ctrl-C stops every run with
 * a checkpoint and the same command resumes them to the same bits; job sizing from the cores.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { runState } from '../../src/experiments/run_spec';
import { sizeLocal } from '../../src/scale/local';
import { MAIN, REPO_ROOT, runCli } from '../cli/helpers';
import { freshDir } from '../runs/helpers';
import { checkpointIteration, referenceSets, tinyPlan, tinySpecs, waitFor } from './helpers';

before(async () => {
  assert.ok(await tf.setBackend('wasm'));
  process.env.QDISTILL_RUNS_DIR = freshDir('cache');
});

const env = () => ({ QDISTILL_RUNS_DIR: process.env.QDISTILL_RUNS_DIR! });
/** SIGKILL for a child still running when its test ends (a failed assertion, a timeout). */
const killIfRunning = (child: ChildProcess) => {
  if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
};
const images = (dir: string) => fs.readFileSync(path.join(dir, 'final', 'images.bin'));

test('sizeLocal: runs at once and worker threads from the cores, never oversubscribed by default', () => {
  assert.deepEqual(sizeLocal(2, 10), { jobs: 2, workers: 0 });
  assert.deepEqual(sizeLocal(2, 1), { jobs: 1, workers: 1 });
  assert.deepEqual(sizeLocal(16, 3), { jobs: 3, workers: 4 });
  assert.deepEqual(sizeLocal(8, 10, 2), { jobs: 2, workers: 3 });
  assert.deepEqual(sizeLocal(8, 10, 4, 0), { jobs: 4, workers: 0 });
});

test('a tiny plan through --executor local --jobs 2 equals the runs computed one by one [wasm]', async () => {
  const specs = tinySpecs(4, 2);
  const plan = tinyPlan(specs, { 1: [0] }); // run 1 needs run 0
  const r = await runCli(['run-plan', '--plan-file', plan.file, '--executor', 'local', '--jobs', '2', '--workers', '0'],
    { backend: 'wasm', env: env() });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /4 of 4 runs to compute, 2 at a time with 0 worker thread\(s\) each/);
  assert.match(r.stderr, /4 completed, 0 stopped with a checkpoint, 0 failed/);
  assert.ok(r.stderr.includes('done [0]') && r.stderr.includes('started [1]'), r.stderr);
  // Run 1 needs run 0: its run directory (made when it starts) is younger than run 0's final result.
  // (Not the order of the log lines: run 0's result is on disk, and run 1 may start, before the
  // executor has read run 0's 'done' event from its output.)
  const finished0 = fs.statSync(path.join(plan.dirs[0], 'final', 'result.json')).mtimeMs;
  const created1 = fs.statSync(path.join(plan.dirs[1], 'config.json')).mtimeMs;
  assert.ok(created1 >= finished0, `run 1 started (${created1}) before run 0 was done (${finished0}):\n${r.stderr}`);
  const ref = await referenceSets(specs);
  plan.dirs.forEach(
    (d, i) => assert.ok(images(d).equals(ref[i]), `run ${i}: final set differs from the sequential run`));
  specs.forEach((s) => assert.equal(runState(s, 'quick').status, 'done'));
  const again = await runCli(['run-plan', '--plan-file', plan.file], { backend: 'wasm', env: env() });
  assert.equal(again.code, 0, again.stderr);
  assert.match(again.stderr, /all 4 runs are done; nothing to compute/);
});

test('run-one refuses a run whose prerequisites are not done, naming them [wasm]', async () => {
  const specs = tinySpecs(2, 1).map((s, i) => ({ ...s, cfg: { ...s.cfg, seed: 60 + i } }));
  const plan = tinyPlan(specs, { 1: [0] });
  const r = await runCli(['run-one', plan.file, '1'], { backend: 'wasm', env: env() });
  assert.equal(r.code, 1);
  assert.match(r.stderr,
    new RegExp(`run 1 \\(${path.basename(plan.dirs[1])}\\) needs ${path.basename(plan.dirs[0])} done first`));
  assert.equal(fs.existsSync(plan.dirs[1]), false);
});

test('SIGINT stops every run with a checkpoint (exit 130); ' +
  'the same command resumes them to the same bits [wasm]', async (t) => {
  const specs = tinySpecs(2, 6).map((s, i) => ({ ...s, cfg: { ...s.cfg, seed: 40 + i } }));
  const plan = tinyPlan(specs);
  const args = ['--import', 'tsx', MAIN, 'run-plan', '--plan-file', plan.file, '--jobs', '2', '--workers', '0'];
  const child = spawn(process.execPath, args,
    { cwd: REPO_ROOT, env: { ...process.env, ...env(), QDISTILL_BACKEND: 'wasm', NODE_TEST_CONTEXT: '' } });
  t.after(() => killIfRunning(child));
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await waitFor('both runs past their first checkpoint', () => plan.dirs.every((d) => checkpointIteration(d) >= 3));
  child.kill('SIGINT');
  assert.equal(await exited, 130, stderr);
  assert.match(stderr, /stopping every run at its next iteration with a checkpoint/);
  const stopped = plan.dirs.map(checkpointIteration);
  stopped.forEach((it) => assert.ok(it >= 3 && it < 24, `stopped at ${it}`));
  specs.forEach((s) => assert.equal(runState(s, 'quick').status, 'partial'));
  const r = await runCli(['run-plan', '--plan-file', plan.file, '--jobs', '2', '--workers', '0'],
    { backend: 'wasm', env: env() });
  assert.equal(r.code, 0, r.stderr);
  const ref = await referenceSets(specs);
  plan.dirs.forEach(
    (d, i) => assert.ok(images(d).equals(ref[i]), `run ${i}: the resumed run differs from the uninterrupted one`));
});

test('run-one on SIGUSR1 (Slurm\'s warning before the time limit): ' +
  'checkpoint, an interrupted event, exit 138 [wasm]', async (t) => {
  const specs = tinySpecs(1, 6).map((s) => ({ ...s, cfg: { ...s.cfg, seed: 70 } }));
  const plan = tinyPlan(specs);
  const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'run-one', plan.file, '0', '--workers', '0'],
    { cwd: REPO_ROOT, env: { ...process.env, ...env(), QDISTILL_BACKEND: 'wasm', NODE_TEST_CONTEXT: '' } });
  t.after(() => killIfRunning(child));
  let stdout = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  await waitFor('the run past its first checkpoint', () => checkpointIteration(plan.dirs[0]) >= 3);
  child.kill('SIGUSR1');
  assert.equal(await exited, 138);
  const events =
    stdout.trim().split('\n').map((l) => JSON.parse(l) as { event: string; iteration?: number; signal?: string });
  const last = events[events.length - 1];
  assert.equal(last.event, 'interrupted');
  assert.equal(last.signal, 'SIGUSR1');
  assert.equal(checkpointIteration(plan.dirs[0]), last.iteration, 'the checkpoint is where it stopped');
  assert.deepEqual(runState(specs[0], 'quick'), { status: 'partial', iteration: last.iteration });
});
