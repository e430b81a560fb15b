/**
 * CIFAR-10 from the official binary release (`cifar-10-batches-bin/`).
 *
 * File format: a sequence of 3073-byte records, 10000 per file: 1 label byte (0–9)
 * followed by a 32×32 RGB image stored channel-major (CHW): 1024 red bytes, then 1024
 * green, then 1024 blue, each plane row-major. We convert to HWC on load.
 * `data_batch_1.bin` … `data_batch_5.bin` form the train split (50000 images, in that
 * order), `test_batch.bin` the test split (10000).
 */
import * as fs from 'fs';
import * as path from 'path';
import { CIFAR10_SHA256, isVerified, verifyBytes } from './checksum';
import { CIFAR10_MEAN, CIFAR10_STD, ImageDataset, Split } from './dataset';
import { DATA_DIR_ENV, describeDataDir, resolveDataDir } from './paths';

/** Name of the folder (inside the data directory) that holds the batch files. */
export const CIFAR10_BATCHES_DIR = 'cifar-10-batches-bin';
/** Batch files of each split, in load order. */
export const CIFAR10_FILES: Readonly<Record<Split, readonly string[]>> = {
  train: ['data_batch_1.bin', 'data_batch_2.bin', 'data_batch_3.bin', 'data_batch_4.bin', 'data_batch_5.bin'],
  test: ['test_batch.bin'],
};
/** Class names by label. */
export const CIFAR10_CLASSES: readonly string[] = [
  'airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck',
];
/** Bytes per record: 1 label + 3·32·32 pixels. */
export const CIFAR10_RECORD_BYTES = 1 + 3 * 32 * 32;

/** Options of `loadCifar10`. */
export interface Cifar10LoadOptions {
  /** Data directory holding `cifar-10-batches-bin/`; default $QDISTILL_DATA_DIR, else <repo>/data. */
  dataDir?: string;
  /** Verify sha256 of each file on its first load in this process (default true). */
  verify?: boolean;
  /** Expected sha256 by file name (default `CIFAR10_SHA256`). */
  checksums?: Readonly<Record<string, string>>;
  /** Records per batch file (default 10000; other values are for tests with small fake files). */
  recordsPerFile?: number;
}

const cache = new Map<string, ImageDataset>();

/** Absolute path of `<dataDir>/cifar-10-batches-bin` (dataDir resolved as in `resolveDataDir`). */
export function cifar10BatchesDir(dataDir?: string): string {
  return path.join(resolveDataDir(dataDir).dir, CIFAR10_BATCHES_DIR);
}

/** True if all six batch files exist under the resolved data directory (no content check). */
export function hasCifar10(dataDir?: string): boolean {
  const dir = cifar10BatchesDir(dataDir);
  return [...CIFAR10_FILES.train, ...CIFAR10_FILES.test].every((f) => fs.existsSync(path.join(dir, f)));
}

/** Forgets the splits cached by `loadCifar10` (checksum results stay remembered). */
export function clearCifar10Cache(): void {
  cache.clear();
}

function missingDataError(split: Split, dataDir: string | undefined, missing: string[]): Error {
  const r = resolveDataDir(dataDir);
  return new Error(
    `CIFAR-10 ${split} data not found: looked for ${missing.join(', ')} in ` +
      `${path.join(r.dir, CIFAR10_BATCHES_DIR)}; data directory ${describeDataDir(r)}. ` +
      `To get the data (≈163 MB) run \`qdistill data cifar10\` or call downloadCifar10(dataDir) ` +
      `from this package, or point ${DATA_DIR_ENV} at a folder that contains ${CIFAR10_BATCHES_DIR}/.`,
  );
}

