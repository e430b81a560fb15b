/**
 * `qdistill run-plan --executor slurm` on a real one-node Slurm cluster started by the test
 * (`slurm_cluster.ts`; skipped with the reason on a machine without root or Slurm): a tiny plan
 * of 4 runs in a job array with %2, and two faults while it computes:
 * 1. `kill -9` of one task's process (found with `scontrol listpids`) after its first
 *    checkpoint: Slurm does not requeue that, the executor must;
 * 2. the node taken down (`scontrol update nodename=… state=down`): Slurm requeues the running
 *    tasks; the test brings the node back and skips Slurm's requeue delay (`StartTime=now`).
 * Every run hit by a fault must resume from its checkpoint (iteration > 0), and every final set
 * must equal, bit for bit, the same run computed uninterrupted without any executor.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { MAIN, REPO_ROOT } from '../cli/helpers';
import { freshDir } from '../runs/helpers';
import { startCluster, slurmUnavailable } from './slurm_cluster';
import { checkpointIteration, referenceSets, tinyPlan, tinySpecs, waitFor } from './helpers';

const why = slurmUnavailable();
if (why !== null) console.log(`# skipping the Slurm executor test: ${why}`);

before(async () => {
  assert.ok(await tf.setBackend('wasm'));
  process.env.QDISTILL_RUNS_DIR = freshDir('cache');
});

test('Slurm executor: a 4-run job array with %2 survives kill -9 and a node going down; ' +
  'results equal uninterrupted runs [wasm]',
  { skip: why ?? false, timeout: 600000 }, async () => {
    const cluster = startCluster();
    const slurm = (...args: string[]) => {
      try {
        return execFileSync(args[0], args.slice(1),
          { env: cluster.env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
      } catch (e) {
        throw new Error(`${args.join(' ')}: ${(e as { stderr?: string }).stderr ?? (e as Error).message}`);
      }
    };
    // index → the task's own job id (array tasks are jobs of their own; listpids takes that id)
    const running = () =>
      new Map(slurm('squeue', '-h', '-r', '-t', 'RUNNING', '-o', '%i|%A').split('\n').filter(Boolean)
        .map((line) => [Number(line.split('|')[0].split('_')[1]), line.split('|')[1]] as [number, string]));
    let child: ChildProcess | null = null;
    let exited: Promise<number | null> = Promise.resolve(null);
    let passed = false;
    try {
      const specs = tinySpecs(4, 8);
      const plan = tinyPlan(specs, { 3: [0] }); // run 3 needs run 0: submitted once 0 is done
      const args = ['--import', 'tsx', MAIN, 'run-plan', '--plan-file', plan.file, '--executor', 'slurm',
        '--max-parallel', '2', '--cpus-per-task', '1', '--poll-seconds', '1'];
      const env = { ...cluster.env, QDISTILL_RUNS_DIR: process.env.QDISTILL_RUNS_DIR, QDISTILL_BACKEND: 'wasm',
        NODE_TEST_CONTEXT: '' };
      const executor = spawn(process.execPath, args, { cwd: REPO_ROOT, env });
      child = executor;
      let stderr = '';
      executor.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      exited = new Promise<number | null>((resolve) => executor.on('exit', resolve));
      const start = Date.now();
      const mark = (what: string) => console.log(`# ${((Date.now() - start) / 1000).toFixed(1)} s: ${what}`);

      // Fault 1: kill -9 a running task's qdistill process after its first checkpoint.
      let killed = -1;
      await waitFor('a running task past its first checkpoint', () => {
        for (const [i] of running()) if (checkpointIteration(plan.dirs[i]) >= 3) return (killed = i) >= 0;
        return false;
      });
      const task = running().get(killed)!;
      const pids = slurm('scontrol', 'listpids', task).split('\n').slice(1)
        .map((l) => Number(l.trim().split(/\s+/)[0]));
      const target = pids.find((p) => {
        try {
          return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').includes('run-one');
        } catch {
          return false;
        }
      });
      assert.ok(target, `no run-one process among the pids of ${task}: ${pids}`);
      process.kill(target!, 'SIGKILL');
      mark(`killed run ${killed} (pid ${target}) at checkpoint ${checkpointIteration(plan.dirs[killed])}`);
      await waitFor(`the executor requeueing task ${killed}`,
        () => /requeued \[\d+\]|resubmitted \[\d+\]/.test(stderr));

      // Fault 2: the node goes down while tasks run past a checkpoint; Slurm requeues them.
      let downed: number[] = [];
      await waitFor('running tasks past a checkpoint', () => {
        downed = [...running().keys()].filter((i) => checkpointIteration(plan.dirs[i]) >= 3);
        return downed.length > 0;
      });
      mark('executor requeued it');
      slurm('scontrol', 'update', `nodename=${cluster.node}`, 'state=down', 'reason=qdistill-test');
      mark(`node down with runs ${downed} running`);
      await waitFor('the node\'s tasks to leave the running state', () => downed.every((i) => !running().has(i)),
        60000);
      try {
        slurm('scontrol', 'update', `nodename=${cluster.node}`, 'state=resume');
      } catch {
        // ReturnToService=2 may have brought it back already when slurmd registered again
      }
      mark('node resumed');
      await waitFor('the node back in service', () => !/down|drain/.test(slurm('sinfo', '-h', '-o', '%T')), 60000);
      // Requeued tasks wait out a begin time (about 120 s); move it to now until they run again.
      const t0 = Date.now();
      await waitFor('the requeued tasks running again', () => {
        const pendingIds = slurm('squeue', '-h', '-r', '-t', 'PENDING', '-o', '%i|%r').split('\n')
          .filter((l) => /BeginTime/.test(l));
        for (const line of pendingIds) {
          try {
            slurm('scontrol', 'update', `jobid=${line.split('|')[0]}`, 'StartTime=now');
          } catch {
            // started meanwhile
          }
        }
        return pendingIds.length === 0 && Date.now() - t0 > 3000;
      }, 120000);

      mark('requeued tasks running');
      assert.equal(await exited, 0, stderr);
      mark('executor done');
      console.log(stderr.split('\n').filter((l) => /requeued|resubmitted|done|submitted/.test(l)).map((l) => `# ${l}`)
        .join('\n'));
      assert.match(stderr, /4 of 4 runs done/);
      assert.match(stderr, /submitted job array \d+ for runs 3 \(what they need is done\)/);
      // Every run hit by a fault resumed from its checkpoint (iteration > 0).
      const logs = fs.readdirSync(path.dirname(plan.file)).filter((f) => f.endsWith('.logs'))
        .map((f) => path.join(path.dirname(plan.file), f));
      const logOf = (i: number) => logs.flatMap((d) => fs.readdirSync(d).filter((f) => f.endsWith(`_${i}.out`))
        .map((f) => fs.readFileSync(path.join(d, f), 'utf8'))).join('\n');
      for (const i of new Set([killed, ...downed])) {
        const m = /resuming at iteration (\d+)\//.exec(logOf(i));
        assert.ok(m && Number(m[1]) > 0, `run ${i} did not resume from a checkpoint:\n${logOf(i).slice(-800)}`);
      }
      const ref = await referenceSets(specs);
      plan.dirs.forEach((d, i) => assert.ok(fs.readFileSync(path.join(d, 'final', 'images.bin')).equals(ref[i]),
        `run ${i} differs from the uninterrupted run`));
      passed = true;
    } finally {
      // The executor first (still running when an assertion failed), then the jobs, then the daemons.
      if (child !== null && child.exitCode === null && child.signalCode === null) {
        child.kill('SIGKILL');
        await exited;
      }
      try {
        execFileSync('scancel', ['--full', '-u', 'root'], { env: cluster.env });
      } catch {
        // nothing queued
      }
      cluster.stop(!passed);
      if (!passed) console.log(`# Slurm daemons' logs kept in ${cluster.dir}`);
    }
  });
