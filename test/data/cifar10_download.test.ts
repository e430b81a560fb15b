import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import * as tar from 'tar';
import { sha256Hex } from '../../src/data/checksum';
import { CIFAR10_BATCHES_DIR, CIFAR10_RECORD_BYTES, loadCifar10 } from '../../src/data/cifar10';
import { downloadCifar10 } from '../../src/data/cifar10_download';
import { DownloadProgress } from '../../src/data/http_download';
import { Rng } from '../../src/util/rng';
import { tempDir } from './helpers';

const FILES = ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin',
  'test_batch.bin'];
const RECORDS = 2;
const quiet = { onProgress: null, log: () => undefined } as const;

let work: string;
let archive: Buffer;
let otherLayout: Buffer;
let checksums: Record<string, string>;
let server: http.Server;
let base: string;
const hits: string[] = [];

/** Fake batch files: 2 records each, label of file k record r = (2k + r) mod 10, random pixels. */
function writeFakeBatches(dir: string): Record<string, string> {
  const rng = new Rng(99);
  const sums: Record<string, string> = {};
  FILES.forEach((name, k) => {
    const b = new Uint8Array(RECORDS * CIFAR10_RECORD_BYTES);
    for (let r = 0; r < RECORDS; r++) {
      b[r * CIFAR10_RECORD_BYTES] = (2 * k + r) % 10;
      for (let i = 1; i < CIFAR10_RECORD_BYTES; i++) b[r * CIFAR10_RECORD_BYTES + i] = rng.int(256);
    }
    fs.writeFileSync(path.join(dir, name), b);
    sums[name] = sha256Hex(b);
  });
  return sums;
}

