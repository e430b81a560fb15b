import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'zlib';
import { parseIdx, isGzip } from '../../src/data/idx';

/** A valid IDX ubyte file with dims [2, 3] and data 1..6. */
function validIdx(): Uint8Array {
  return Uint8Array.from([0, 0, 0x08, 2, 0, 0, 0, 2, 0, 0, 0, 3, 1, 2, 3, 4, 5, 6]);
}

test('a hand-made 2×3 ubyte file parses into dims and data', () => {
  const r = parseIdx(validIdx(), 'hand.idx');
  assert.deepEqual(r.dims, [2, 3]);
  assert.deepEqual(Array.from(r.data), [1, 2, 3, 4, 5, 6]);
});

test('multi-byte big-endian dimension sizes are decoded', () => {
  const n = 300; // 0x0000012c
  const bytes = new Uint8Array(8 + n);
  bytes.set([0, 0, 8, 1, 0, 0, 0x01, 0x2c]);
  for (let i = 0; i < n; i++) bytes[8 + i] = i % 256;
  const r = parseIdx(bytes, 'long.idx');
  assert.deepEqual(r.dims, [300]);
  assert.equal(r.data.length, 300);
  assert.equal(r.data[299], 299 % 256);
});

test('gzip-compressed files are decompressed first', () => {
  const gz = gzipSync(validIdx());
  assert.ok(isGzip(gz));
  assert.ok(!isGzip(validIdx()));
  const r = parseIdx(gz, 'hand.idx.gz');
  assert.deepEqual(r.dims, [2, 3]);
  assert.deepEqual(Array.from(r.data), [1, 2, 3, 4, 5, 6]);
});

test('wrong magic prefix is rejected naming the file', () => {
  const b = validIdx();
  b[0] = 0x12;
  assert.throws(() => parseIdx(b, 'bad-magic.idx'),
    /bad-magic\.idx.*expected magic number.*0x00 0x00.*received 0x12 0x00/);
});

test('unsupported and invalid type codes are rejected', () => {
  const b = validIdx();
  b[2] = 0x0c;
  assert.throws(() => parseIdx(b, 'int32.idx'),
    /int32\.idx: expected IDX type code 0x08 \(ubyte\), received 0x0c \(int32/);
  b[2] = 0x42;
  assert.throws(() => parseIdx(b, 'weird.idx'), /weird\.idx: .*received 0x42 \(not a valid IDX type code\)/);
});

test('truncated data, truncated header and oversized files are rejected with expected vs received', () => {
  const b = validIdx();
  assert.throws(() => parseIdx(b.subarray(0, 17), 'short.idx'),
    /short\.idx: truncated IDX file: expected 18 bytes.*received 17 bytes/);
  assert.throws(() => parseIdx(b.subarray(0, 9), 'hdr.idx'), /hdr\.idx: truncated IDX header: expected 12 bytes/);
  assert.throws(() => parseIdx(b.subarray(0, 3), 'tiny.idx'),
    /tiny\.idx: truncated IDX file: expected at least a 4-byte header, received 3/);
  const big = new Uint8Array(b.length + 1);
  big.set(b);
  assert.throws(() => parseIdx(big, 'big.idx'), /big\.idx: oversized IDX file: expected 18 bytes.*received 19 bytes/);
});

test('zero dimensions and zero-size dimensions are rejected', () => {
  assert.throws(() => parseIdx(Uint8Array.from([0, 0, 8, 0]), 'nodim.idx'),
    /nodim\.idx: expected at least 1 dimension/);
  const z = Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 0]);
  assert.throws(() => parseIdx(z, 'zero.idx'), /zero\.idx: expected dimension 0 to have size ≥ 1, received 0/);
});

test('corrupt gzip data is rejected naming the file', () => {
  const gz = gzipSync(validIdx());
  const cut = gz.subarray(0, gz.length - 6);
  assert.throws(() => parseIdx(cut, 'cut.idx.gz'), /cut\.idx\.gz: corrupt gzip data/);
});
