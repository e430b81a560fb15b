/**
 * The PNG encoder (pngjs), checked by decoding its output independently: signature, chunk
 * layout, CRCs (against node's zlib.crc32 or a bitwise CRC-32), IHDR fields and the inflated,
 * unfiltered pixels; and its bytes against golden output. And the grid picture of a distilled set.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { encodePng } from '../../src/image/png';
import { distilledGrid, gridSize } from '../../src/image/grid';
import { decodePng } from './decode_png';

test('encodePng writes the bytes of the committed figures (golden output of the encoder pngjs replaced)', () => {
  // Level-9 deflate with zlib's default strategy, filter None: the images embedded in results/*.html.
  const rgb = Uint8Array.from({ length: 3 * 2 * 3 }, (_, i) => (i * 53 + 7) & 0xff);
  assert.equal(
    encodePng({ width: 3, height: 2, channels: 3, data: rgb }).toString('hex'),
    '89504e470d0a1a0a0000000d49484452000000030000000208020000001216f14d0000001c4944415478da6360b7295c765bc0b56a3dc3' +
      '1349bfe61d6f95c27b004c11082c813886a90000000049454e44ae426082',
  );
  assert.equal(
    encodePng({ width: 2, height: 2, channels: 1, data: Uint8Array.from([0, 64, 128, 255]) }).toString('hex'),
    '89504e470d0a1a0a0000000d494844520000000200000002080000000057dd52f80000000e4944415478da6360706068f80f00030501c0' +
      '535b159f0000000049454e44ae426082',
  );
});

test('encodePng reads a view into a larger buffer from its offset', () => {
  const backing = Uint8Array.from({ length: 20 }, (_, i) => i * 10);
  const png = encodePng({ width: 3, height: 2, channels: 1, data: backing.subarray(5, 11) });
  assert.deepEqual(Array.from(decodePng(png).pixels), [50, 60, 70, 80, 90, 100]);
});

for (const channels of [1, 3] as const) {
  test(`encodePng round trip: ${channels === 1 ? 'grayscale' : 'RGB'} pixels and chunk CRCs`, () => {
    const width = 7, height = 5;
    const data = Uint8Array.from({ length: width * height * channels }, (_, i) => (i * 53 + 7) & 0xff);
    const png = encodePng({ width, height, channels, data });
    const d = decodePng(png);
    assert.deepEqual(d.chunkTypes, ['IHDR', 'IDAT', 'IEND']);
    assert.equal(d.width, width);
    assert.equal(d.height, height);
    assert.equal(d.bitDepth, 8);
    assert.equal(d.colorType, channels === 1 ? 0 : 2);
    assert.equal(d.interlace, 0);
    assert.deepEqual(Array.from(d.pixels), Array.from(data));
  });
}

test('encodePng rejects a wrong data length, size or channel count, naming the expectation', () => {
  assert.throws(() => encodePng({ width: 2, height: 2, channels: 1, data: new Uint8Array(3) }),
    /expected 2×2×1 = 4 bytes, received 3/);
  assert.throws(() => encodePng({ width: 0, height: 2, channels: 1, data: new Uint8Array(0) }),
    /expected width to be a positive integer, received 0/);
  assert.throws(() => encodePng({ width: 1, height: 1, channels: 4 as 3, data: new Uint8Array(4) }),
    /expected channels 1 \(gray\) or 3 \(RGB\), received 4/);
});

test('distilledGrid: size, de-normalisation with clipping, pixel repetition, separators', () => {
  // 2 steps × 3 images of 2×2×1, mean 0.5, std 0.25: value v → pixel/255 = 0.25·v + 0.5
  const shape = [2, 3, 2, 2, 1];
  const values =
    Float32Array.from({ length: 24 }, (_, i) => (i % 4 === 0 ? 10 : i % 4 === 1 ? -10 : i % 4 === 2 ? 0 : 1));
  const g = distilledGrid(values, shape, [0.5], [0.25], { scale: 2, gap: 1 });
  assert.deepEqual({ width: g.width, height: g.height }, gridSize(2, 3, 2, 2, { scale: 2, gap: 1 }));
  assert.deepEqual([g.width, g.height, g.channels], [3 * 4 + 4, 2 * 4 + 3, 1]);
  const at = (x: number, y: number) => g.data[y * g.width + x];
  assert.equal(at(0, 0), 255, 'separator');
  // image (row 1, col 2) starts at x = 1 + 2·5 = 11, y = 1 + 5 = 6
  assert.deepEqual([at(11, 6), at(12, 7), at(13, 6), at(11, 8), at(13, 8)], [255, 255, 0, 128, 191]);
  assert.equal(at(15, 6), 255, 'right border');
  assert.throws(() => distilledGrid(values, [2, 3, 2, 2], [0.5], [0.25]), /expected shape \[steps, images, H, W, C\]/);
});
