/**
 * A small independent PNG decoder for the tests (not a test file itself): checks the
 * signature and each chunk's CRC (node's zlib.crc32 when available, else a bitwise CRC-32),
 * reads IHDR, inflates IDAT and undoes the filters (None, Sub, Up, Average, Paeth) of 8-bit
 * gray or RGB images.
 */
import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';

function bitwiseCrc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) {
    c ^= b;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0xedb88320 : c >>> 1;
  }
  return (c ^ 0xffffffff) >>> 0;
}

const refCrc = (b: Uint8Array) =>
  ((zlib as unknown as { crc32?: (b: Uint8Array) => number }).crc32 ?? bitwiseCrc32)(b) >>> 0;

export interface DecodedPng {
  width: number;
  height: number;
  bitDepth: number;
  colorType: number;
  interlace: number;
  chunkTypes: string[];
  pixels: Uint8Array;
}

export function decodePng(png: Buffer): DecodedPng {
  assert.deepEqual(Array.from(png.subarray(0, 8)), [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'PNG signature');
  const chunkTypes: string[] = [];
  const idat: Buffer[] = [];
  let ihdr: Buffer | null = null;
  for (let off = 8; off < png.length; ) {
    const len = png.readUInt32BE(off);
    const type = png.subarray(off + 4, off + 8).toString('ascii');
    const data = png.subarray(off + 8, off + 8 + len);
    assert.equal(png.readUInt32BE(off + 8 + len), refCrc(png.subarray(off + 4, off + 8 + len)), `CRC of ${type}`);
    chunkTypes.push(type);
    if (type === 'IHDR') ihdr = data;
    if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  assert.ok(ihdr, 'IHDR present');
  const width = ihdr.readUInt32BE(0), height = ihdr.readUInt32BE(4);
  const bitDepth = ihdr[8], colorType = ihdr[9], interlace = ihdr[12];
  const bpp = ({ 0: 1, 2: 3, 4: 2, 6: 4 } as Record<number, number>)[colorType];
  assert.ok(bitDepth === 8 && bpp !== undefined,
    `8-bit grey, grey+alpha, RGB or RGBA expected, received bit depth ${bitDepth}, colour type ${colorType}`);
  const raw = zlib.inflateSync(Buffer.concat(idat));
  const stride = width * bpp;
  assert.equal(raw.length, (stride + 1) * height, 'inflated size');
  const pixels = new Uint8Array(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    for (let x = 0; x < stride; x++) {
      const v = raw[y * (stride + 1) + 1 + x];
      const a = x >= bpp ? pixels[y * stride + x - bpp] : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x] : 0;
      const c = x >= bpp && y > 0 ? pixels[(y - 1) * stride + x - bpp] : 0;
      const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
      const pred = [0, a, b, (a + b) >> 1, pa <= pb && pa <= pc ? a : pb <= pc ? b : c][filter];
      assert.ok(pred !== undefined, `filter type ${filter}`);
      pixels[y * stride + x] = (v + pred) & 0xff;
    }
  }
  return { width, height, bitDepth, colorType, interlace, chunkTypes, pixels };
}
