/**
 * Stop requests (src/runs/interrupt.ts): SIGINT during `whileInterruptible` sets the stop flag;
 * `runDistillation` then checkpoints and returns; the program's own listeners and, in a tslab
 * kernel, tslab's (set aside until a second interrupt) are restored afterwards. The real
 * Jupyter interrupt is tested in test/notebooks/browser.test.ts.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { StopRequested, inTslabKernel, stopFlag, throwIfStopped, whileInterruptible } from '../../src/runs/interrupt';
import { runDistillation } from '../../src/runs/distill_run';
import { lockFile } from '../../src/runs/lock';
import { TEST_LIMIT, TRAIN_LIMIT, freshDir, metricsOf, tiny } from './helpers';

before(async () => {
  assert.ok(await tf.setBackend('wasm'));
});

test('SIGINT during runDistillation (no signal given) stops it after the ' +
  'iteration, checkpointed, unlocked', async () => {
  const dir = freshDir('stop');
  const listenersBefore = process.listenerCount('SIGINT');
  const out = await runDistillation(tiny({ seed: 21, checkpointEvery: 1000 }), dir, {
    trainLimit: TRAIN_LIMIT, testLimit: TEST_LIMIT, workers: 0,
    onProgress: (p) => {
      if (p.phase === 'distill' && p.iteration === 2) process.emit('SIGINT', 'SIGINT');
    },
  });
  assert.equal(out.status, 'interrupted');
  assert.equal(out.iteration, 2);
  assert.deepEqual(metricsOf(dir).iterations, [1, 2], 'nothing computed after the stop');
  const state = JSON.parse(fs.readFileSync(path.join(dir, 'checkpoint', 'state.json'), 'utf8'));
  assert.equal(state.iteration, 2, 'checkpoint at the stop (checkpointEvery is 1000)');
  assert.equal(fs.existsSync(lockFile(dir)), false);
  assert.equal(process.listenerCount('SIGINT'), listenersBefore, 'the SIGINT listener is removed');
  assert.equal(stopFlag.aborted, false, 'the request ends with the run');
  const again = { trainLimit: TRAIN_LIMIT, testLimit: TEST_LIMIT, workers: 0, resume: true };
  const resumed = await runDistillation(tiny({ seed: 21, checkpointEvery: 1000 }), dir, again);
  assert.equal(resumed.status, 'completed');
  assert.deepEqual(metricsOf(dir).iterations, [1, 2, 3, 4, 5, 6, 7, 8]);
});

test('outside a kernel the program\'s own SIGINT listener keeps working beside the stop request', async () => {
  assert.equal(inTslabKernel(), false);
  const seen: string[] = [];
  const own = () => seen.push('own');
  process.on('SIGINT', own);
  try {
    const ran = await whileInterruptible(async (stop) => {
      process.emit('SIGINT', 'SIGINT');
      process.emit('SIGINT', 'SIGINT'); // with a listener of its own, the program decides (no exit here)
      assert.equal(stop.aborted, true);
      assert.throws(() => throwIfStopped('job 2'),
        (e: Error) => e instanceof StopRequested && /^stopped before job 2; run the cell again/.test(e.message));
      return 'ran';
    });
    assert.equal(ran, 'ran', 'the callback ran to its end (its assertions were checked)');
    assert.deepEqual(seen, ['own', 'own']);
    assert.deepEqual(process.listeners('SIGINT'), [own], 'only the program\'s listener is left');
  } finally {
    process.off('SIGINT', own);
  }
});

test('in a tslab kernel, tslab\'s SIGINT listener is set aside until a second interrupt, then restored', async () => {
  require('tslab/dist/jupyter'); // what a kernel has loaded
  assert.equal(inTslabKernel(), true);
  const calls: string[] = [];
  const tslab = () => calls.push('tslab');
  process.on('SIGINT', tslab);
  const said: string[] = [];
  try {
    const ran = await whileInterruptible(async (stop) => {
      assert.deepEqual(process.listeners('SIGINT').includes(tslab), false, 'set aside while the loop runs');
      process.emit('SIGINT', 'SIGINT');
      assert.equal(stop.aborted, true);
      assert.deepEqual(calls, [], 'the first interrupt only requests the stop: the cell keeps waiting');
      assert.match(said.join('\n'),
        /stop requested: the current run finishes its iteration, saves a checkpoint and stops \(interrupt/);
      process.emit('SIGINT', 'SIGINT');
      assert.deepEqual(calls, ['tslab'], 'the second interrupt is tslab\'s: the cell stops waiting');
      return 'ran';
    }, (m) => said.push(m));
    assert.equal(ran, 'ran', 'the callback ran to its end (its assertions were checked)');
    assert.deepEqual(process.listeners('SIGINT'), [tslab], 'tslab\'s listener is back, ours gone');
    assert.equal(stopFlag.aborted, false);
  } finally {
    process.off('SIGINT', tslab);
  }
});
