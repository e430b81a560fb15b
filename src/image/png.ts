/**
 * A minimal PNG encoder (no dependencies beyond node's zlib): 8-bit grayscale (colour type 0)
 * or RGB (colour type 2), not interlaced, filter type 0 (None) on every row. Chunks are
 * length + type + data + CRC-32 (ISO 3309, polynomial 0xEDB88320) of type and data.
 */
import * as zlib from 'zlib';

/** An 8-bit image: `data[(y·width + x)·channels + c]`, channels 1 (gray) or 3 (RGB). */
export interface RasterImage {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

let crcTable: Uint32Array | null = null;

function table(): Uint32Array {
  if (crcTable) return crcTable;
  crcTable = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    crcTable[n] = c >>> 0;
  }
  return crcTable;
}

/** CRC-32 of `bytes` (as used by PNG and zlib's crc32), an unsigned 32-bit integer. */
export function crc32(bytes: Uint8Array): number {
  const t = table();
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = t[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const out = Buffer.alloc(8 + data.length + 4);
  out.writeUInt32BE(data.length, 0);
  typeAndData.copy(out, 4);
  out.writeUInt32BE(crc32(typeAndData), 8 + data.length);
  return out;
}

/**
 * Encodes an image as PNG bytes.
 * @throws Error if the size is not a positive integer, channels is not 1 or 3, or the data
 *         length is not width·height·channels.
 */
export function encodePng(img: RasterImage): Buffer {
  const { width, height, channels, data } = img;
  for (const [k, v] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 0x7fffffff) throw new Error(`encodePng: expected ${k} to be a positive integer, received ${v}`);
  }
  if (channels !== 1 && channels !== 3) throw new Error(`encodePng: expected channels 1 (gray) or 3 (RGB), received ${channels}`);
  const rowBytes = width * channels;
  if (data.length !== rowBytes * height) {
    throw new Error(`encodePng: expected ${width}×${height}×${channels} = ${rowBytes * height} bytes, received ${data.length}`);
  }
  const raw = Buffer.alloc((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (rowBytes + 1)] = 0; // filter type None
    raw.set(data.subarray(y * rowBytes, (y + 1) * rowBytes), y * (rowBytes + 1) + 1);
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = channels === 1 ? 0 : 2; // colour type
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', zlib.deflateSync(raw, { level: 9 })), chunk('IEND', new Uint8Array(0))]);
}
