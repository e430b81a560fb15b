/**
 * Test helpers for the data layer (not a test file itself).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { CIFAR10_BATCHES_DIR, CIFAR10_FILES } from '../../src/data/cifar10';

/** The repository root (two levels above this file). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

function hasAllFiles(dataDir: string): boolean {
  const dir = path.join(dataDir, CIFAR10_BATCHES_DIR);
  return [...CIFAR10_FILES.train, ...CIFAR10_FILES.test].every((f) => fs.existsSync(path.join(dir, f)));
}

/**
 * The data directory holding the real CIFAR-10 files: $QDISTILL_DATA_DIR if set, else
 * <repo>/data if it has the files, else the `shared/data` folder beside the repo root;
 * null when none of them has the files.
 */
export function findCifarDataDir(): string | null {
  const env = process.env.QDISTILL_DATA_DIR;
  const candidates = env ? [env] : [path.join(REPO_ROOT, 'data'), path.resolve(REPO_ROOT, '..', 'shared', 'data')];
  return candidates.find(hasAllFiles) ?? null;
}

/** Message used when the real CIFAR-10 files are not available. */
export const CIFAR_SKIP_MESSAGE =
  'real CIFAR-10 files not found (set QDISTILL_DATA_DIR, ' +
  'or put cifar-10-batches-bin/ in <repo>/data or ../shared/data)';

/** A fresh temporary directory under the OS temp folder. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