/** Decodes one batch file's records into `images` (HWC) and `labels` from record `first` on. */
function decodeBatch(
  file: string,
  bytes: Uint8Array,
  records: number,
  images: Uint8Array,
  labels: Uint8Array,
  first: number,
): void {
  const plane = 32 * 32;
  for (let r = 0; r < records; r++) {
    const off = r * CIFAR10_RECORD_BYTES;
    const label = bytes[off];
    if (label > 9) {
      throw new Error(`${file}: expected label byte in [0, 9] at record ${r} (byte offset ${off}), received ${label}`);
    }
    labels[first + r] = label;
    const dst = (first + r) * 3 * plane;
    const src = off + 1;
    for (let p = 0; p < plane; p++) {
      images[dst + 3 * p] = bytes[src + p];
      images[dst + 3 * p + 1] = bytes[src + plane + p];
      images[dst + 3 * p + 2] = bytes[src + 2 * plane + p];
    }
  }
}

/**
 * Loads a CIFAR-10 split as an ImageDataset: 32×32×3 (HWC, RGB) uint8, labels 0–9,
 * per-channel mean (0.4914, 0.4822, 0.4465) and std (0.247, 0.243, 0.261).
 *
 * Files are checked for the exact size (records × 3073 bytes) and, unless
 * `verify: false`, for their sha256 on first use in this process. Loaded splits are cached
 * per directory; callers must not modify the returned arrays.
 * @throws Error naming the file on a missing file, wrong size, bad label or checksum
 *         mismatch (missing data: says where it looked and how to download).
 */
export function loadCifar10(split: Split, opts: Cifar10LoadOptions = {}): ImageDataset {
  if (split !== 'train' && split !== 'test') {
    throw new Error(`loadCifar10: expected split "train" or "test", received ${JSON.stringify(split)}`);
  }
  const verify = opts.verify ?? true;
  const checksums = opts.checksums ?? CIFAR10_SHA256;
  const records = opts.recordsPerFile ?? 10000;
  if (!Number.isInteger(records) || records < 1) {
    throw new Error(`loadCifar10: expected recordsPerFile to be a positive integer, received ${records}`);
  }
  const dir = cifar10BatchesDir(opts.dataDir);
  const names = CIFAR10_FILES[split];
  const files = names.map((f) => path.join(dir, f));
  const missing = files.filter((f) => !fs.existsSync(f)).map((f) => path.basename(f));
  if (missing.length > 0) throw missingDataError(split, opts.dataDir, missing);

  const expectedHash = (file: string): string => {
    const h = checksums[path.basename(file)];
    if (h === undefined) {
      throw new Error(`${file}: no expected sha256 known for this file; pass checksums or verify: false`);
    }
    return h;
  };
  const key = `${dir}|${split}|${records}`;
  const hit = cache.get(key);
  if (hit && (!verify || files.every((f) => isVerified(f, expectedHash(f))))) return hit;

  const expectedSize = records * CIFAR10_RECORD_BYTES;
  const n = records * files.length;
  const images = new Uint8Array(n * 3 * 32 * 32);
  const labels = new Uint8Array(n);
  files.forEach((file, k) => {
    const size = fs.statSync(file).size;
    if (size !== expectedSize) {
      throw new Error(
        `${file}: expected ${expectedSize} bytes (${records} records × ${CIFAR10_RECORD_BYTES}), ` +
          `received ${size} bytes ` +
          `(${size < expectedSize ? 'truncated' : 'too large'}; delete it and download again)`,
      );
    }
    const bytes = fs.readFileSync(file);
    if (bytes.length !== expectedSize) {
      throw new Error(`${file}: expected ${expectedSize} bytes, read ${bytes.length} (file changed while reading?)`);
    }
    if (verify && !isVerified(file, expectedHash(file))) verifyBytes(file, bytes, expectedHash(file));
    decodeBatch(file, bytes, records, images, labels, k * records);
  });
  const ds: ImageDataset = {
    name: 'cifar10',
    split,
    images,
    labels,
    n,
    height: 32,
    width: 32,
    channels: 3,
    numClasses: 10,
    mean: [...CIFAR10_MEAN],
    std: [...CIFAR10_STD],
  };
  cache.set(key, ds);
  return ds;
}