before(async () => {
  work = tempDir('qd-dl-');
  const src = path.join(work, 'src');
  fs.mkdirSync(path.join(src, CIFAR10_BATCHES_DIR), { recursive: true });
  checksums = writeFakeBatches(path.join(src, CIFAR10_BATCHES_DIR));
  await tar.c({ gzip: true, file: path.join(work, 'fake.tar.gz'), cwd: src }, [CIFAR10_BATCHES_DIR]);
  archive = fs.readFileSync(path.join(work, 'fake.tar.gz'));
  fs.mkdirSync(path.join(src, 'other'));
  fs.writeFileSync(path.join(src, 'other', 'x.txt'), 'not cifar');
  await tar.c({ gzip: true, file: path.join(work, 'other.tar.gz'), cwd: src }, ['other']);
  otherLayout = fs.readFileSync(path.join(work, 'other.tar.gz'));

  server = http.createServer((req, res) => {
    hits.push(req.url ?? '');
    const send = (body: Buffer) => {
      res.writeHead(200, { 'content-type': 'application/gzip', 'content-length': body.length });
      // Several chunks so that progress is reported more than once.
      const step = Math.ceil(body.length / 4);
      for (let i = 0; i < body.length; i += step) res.write(body.subarray(i, i + step));
      res.end();
    };
    if (req.url === '/cifar.tar.gz') send(archive);
    else if (req.url === '/redirect') res.writeHead(302, { location: '/cifar.tar.gz' }).end();
    else if (req.url === '/other.tar.gz') send(otherLayout);
    else if (req.url === '/garbage') send(Buffer.from('this is not a gzip archive at all'.repeat(10)));
    else if (req.url === '/truncated') {
      res.writeHead(200, { 'content-length': archive.length });
      res.write(archive.subarray(0, archive.length >> 1), () => res.destroy());
    } else res.writeHead(404).end('not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // Bounded: the server stops on its own even if `after` never runs.
  setTimeout(() => server.close(), 60_000).unref();
});

after(() => {
  server.closeAllConnections();
  server.close();
  fs.rmSync(work, { recursive: true, force: true });
});

/** Entries of a data dir other than the final batches folder (temp leftovers, archives). */
function leftovers(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f !== CIFAR10_BATCHES_DIR) : [];
}

test('downloads (following a redirect), extracts, verifies and the result loads', async () => {
  const dataDir = path.join(work, 'ok');
  const events: DownloadProgress[] = [];
  const r = await downloadCifar10(dataDir,
    { url: `${base}/redirect`, checksums, onProgress: (p) => events.push(p), log: () => undefined });
  assert.deepEqual(r, { batchesDir: path.join(dataDir, CIFAR10_BATCHES_DIR), downloaded: true, bytes: archive.length });
  for (const f of FILES) assert.equal(sha256Hex(fs.readFileSync(path.join(r.batchesDir, f))), checksums[f]);
  assert.deepEqual(leftovers(dataDir), []);
  assert.ok(events.length >= 2, `progress events: ${events.length}`);
  const last = events[events.length - 1];
  assert.deepEqual([last.done, last.receivedBytes, last.totalBytes], [true, archive.length, archive.length]);

  const test_ = loadCifar10('test', { dataDir, recordsPerFile: RECORDS, checksums });
  assert.deepEqual(Array.from(test_.labels), [0, 1]);
  const train = loadCifar10('train', { dataDir, recordsPerFile: RECORDS, checksums });
  assert.deepEqual(Array.from(train.labels), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);

  const before = hits.length;
  const again = await downloadCifar10(dataDir, { url: `${base}/cifar.tar.gz`, checksums, ...quiet });
  assert.equal(again.downloaded, false);
  assert.equal(hits.length, before, 'valid files present: no request made');
});

test('an invalid existing folder is replaced by a verified download', async () => {
  const dataDir = path.join(work, 'replace');
  fs.mkdirSync(path.join(dataDir, CIFAR10_BATCHES_DIR), { recursive: true });
  fs.writeFileSync(path.join(dataDir, CIFAR10_BATCHES_DIR, 'test_batch.bin'), 'junk');
  const r = await downloadCifar10(dataDir, { url: `${base}/cifar.tar.gz`, checksums, ...quiet });
  assert.equal(r.downloaded, true);
  assert.equal(sha256Hex(fs.readFileSync(path.join(r.batchesDir, 'test_batch.bin'))), checksums['test_batch.bin']);
  assert.deepEqual(leftovers(dataDir), []);
});

test('a checksum mismatch fails, naming the file and both hashes, and leaves no files', async () => {
  const dataDir = path.join(work, 'mismatch');
  const wrong = { ...checksums, 'data_batch_3.bin': '0'.repeat(64) };
  await assert.rejects(
    downloadCifar10(dataDir, { url: `${base}/cifar.tar.gz`, checksums: wrong, ...quiet }), (e: Error) => {
    assert.match(e.message, /cifar-10-batches-bin\/data_batch_3\.bin .*sha256 mismatch: expected 0{64}, received/);
    assert.ok(e.message.includes(checksums['data_batch_3.bin']), 'actual hash is reported');
    return true;
  });
  assert.equal(fs.existsSync(path.join(dataDir, CIFAR10_BATCHES_DIR)), false);
  assert.deepEqual(leftovers(dataDir), []);
});

test('a download cut short leaves no partial or final file', async () => {
  const dataDir = path.join(work, 'cut');
  await assert.rejects(
    downloadCifar10(dataDir, { url: `${base}/truncated`, checksums, ...quiet }),
    /\/truncated: (download failed after \d+ of \d+ bytes|expected \d+ bytes \(Content-Length\))/,
  );
  assert.equal(fs.existsSync(path.join(dataDir, CIFAR10_BATCHES_DIR)), false);
  assert.deepEqual(leftovers(dataDir), []);
});

test('HTTP errors, non-archives and archives without cifar-10-batches-bin/ are reported', async () => {
  const dataDir = path.join(work, 'bad');
  await assert.rejects(downloadCifar10(dataDir, { url: `${base}/nope`, checksums, ...quiet }),
    /\/nope: expected HTTP 200, received 404/);
  await assert.rejects(downloadCifar10(dataDir, { url: `${base}/garbage`, checksums, ...quiet }),
    /\/garbage: expected a valid \.tar\.gz archive/);
  await assert.rejects(
    downloadCifar10(dataDir, { url: `${base}/other.tar.gz`, checksums, ...quiet }),
    /expected the archive to contain cifar-10-batches-bin\//,
  );
  await assert.rejects(downloadCifar10(dataDir, { url: 'ftp://127.0.0.1/x', checksums, ...quiet }),
    /expected an http: or https: URL/);
  assert.deepEqual(leftovers(dataDir), []);
});
