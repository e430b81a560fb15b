/**
 * Checkpoints: exact save/load of the whole state, atomic replacement (a failed or crashed
 * save keeps the previous checkpoint loadable), and the checks on load (config hash, shapes,
 * damaged files).
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { DistillState, disposeState, initState } from '../../src/distill/loop';
import { CheckpointManifest, loadCheckpoint, readCheckpointManifest, saveCheckpoint } from '../../src/runs/checkpoint';
import { configHash } from '../../src/runs/config_compare';
import { RunSetupError } from '../../src/runs/errors';
import { Rng } from '../../src/util/rng';
import { freshDir, tiny } from './helpers';

before(async () => assert.ok(await tf.setBackend('wasm')));

const cfg = tiny();
const hash = configHash(cfg);

/** A state with non-trivial Adam moments at `iteration`, drawn from `seed`. */
function fakeState(iteration: number, seed: number): DistillState {
  const s = initState(cfg);
  const rng = new Rng(seed);
  const rand = (t: tf.Tensor) => tf.tensor(rng.normals(t.size), t.shape);
  const m = s.adam.m.map(rand), v = s.adam.v.map((t) => tf.tidy(() => tf.abs(rand(t))));
  tf.dispose([...s.adam.m, ...s.adam.v]);
  return { ...s, adam: { m, v, t: iteration }, iteration };
}

const values = (s: DistillState) => [s.images, s.rawLrs, ...s.adam.m, ...s.adam.v].map((t) => Array.from(t.dataSync()));

function save(dir: string, s: DistillState, hooks?: Parameters<typeof saveCheckpoint>[3]) {
  saveCheckpoint(dir, s, { configHash: hash, seed: cfg.seed, seconds: 1.5 }, hooks);
}

/** Loads the checkpoint and returns its iteration and values (tensors freed). */
function loaded(dir: string): { iteration: number; values: number[][]; t: number } {
  const ck = loadCheckpoint(dir, cfg, hash);
  assert.ok(ck, 'a checkpoint is found');
  const out = { iteration: ck.state.iteration, values: values(ck.state), t: ck.state.adam.t };
  disposeState(ck.state);
  return out;
}

test('save → load restores images, learning rates, Adam m, v, t and the iteration exactly; ' +
  'RNG state recorded', () => {
  const before = tf.memory().numTensors;
  const dir = path.join(freshDir(), 'checkpoint');
  fs.mkdirSync(path.dirname(dir));
  assert.equal(loadCheckpoint(dir, cfg, hash), null, 'no checkpoint yet');
  const s = fakeState(7, 1);
  save(dir, s);
  const back = loaded(dir);
  assert.deepEqual(back, { iteration: 7, values: values(s), t: 7 });
  const m = readCheckpointManifest(dir)!.manifest;
  assert.deepEqual(m.rng, { scheme: 'derived-seed', seed: cfg.seed, iteration: 7 });
  assert.equal(m.configHash, hash);
  assert.equal(m.seconds, 1.5);
  assert.deepEqual(m.tensors.images.shape, [2, 10, 28, 28, 1]);
  assert.equal(fs.statSync(path.join(dir, 'images.bin')).size, 2 * 10 * 28 * 28 * 4);
  disposeState(s);
  assert.equal(tf.memory().numTensors, before, 'no tensors leaked');
});

test('a save that fails (while writing, or at either rename) keeps the previous checkpoint loadable', () => {
  const dir = path.join(freshDir(), 'checkpoint');
  fs.mkdirSync(path.dirname(dir));
  const s1 = fakeState(3, 2), s2 = fakeState(6, 3);
  save(dir, s1);
  const v1 = values(s1);
  const boom = () => {
    throw new Error('simulated crash');
  };
  assert.throws(() => save(dir, s2, { afterFill: boom }), /simulated crash/);
  assert.deepEqual(loaded(dir).values, v1);
  for (const failAt of [1, 2]) {
    let calls = 0;
    const rename = (from: string, to: string) => (++calls === failAt ? boom() : fs.renameSync(from, to));
    assert.throws(() => save(dir, s2, { rename }), /simulated crash/);
    assert.equal(loaded(dir).iteration, 3, `rename ${failAt} failed: previous checkpoint kept`);
  }
  assert.deepEqual(fs.readdirSync(path.dirname(dir)), ['checkpoint'], 'no temporary folders left behind');
  save(dir, s2);
  assert.equal(loaded(dir).iteration, 6);
  disposeState(s1);
  disposeState(s2);
});

test('after a crash between the two renames (only checkpoint.old and a partial temporary folder) the ' +
  'previous checkpoint loads', () => {
  const parent = freshDir();
  const dir = path.join(parent, 'checkpoint');
  fs.mkdirSync(parent);
  const s1 = fakeState(4, 4), s2 = fakeState(8, 5);
  save(dir, s1);
  fs.renameSync(dir, `${dir}.old`);
  const partial = path.join(parent, '.checkpoint.tmp-123-0-0');
  fs.mkdirSync(partial);
  fs.writeFileSync(path.join(partial, 'images.bin'), Buffer.alloc(100));
  assert.deepEqual(loaded(dir), { iteration: 4, values: values(s1), t: 4 });
  save(dir, s2);
  assert.equal(loaded(dir).iteration, 8);
  assert.deepEqual(fs.readdirSync(parent), ['checkpoint'], 'stale folders removed by the next save');
  disposeState(s1);
  disposeState(s2);
});

test('load checks: another config, a changed shape, a damaged file', () => {
  const dir = path.join(freshDir(), 'checkpoint');
  fs.mkdirSync(path.dirname(dir));
  const s = fakeState(2, 6);
  save(dir, s);
  disposeState(s);
  const other = tiny({ lr: 0.02 });
  assert.throws(() => loadCheckpoint(dir, other, configHash(other)), (e: Error) => e instanceof RunSetupError &&
    /configHash: expected [0-9a-f]{64} \(the run's config\)/.test(e.message));
  const manifestFile = path.join(dir, 'state.json');
  const m = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as CheckpointManifest;
  fs.writeFileSync(manifestFile,
    JSON.stringify({ ...m, tensors: { ...m.tensors, images: { ...m.tensors.images, shape: [1, 10, 28, 28, 1] } } }));
  assert.throws(() => loadCheckpoint(dir, cfg, hash),
    /tensors\.images\.shape: expected \[2,10,28,28,1\] \(from the run's config\), received \[1,10,28,28,1\]/);
  fs.writeFileSync(manifestFile, JSON.stringify(m));
  const bin = path.join(dir, 'adam_v_1.bin');
  const bytes = fs.readFileSync(bin);
  bytes[0] ^= 0xff;
  fs.writeFileSync(bin, bytes);
  assert.throws(() => loadCheckpoint(dir, cfg, hash), /adam_v_1\.bin: expected sha256 [0-9a-f]{64} \(from state\.json\), received [0-9a-f]{64}; the checkpoint is damaged/);
});
