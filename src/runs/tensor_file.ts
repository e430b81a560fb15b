/**
 * Float32 arrays as little-endian binary files, with a sha256 to detect damaged files.
 */
import { createHash } from 'crypto';
import * as os from 'os';

const LITTLE_ENDIAN = os.endianness() === 'LE';

/** The bytes of `values` as float32 little-endian (a copy on big-endian hosts). */
export function float32ToLE(values: Float32Array): Buffer {
  if (LITTLE_ENDIAN) return Buffer.from(values.buffer, values.byteOffset, values.byteLength);
  const out = Buffer.alloc(values.length * 4);
  values.forEach((v, i) => out.writeFloatLE(v, 4 * i));
  return out;
}

/**
 * Float32 values from little-endian bytes.
 * @param what names the source in errors (e.g. the file)
 * @throws Error if the byte count is not 4·`expected` (when given) or not a multiple of 4.
 */
export function float32FromLE(bytes: Uint8Array, what: string, expected?: number): Float32Array {
  if (bytes.length % 4 !== 0 || (expected !== undefined && bytes.length !== 4 * expected)) {
    throw new Error(
      `${what}: expected ${expected === undefined ? 'a multiple of 4' : 4 * expected} bytes (float32), ` +
        `received ${bytes.length}`,
    );
  }
  const out = new Float32Array(bytes.length / 4);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < out.length; i++) out[i] = view.getFloat32(4 * i, true);
  return out;
}

/** Lower-case hex sha256 of `bytes`. */
export function sha256(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Number of elements of a tensor shape. */
export const sizeOf = (shape: readonly number[]) => shape.reduce((a, b) => a * b, 1);
