/**
 * Download of the CIFAR-10 binary release into a data directory.
 *
 * Everything happens inside a hidden temporary folder `<dataDir>/.cifar10-download-XXXXXX`:
 * the archive is streamed to `….tar.gz.part`, renamed when complete, extracted with the
 * `tar` package, and the extracted files are checked against the sha256 values. Only then
 * is `cifar-10-batches-bin/` moved to its final place (one rename), so a failed or
 * interrupted download never leaves files under their final names.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tar from 'tar';
import { CIFAR10_SHA256, verifyChecksums } from './checksum';
import { CIFAR10_BATCHES_DIR } from './cifar10';
import { DownloadProgress, fetchToFile } from './http_download';
import { resolveDataDir } from './paths';
import { stderrProgress } from './progress';

/** Official download location of the CIFAR-10 binary version (≈163 MiB). */
export const CIFAR10_URL = 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz';

/** Options of `downloadCifar10`. */
export interface DownloadCifar10Options {
  /** Archive URL (http or https; default `CIFAR10_URL`). */
  url?: string;
  /** Expected sha256 by file name inside cifar-10-batches-bin/ (default `CIFAR10_SHA256`). */
  checksums?: Readonly<Record<string, string>>;
  /** Progress callback; default: a progress bar on stderr; null: silent. */
  onProgress?: ((p: DownloadProgress) => void) | null;
  /** Status messages (extracting, verifying); default: lines on stderr. */
  log?: (message: string) => void;
  /** Download even if valid files are already present (default false). */
  force?: boolean;
  /** Abort when the connection is idle this long (default 60000 ms). */
  timeoutMs?: number;
}

/** Outcome of `downloadCifar10`. */
export interface DownloadCifar10Result {
  /** Absolute path of the `cifar-10-batches-bin` folder. */
  batchesDir: string;
  /** False when valid files were already present and nothing was downloaded. */
  downloaded: boolean;
  /** Archive bytes downloaded (0 when nothing was downloaded). */
  bytes: number;
}

async function alreadyValid(batchesDir: string, checksums: Readonly<Record<string, string>>): Promise<boolean> {
  if (!fs.existsSync(batchesDir)) return false;
  try {
    await verifyChecksums(batchesDir, checksums);
    return true;
  } catch {
    return false;
  }
}

/**
 * Downloads, extracts and verifies CIFAR-10 into `<dataDir>/cifar-10-batches-bin/`.
 *
 * @param dataDir data directory (created if needed); undefined → $QDISTILL_DATA_DIR, else <repo>/data
 * @returns where the files are and whether anything was downloaded. If the folder already
 *          holds files matching all checksums, nothing is downloaded (unless `force`).
 * @throws Error on network/HTTP failures, a corrupt archive, an archive without
 *         cifar-10-batches-bin/, a missing file or a checksum mismatch (naming file,
 *         expected and actual hash). Temporary files are removed in every case.
 */
export async function downloadCifar10(
  dataDir?: string,
  opts: DownloadCifar10Options = {},
): Promise<DownloadCifar10Result> {
  const url = opts.url ?? CIFAR10_URL;
  const checksums = opts.checksums ?? CIFAR10_SHA256;
  const log = opts.log ?? ((m: string) => void process.stderr.write(m + '\n'));
  const onProgress =
    opts.onProgress === undefined ? stderrProgress(path.basename(new URL(url).pathname)) : opts.onProgress;
  const dir = resolveDataDir(dataDir).dir;
  const batchesDir = path.join(dir, CIFAR10_BATCHES_DIR);
  fs.mkdirSync(dir, { recursive: true });
  if (!opts.force && (await alreadyValid(batchesDir, checksums))) {
    log(`CIFAR-10 already present and verified in ${batchesDir}`);
    return { batchesDir, downloaded: false, bytes: 0 };
  }

  const tmp = fs.mkdtempSync(path.join(dir, '.cifar10-download-'));
  try {
    log(`Downloading ${url} into ${dir}`);
    const part = path.join(tmp, 'cifar-10-binary.tar.gz.part');
    const bytes = await fetchToFile(url, part, { onProgress: onProgress ?? undefined, timeoutMs: opts.timeoutMs });
    const archive = path.join(tmp, 'cifar-10-binary.tar.gz');
    fs.renameSync(part, archive);

    log('Extracting…');
    const extractDir = path.join(tmp, 'extract');
    fs.mkdirSync(extractDir);
    try {
      await tar.x({ file: archive, cwd: extractDir, strict: true });
    } catch (e) {
      throw new Error(`${url}: expected a valid .tar.gz archive, extraction failed: ${(e as Error).message}`);
    }
    const extracted = path.join(extractDir, CIFAR10_BATCHES_DIR);
    if (!fs.existsSync(extracted)) {
      throw new Error(`${url}: expected the archive to contain ${CIFAR10_BATCHES_DIR}/, but it does not`);
    }

    log('Verifying sha256 checksums…');
    await verifyChecksums(extracted, checksums, (name) => `${CIFAR10_BATCHES_DIR}/${name} (downloaded from ${url})`);

    if (fs.existsSync(batchesDir)) fs.renameSync(batchesDir, path.join(tmp, 'previous'));
    fs.renameSync(extracted, batchesDir);
    log(`CIFAR-10 ready in ${batchesDir}`);
    return { batchesDir, downloaded: true, bytes };
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}
