/**
 * PNG encoding with pngjs: 8-bit grayscale (colour type 0) or RGB (colour type 2), not
 * interlaced, filter type 0 (None) on every row, one IDAT chunk deflated at level 9 with the
 * default strategy — byte for byte the files of the hand-written encoder this replaced.
 */
import { PNG } from 'pngjs';

/** An 8-bit image: `data[(y·width + x)·channels + c]`, channels 1 (gray) or 3 (RGB). */
export interface RasterImage {
  width: number;
  height: number;
  channels: 1 | 3;
  data: Uint8Array;
}

/** zlib's Z_DEFAULT_STRATEGY; pngjs defaults to Z_RLE, which gives other (valid) bytes than the committed figures. */
const Z_DEFAULT_STRATEGY = 0;

/**
 * Encodes an image as PNG bytes.
 * @throws Error if the size is not a positive integer, channels is not 1 or 3, or the data
 *         length is not width·height·channels.
 */
export function encodePng(img: RasterImage): Buffer {
  const { width, height, channels, data } = img;
  for (const [k, v] of [['width', width], ['height', height]] as const) {
    if (!Number.isInteger(v) || v < 1 || v > 0x7fffffff) {
      throw new Error(`encodePng: expected ${k} to be a positive integer, received ${v}`);
    }
  }
  if (channels !== 1 && channels !== 3) {
    throw new Error(`encodePng: expected channels 1 (gray) or 3 (RGB), received ${channels}`);
  }
  if (data.length !== width * height * channels) {
    const n = width * height * channels;
    throw new Error(`encodePng: expected ${width}×${height}×${channels} = ${n} bytes, received ${data.length}`);
  }
  const colorType = channels === 1 ? 0 : 2;
  // pngjs reads only width, height and data of the image it writes.
  const image = { width, height, data: Buffer.from(data.buffer, data.byteOffset, data.byteLength) } as PNG;
  return PNG.sync.write(image, {
    colorType,
    inputColorType: colorType,
    inputHasAlpha: false,
    bitDepth: 8,
    filterType: 0,
    deflateLevel: 9,
    deflateStrategy: Z_DEFAULT_STRATEGY,
  });
}
