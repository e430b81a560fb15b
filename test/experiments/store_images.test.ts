/**
 * The distilled images of the finished store runs: finished runs only, each variant's lowest
 * finished seed, labelled with its accuracy; the picture is that run's set (another seed's differs);
 * where the store kept only the hash of that seed's images, the next seed's.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { distillCached } from '../../src/experiments/run_cache';
import { DistillRunSpec } from '../../src/experiments/run_spec';
import { PaperBudgetRun } from '../../src/experiments/paper_budget';
import { storeImagesFigure } from '../../src/experiments/store_images';
import { trimFinalImages } from '../../src/runs/final_trim';
import { TRAIN_LIMIT, TEST_LIMIT, freshDir, tiny } from '../runs/helpers';
import { decodePng } from '../image/decode_png';

before(async () => {
  assert.ok(await tf.setBackend('wasm'));
  process.env.QDISTILL_RUNS_DIR = freshDir('store');
});

const o = { profile: 'quick', trainLimit: TRAIN_LIMIT, testLimit: TEST_LIMIT, workers: 0 };

/**
 * The figure's picture (a data-URL PNG, gray stored as RGB) is the grid of the run's final/images.bin, checked
 * pixel by pixel: the tiny runs have 2 steps of 10 images (1 per class) of 28×28; each is drawn at
 * 2× pixel repetition with 1-pixel white separators, as round(255·clip(x·0.3081 + 0.1307, 0, 1)) (MNIST).
 */
function assertPictureOf(source: string, runDir: string): void {
  const prefix = 'data:image/png;base64,';
  assert.ok(source.startsWith(prefix));
  const png = decodePng(Buffer.from(source.slice(prefix.length), 'base64'));
  const bin = fs.readFileSync(path.join(runDir, 'final', 'images.bin'));
  assert.equal(bin.length, 2 * 10 * 784 * 4);
  const value = (i: number) => bin.readFloatLE(i * 4);
  const width = 10 * 57 + 1, height = 2 * 57 + 1;
  assert.deepEqual([png.width, png.height, png.colorType], [width, height, 2]);
  const expected = new Uint8Array(width * height).fill(255);
  for (let step = 0; step < 2; step++) {
    for (let k = 0; k < 10; k++) {
      for (let y = 0; y < 56; y++) {
        for (let x = 0; x < 56; x++) {
          const v = value((step * 10 + k) * 784 + Math.floor(y / 2) * 28 + Math.floor(x / 2));
          const pixel = Math.round(255 * Math.min(1, Math.max(0, v * 0.3081 + 0.1307)));
          expected[(1 + step * 57 + y) * width + 1 + k * 57 + x] = pixel;
        }
      }
    }
  }
  let mismatches = 0;
  for (let i = 0; i < width * height; i++) {
    for (let c = 0; c < 3; c++) if (png.pixels[i * 3 + c] !== expected[i]) mismatches++;
  }
  assert.equal(mismatches, 0, `the picture is the grid of ${runDir}/final/images.bin`);
  const gray = new Set(Array.from(expected).filter((b) => b !== 0 && b !== 255));
  assert.ok(gray.size > 50, 'the images have gray levels (not just clipped)');
}

test('finished runs only, the lowest finished seed of each variant, its accuracy in the label; null with none',
  async () => {
    const runs: PaperBudgetRun[] = [];
    const dirs: string[] = [];
    for (const seed of [3, 4]) {
      const cfg = tiny({ seed });
      dirs.push((await distillCached(cfg, o)).runDir);
      const spec: DistillRunSpec = { kind: 'distill', label: 'x', cfg, trainLimit: TRAIN_LIMIT, testLimit: TEST_LIMIT,
        estimate: 0 };
      runs.push({ row: { variant: 'q', seed, status: 'finished', accuracy: 40 + seed }, label: `Q, seed ${seed}`,
        curve: [], paper: null, spec, published: { basis: 'train', at: [] } });
    }
    const unfinished = { ...runs[0], row: { ...runs[0].row, seed: 1, status: 'unfinished' }, label: 'Q, seed 1' };
    assert.equal(storeImagesFigure('t', 'mnist', [unfinished], 'quick'), null, 'nothing finished: no figure');
    const fig = storeImagesFigure('t', 'mnist', [runs[1], unfinished, runs[0]], 'quick')!;
    const layout = fig.layout as { yaxis: { ticktext: string[] } };
    assert.deepEqual(layout.yaxis.ticktext, ['Q, seed 3 · 43 %']);
    const source = (fig.data[0] as { source: string }).source;
    const other = storeImagesFigure('t', 'mnist', [runs[1]], 'quick')!;
    assert.notEqual((other.data[0] as { source: string }).source, source, 'seed 4 draws another set');
    assert.equal((other.layout as { yaxis: { ticktext: string[] } }).yaxis.ticktext[0], 'Q, seed 4 · 44 %');
    assertPictureOf(source, dirs[0]);
    assertPictureOf((other.data[0] as { source: string }).source, dirs[1]);

    // The store keeps only the hash of seed 3's images: the row shows seed 4, the next seed with images.
    const bin = path.join(dirs[0], 'final', 'images.bin'), kept = fs.readFileSync(bin);
    trimFinalImages(path.join(dirs[0], 'final'));
    try {
      const next = storeImagesFigure('t', 'mnist', [runs[1], unfinished, runs[0]], 'quick')!;
      assert.deepEqual((next.layout as { yaxis: { ticktext: string[] } }).yaxis.ticktext, ['Q, seed 4 · 44 %']);
      assertPictureOf((next.data[0] as { source: string }).source, dirs[1]);
      assert.equal(storeImagesFigure('t', 'mnist', [runs[0]], 'quick'), null, 'no finished run with images');
    } finally {
      fs.writeFileSync(bin, kept);
      fs.unlinkSync(path.join(dirs[0], 'final', 'images.bin.sha256'));
    }
  });
