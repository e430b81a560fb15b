import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { CIFAR10_SHA256 } from '../../src/data/checksum';
import { CIFAR10_BATCHES_DIR, hasCifar10, loadCifar10 } from '../../src/data/cifar10';
import { countPerClass } from '../../src/data/dataset';
import { CIFAR_SKIP_MESSAGE, findCifarDataDir, tempDir } from './helpers';

const dataDir = findCifarDataDir();
const timings: Record<string, number> = {};

before(() => {
  if (dataDir === null) return;
  // Load (and verify) each split once for the whole file; later calls hit the cache.
  let t = Date.now();
  loadCifar10('test', { dataDir });
  timings.test = Date.now() - t;
  t = Date.now();
  loadCifar10('train', { dataDir });
  timings.train = Date.now() - t;
});

test('CIFAR-10 test split: 10000 images 32×32×3, 1000 per class, first labels', (t) => {
  if (dataDir === null) return t.skip(CIFAR_SKIP_MESSAGE);
  const ds = loadCifar10('test', { dataDir });
  assert.equal(ds.name, 'cifar10');
  assert.equal(ds.n, 10000);
  assert.deepEqual([ds.height, ds.width, ds.channels], [32, 32, 3]);
  assert.equal(ds.images.length, 10000 * 3072);
  assert.deepEqual(countPerClass(ds.labels), new Array(10).fill(1000));
  assert.deepEqual(Array.from(ds.labels.subarray(0, 10)), [3, 8, 8, 0, 6, 6, 1, 6, 3, 1]);
  assert.deepEqual(ds.mean, [0.4914, 0.4822, 0.4465]);
  assert.deepEqual(ds.std, [0.247, 0.243, 0.261]);
  t.diagnostic(`test split loaded + verified in ${timings.test} ms`);
});

test('CIFAR-10 train split: 50000 images, 5000 per class', (t) => {
  if (dataDir === null) return t.skip(CIFAR_SKIP_MESSAGE);
  const ds = loadCifar10('train', { dataDir });
  assert.equal(ds.n, 50000);
  assert.equal(ds.images.length, 50000 * 3072);
  assert.deepEqual(countPerClass(ds.labels), new Array(10).fill(5000));
  assert.equal(loadCifar10('train', { dataDir }), ds, 'second load is served from the cache');
  t.diagnostic(`train split loaded + verified in ${timings.train} ms`);
});

test('CHW records are converted to HWC pixels', (t) => {
  if (dataDir === null) return t.skip(CIFAR_SKIP_MESSAGE);
  const ds = loadCifar10('test', { dataDir });
  const raw = fs.readFileSync(path.join(dataDir, CIFAR10_BATCHES_DIR, 'test_batch.bin'));
  for (const [rec, y, x] of [[0, 0, 0], [0, 5, 17], [1, 31, 31], [9999, 12, 3]]) {
    const src = rec * 3073 + 1 + y * 32 + x;
    const dst = rec * 3072 + (y * 32 + x) * 3;
    assert.deepEqual(
      Array.from(ds.images.subarray(dst, dst + 3)),
      [raw[src], raw[src + 1024], raw[src + 2048]],
      `record ${rec} pixel (${y}, ${x})`,
    );
  }
});

test('a truncated batch file is rejected naming the file and the expected size', (t) => {
  if (dataDir === null) return t.skip(CIFAR_SKIP_MESSAGE);
  const tmp = tempDir('qd-cifar-trunc-');
  try {
    fs.mkdirSync(path.join(tmp, CIFAR10_BATCHES_DIR));
    const src = fs.readFileSync(path.join(dataDir, CIFAR10_BATCHES_DIR, 'test_batch.bin'));
    fs.writeFileSync(path.join(tmp, CIFAR10_BATCHES_DIR, 'test_batch.bin'), src.subarray(0, src.length - 1000));
    assert.throws(
      () => loadCifar10('test', { dataDir: tmp }),
      /test_batch\.bin: expected 30730000 bytes \(10000 records × 3073\), received 30729000 bytes \(truncated/,
    );
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('a batch file with one flipped byte fails the checksum (and loads with verify: false)', (t) => {
  if (dataDir === null) return t.skip(CIFAR_SKIP_MESSAGE);
  const tmp = tempDir('qd-cifar-flip-');
  try {
    fs.mkdirSync(path.join(tmp, CIFAR10_BATCHES_DIR));
    const bytes = Buffer.from(fs.readFileSync(path.join(dataDir, CIFAR10_BATCHES_DIR, 'test_batch.bin')));
    bytes[5000] ^= 0x01;
    fs.writeFileSync(path.join(tmp, CIFAR10_BATCHES_DIR, 'test_batch.bin'), bytes);
    assert.throws(() => loadCifar10('test', { dataDir: tmp }), (e: Error) => {
      assert.match(e.message, /test_batch\.bin: sha256 mismatch/);
      assert.ok(e.message.includes(`expected ${CIFAR10_SHA256['test_batch.bin']}`));
      assert.match(e.message, /received [0-9a-f]{64}/);
      return true;
    });
    const ds = loadCifar10('test', { dataDir: tmp, verify: false });
    const real = loadCifar10('test', { dataDir });
    assert.equal(ds.n, 10000);
    // File byte 5000 lies in record 1 (bytes 3073..6145): CHW offset p = 5000 − 3073 − 1 = 1926,
    // i.e. channel 1 (green), pixel 902; in HWC that is image 1, element 902·3 + 1.
    const p = 5000 - 3073 - 1;
    const c = Math.floor(p / 1024), pix = p % 1024;
    assert.deepEqual([c, pix], [1, 902]);
    const dst = 3072 + pix * 3 + c;
    assert.equal(ds.images[dst], real.images[dst] ^ 0x01);
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('missing data: the error says where it looked and how to download', () => {
  const tmp = tempDir('qd-cifar-empty-');
  try {
    assert.equal(hasCifar10(tmp), false);
    assert.throws(() => loadCifar10('train', { dataDir: tmp }), (e: Error) => {
      assert.ok(e.message.includes(path.join(tmp, CIFAR10_BATCHES_DIR)));
      assert.match(e.message, /data_batch_1\.bin/);
      assert.match(e.message, /from the dataDir option/);
      assert.match(e.message, /qdistill data cifar10/);
      assert.match(e.message, /downloadCifar10/);
      return true;
    });
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
