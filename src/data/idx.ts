/**
 * Parser for the IDX file format used by the raw MNIST files.
 *
 * Layout (all integers big-endian):
 *   byte 0..1  0x00 0x00            magic prefix
 *   byte 2     type code            only 0x08 (unsigned byte) is supported
 *   byte 3     number of dimensions d (≥ 1)
 *   4·d bytes  the d dimension sizes, uint32 each
 *   rest       product(dims) data values, row-major (last dimension fastest)
 *
 * gzip-compressed files (first bytes 0x1f 0x8b, as on the original MNIST site) are
 * decompressed with node's zlib before parsing.
 */
import { gunzipSync } from 'zlib';

/** A parsed IDX file. */
export interface IdxArray {
  /** Dimension sizes in file order, e.g. [60000, 28, 28] for MNIST training images. */
  dims: number[];
  /** product(dims) values, row-major (C order), as stored in the file. */
  data: Uint8Array;
}

const IDX_TYPE_NAMES: Readonly<Record<number, string>> = {
  0x08: 'ubyte',
  0x09: 'signed byte',
  0x0b: 'int16',
  0x0c: 'int32',
  0x0d: 'float32',
  0x0e: 'float64',
};

/** True if `bytes` starts with the gzip magic number 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

function hex(b: number): string {
  return '0x' + b.toString(16).padStart(2, '0');
}

/**
 * Parses an IDX file of unsigned bytes (type code 0x08).
 *
 * @param bytes    the whole file content, raw or gzip-compressed
 * @param fileName used in error messages only
 * @returns the dimension sizes and the data. `data` is a view into `bytes` (or into the
 *          decompressed buffer) — copy it if `bytes` will be modified afterwards.
 * @throws Error naming `fileName` and stating expected vs received when the magic number,
 *         type code, dimension count or sizes are invalid, or the byte length is not
 *         exactly header + product(dims).
 */
export function parseIdx(bytes: Uint8Array, fileName: string): IdxArray {
  let raw = bytes;
  if (isGzip(bytes)) {
    try {
      raw = gunzipSync(bytes);
    } catch (e) {
      throw new Error(`${fileName}: corrupt gzip data (${(e as Error).message})`);
    }
  }
  if (raw.length < 4) {
    throw new Error(`${fileName}: truncated IDX file: expected at least a 4-byte header, received ${raw.length} bytes`);
  }
  if (raw[0] !== 0 || raw[1] !== 0) {
    throw new Error(
      `${fileName}: not an IDX file: expected magic number to start with 0x00 0x00, ` +
        `received ${hex(raw[0])} ${hex(raw[1])}`,
    );
  }
  const type = raw[2];
  if (type !== 0x08) {
    const known = IDX_TYPE_NAMES[type];
    throw new Error(
      `${fileName}: expected IDX type code 0x08 (ubyte), received ${hex(type)} ` +
        (known ? `(${known}, not supported)` : '(not a valid IDX type code)'),
    );
  }
  const nd = raw[3];
  if (nd < 1) {
    throw new Error(`${fileName}: expected at least 1 dimension in the IDX header, received 0`);
  }
  const headerLen = 4 + 4 * nd;
  if (raw.length < headerLen) {
    throw new Error(
      `${fileName}: truncated IDX header: expected ${headerLen} bytes for ${nd} dimensions, ` +
        `received ${raw.length} bytes in total`,
    );
  }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength);
  const dims: number[] = [];
  let count = 1;
  for (let i = 0; i < nd; i++) {
    const d = view.getUint32(4 + 4 * i, false);
    if (d === 0) {
      throw new Error(`${fileName}: expected dimension ${i} to have size ≥ 1, received 0`);
    }
    dims.push(d);
    count *= d;
  }
  const expected = headerLen + count;
  if (raw.length !== expected) {
    const what = raw.length < expected ? 'truncated' : 'oversized';
    throw new Error(
      `${fileName}: ${what} IDX file: expected ${expected} bytes (header ${headerLen} + ` +
        `${dims.join('×')} values), received ${raw.length} bytes`,
    );
  }
  const data = new Uint8Array(raw.buffer, raw.byteOffset + headerLen, count);
  return { dims, data };
}
