/**
 * Run-directory locks (`src/runs/lock.ts`): one writer at a time, stale locks taken over (a
 * dead process on this host; an unrefreshed lock from another host), and a run or cached run
 * that finds its directory in use fails at once without touching it.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { distillCached, distillRunDir } from '../../src/experiments/run_cache';
import { runDistillation } from '../../src/runs/distill_run';
import { RunSetupError } from '../../src/runs/errors';
import { LOCK_SUFFIX, acquireRunLock, liveHolder, lockFile } from '../../src/runs/lock';
import { TEST_LIMIT, TRAIN_LIMIT, freshDir, tiny } from './helpers';

before(async () => {
  assert.ok(await tf.setBackend('wasm'));
});

const writeLock = (dir: string, info: Record<string, unknown>, ageSeconds = 0) => {
  fs.writeFileSync(lockFile(dir), JSON.stringify(info));
  const t = new Date(Date.now() - ageSeconds * 1000);
  fs.utimesSync(lockFile(dir), t, t);
};

test('one holder at a time; release frees it; the file names the holder', () => {
  const dir = freshDir('locked');
  const lock = acquireRunLock(dir);
  assert.equal(lock.file, dir + LOCK_SUFFIX);
  const info = JSON.parse(fs.readFileSync(lock.file, 'utf8'));
  assert.deepEqual([info.pid, info.host], [process.pid, os.hostname()]);
  assert.throws(() => acquireRunLock(dir), (e: Error) => e instanceof RunSetupError &&
    e.message.includes(`${dir} is in use by process ${process.pid} on ${os.hostname()}`) &&
    e.message.includes('two writers must not share a run'));
  lock.release();
  assert.equal(fs.existsSync(lock.file), false);
  lock.release(); // idempotent
  acquireRunLock(dir).release();
});

test('stale locks are taken over: a dead process here, an unrefreshed lock from another host', () => {
  const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  const deadPid = Number(dead.stdout.toString());
  const a = freshDir('dead-holder');
  writeLock(a, { pid: deadPid, host: os.hostname(), started: 'then' });
  assert.equal(liveHolder(lockFile(a)), null);
  acquireRunLock(a).release();

  const b = freshDir('other-host');
  writeLock(b, { pid: 1, host: 'node-17.cluster', started: 'then' }, 10);
  assert.throws(() => acquireRunLock(b, 600), /in use by process 1 on node-17\.cluster/);
  writeLock(b, { pid: 1, host: 'node-17.cluster', started: 'then' }, 700);
  acquireRunLock(b, 600).release();

  const c = freshDir('half-written');
  fs.writeFileSync(lockFile(c), '{"pid": 12'); // a holder that died while writing
  acquireRunLock(c).release();
});

test('runDistillation and distillCached fail at once on a run in use by another live ' +
  'process, touching nothing', async () => {
  const sleeper = spawn('sleep', ['60']);
  try {
    const dir = freshDir('busy');
    writeLock(dir, { pid: sleeper.pid, host: os.hostname(), started: 'now' });
    await assert.rejects(runDistillation(tiny(), dir, { trainLimit: TRAIN_LIMIT, testLimit: TEST_LIMIT, workers: 0 }),
      new RegExp(`in use by process ${sleeper.pid}`));
    assert.equal(fs.existsSync(dir), false, 'no run directory created');

    process.env.QDISTILL_RUNS_DIR = freshDir('cache');
    const o = { profile: 'quick', trainLimit: TRAIN_LIMIT, testLimit: TEST_LIMIT, workers: 0 };
    const cached = distillRunDir(tiny({ seed: 9 }), o);
    fs.mkdirSync(cached, { recursive: true });
    fs.writeFileSync(`${cached}/half-created`, ''); // what a cached run deletes when nobody holds it
    writeLock(cached, { pid: sleeper.pid, host: os.hostname(), started: 'now' });
    await assert.rejects(distillCached(tiny({ seed: 9 }), o), RunSetupError);
    assert.ok(fs.existsSync(`${cached}/half-created`), 'the other writer\'s folder is left alone');
  } finally {
    sleeper.kill();
  }
});

test('a run holds its lock while it computes and releases it at the end', async () => {
  const dir = freshDir('holds');
  const seen: { holder: ReturnType<typeof liveHolder> } = { holder: null };
  const r = await runDistillation(tiny({ epochs: 1 }), dir, {
    trainLimit: TRAIN_LIMIT, testLimit: TEST_LIMIT, workers: 0,
    onProgress: () => void (seen.holder ??= liveHolder(lockFile(dir))),
  });
  assert.equal(r.status, 'completed');
  assert.equal(seen.holder?.pid, process.pid);
  assert.equal(fs.existsSync(lockFile(dir)), false);
});
