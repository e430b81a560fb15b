/**
 * `<run>/snapshots/`: the synthetic set at intermediate evaluation points, so that analyses of
 * how it evolved (e.g. the inner-trained Hermitian observables in the stability notebook) and
 * the end-of-run selection need no re-run. Which points are kept: `./snapshot_retention`.
 * One pair of files per kept iteration N (zero-padded):
 *
 *   images-<N>.bin   float32 little-endian, the shape of the run's images (see `final_set.ts`)
 *   lrs-<N>.json     { iteration, raw: [...] } — the raw (pre-softplus) inner learning rates
 *   labels-<N>.bin   only with `learnLabels`: float32 soft labels `[distillSteps, m, 10]`
 *
 * Written atomically; a resumed run rewrites the same files (the draws are the same).
 */
import * as fs from 'fs';
import * as path from 'path';
import { readJson, writeFileAtomic, writeJsonAtomic } from '../util/fs';
import { float32FromLE, float32ToLE, sizeOf } from './tensor_file';

const pad = (iteration: number) => String(iteration).padStart(7, '0');

/** Stores the synthetic set of `iteration` in the snapshots folder `dir`. */
export function writeSnapshot(
  dir: string,
  iteration: number,
  images: Float32Array,
  rawLrs: Float32Array,
  labels?: Float32Array | null,
): void {
  fs.mkdirSync(dir, { recursive: true });
  writeFileAtomic(path.join(dir, `images-${pad(iteration)}.bin`), float32ToLE(images));
  if (labels) writeFileAtomic(path.join(dir, `labels-${pad(iteration)}.bin`), float32ToLE(labels));
  writeJsonAtomic(path.join(dir, `lrs-${pad(iteration)}.json`), { iteration, raw: Array.from(rawLrs) });
}

/** Iterations that have a complete snapshot in `dir`, ascending. */
export function listSnapshots(dir: string): number[] {
  if (!fs.existsSync(dir)) return [];
  const names = new Set(fs.readdirSync(dir));
  return [...names]
    .map((n) => /^lrs-(\d+)\.json$/.exec(n))
    .filter((m): m is RegExpExecArray => m !== null && names.has(`images-${m[1]}.bin`))
    .map((m) => Number(m[1]))
    .sort((a, b) => a - b);
}

/**
 * The snapshot of `iteration`. @param shape the run's image shape; labelShape the soft labels'
 * shape for a `learnLabels` run (then `labels` is read), else omitted (`labels` null)
 * @throws Error naming the file if it is missing or its size does not match `shape`.
 */
export function readSnapshot(dir: string, iteration: number, shape: readonly number[], labelShape?: readonly number[]):
  { images: Float32Array; rawLrs: Float32Array; labels: Float32Array | null } {
  const file = path.join(dir, `images-${pad(iteration)}.bin`);
  if (!fs.existsSync(file)) throw new Error(`${file}: expected a snapshot of iteration ${iteration}, found none`);
  const images = float32FromLE(fs.readFileSync(file), file, sizeOf(shape));
  const lrs = readJson(path.join(dir, `lrs-${pad(iteration)}.json`)) as { raw?: unknown };
  if (!Array.isArray(lrs?.raw) || !lrs.raw.every((v) => typeof v === 'number')) {
    throw new Error(`${path.join(dir, `lrs-${pad(iteration)}.json`)}: raw: expected an array of numbers`);
  }
  let labels: Float32Array | null = null;
  if (labelShape) {
    const lf = path.join(dir, `labels-${pad(iteration)}.bin`);
    if (!fs.existsSync(lf)) throw new Error(`${lf}: expected the soft labels of iteration ${iteration}, found none`);
    labels = float32FromLE(fs.readFileSync(lf), lf, sizeOf(labelShape));
  }
  return { images, rawLrs: Float32Array.from(lrs.raw as number[]), labels };
}
