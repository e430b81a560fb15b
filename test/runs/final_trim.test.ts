/**
 * A final set whose images the run store leaves out: `images.bin` becomes one `sha256sum` line
 * (checked against Node's own sha256 of the bytes written, and the hash of the empty file as
 * a known value); readers that need the images get an error that says how to recompute them;
 * readers of the rest (rates, result) read it unchanged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRunDir, readRunInfo, runPaths } from '../../src/runs/run_dir';
import { readDistilledSet, requireImages, writeFinalSet } from '../../src/runs/final_set';
import { TRIMMED_IMAGES_FILE, trimFinalImages, trimmedImagesSha } from '../../src/runs/final_trim';
import { sha256Hex } from '../../src/data/checksum';
import { RunSetupError } from '../../src/runs/errors';
import { stateShapes } from '../../src/runs/checkpoint';
import { sizeOf } from '../../src/runs/tensor_file';
import { freshDir, tiny } from './helpers';

const result = { iteration: 7, eval: { accuracies: [41, 43], mean: 42, std: 1 }, test_examples: 100, seeds: [1, 2],
  seconds: 3, configHash: '' };

/** A finished run under `<store>/standard/<id>` with known images and rates. */
function finishedRun(id: string) {
  const cfg = tiny();
  const root = path.join(freshDir('store'), 'standard', id);
  const info = createRunDir(root, cfg, cfg, 64);
  const images = Float32Array.from({ length: sizeOf(stateShapes(cfg).images) }, (_, i) => Math.sin(i));
  const rawLrs = Float32Array.from({ length: stateShapes(cfg).rawLrs[0] }, (_, i) => -2 + i / 8);
  writeFinalSet(runPaths(root).final, cfg, { images, rawLrs }, { ...result, configHash: info.configHash });
  return { cfg, root, images, rawLrs, hash: info.configHash };
}

test('trimFinalImages: one sha256sum line of the bytes, the images gone, the rest of final/ kept; twice is a no-op',
  () => {
    const { root, images } = finishedRun('mnist-x-s2-abc');
    const final = runPaths(root).final;
    const bytes = fs.readFileSync(path.join(final, 'images.bin'));
    assert.equal(bytes.length, images.length * 4);
    const expected = createHash('sha256').update(bytes).digest('hex');
    const before = fs.readdirSync(final).sort();
    assert.equal(trimFinalImages(final), bytes.length);
    assert.equal(fs.readFileSync(path.join(final, TRIMMED_IMAGES_FILE), 'utf8'), `${expected}  images.bin\n`);
    assert.deepEqual(fs.readdirSync(final).sort(), before.map((f) => (f === 'images.bin' ? TRIMMED_IMAGES_FILE : f))
      .sort());
    assert.equal(trimmedImagesSha(final), expected);
    assert.equal(trimFinalImages(final), 0, 'already trimmed');
    assert.equal(trimmedImagesSha(final), expected);
  });

test('sha256Hex (the hash trimFinalImages records): the known hash of the empty file', () => {
  const f = path.join(freshDir('empty'));
  fs.writeFileSync(f, '');
  assert.equal(sha256Hex(fs.readFileSync(f)), 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
});

test('readDistilledSet of a trimmed set: an error naming the run and how to recompute it; with trimmed allow, '
  + 'images null and the rates and iteration as written', () => {
  const { cfg, root, rawLrs, hash } = finishedRun('cifar10-x-s2-0123456789ab');
  const full = readDistilledSet(runPaths(root), cfg, hash);
  assert.ok(full.images.length > 0);
  trimFinalImages(runPaths(root).final);
  assert.throws(() => readDistilledSet(runPaths(root), cfg, readRunInfo(root).configHash), (e: Error) => {
    assert.ok(e instanceof RunSetupError);
    assert.match(e.message, /cifar10-x-s2-0123456789ab: the run store keeps this finished set's images only as/);
    assert.match(e.message, /node scripts\/run-queue\.js standard --only=cifar10-x-s2-0123456789ab/);
    return true;
  });
  const stored = readDistilledSet(runPaths(root), cfg, hash, { trimmed: 'allow' });
  assert.equal(stored.images, null);
  assert.deepEqual(Array.from(stored.rawLrs), Array.from(rawLrs));
  assert.deepEqual(stored.shape, full.shape);
  assert.equal(stored.iteration, 7);
  assert.throws(() => requireImages(stored, root), /final\/images\.bin\.sha256/);
  const present = readDistilledSet(runPaths(finishedRun('mnist-y-s1-abc').root), cfg, hash, { trimmed: 'allow' });
  assert.ok(present.images !== null && requireImages(present, root).images === present.images);
});

test('a malformed hash file, or neither file, is an error that says what was expected', () => {
  const { root } = finishedRun('mnist-z-s2-abc');
  const final = runPaths(root).final;
  fs.unlinkSync(path.join(final, 'images.bin'));
  assert.throws(() => trimFinalImages(final), /expected images\.bin or images\.bin\.sha256, found neither/);
  fs.writeFileSync(path.join(final, TRIMMED_IMAGES_FILE), 'abc  images.bin\n');
  assert.throws(() => trimmedImagesSha(final), /expected one line '<64 hex digits>  images\.bin'/);
});
