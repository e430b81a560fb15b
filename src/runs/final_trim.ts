/**
 * Final sets whose images the tracked run store leaves out (issue 14: the store stays near 50 MB).
 *
 * A CIFAR-10 set of 100 images is 1.2 MB of float32 noise that no compressor shrinks, and the plan
 * has some 70 of them. No table needs them (each run's accuracies are in `final/result.json`, its
 * learned rates in `lrs.json`); the image figures read one seed per variant. So the store may
 * replace `final/images.bin` of another seed by `final/images.bin.sha256`
 * (`sha256sum` format: `<hex>  images.bin`). The set stays auditable: runs are bitwise
 * reproducible, so recomputing the run (same config, any machine) writes an `images.bin` with
 * this hash (`trimmedImagesError` says how). Everything else in `final/` is kept. Which runs are trimmed is decided by
 * `src/experiments/store_trim.ts`; nothing here changes a number.
 */
import * as fs from 'fs';
import * as path from 'path';
import { sha256Hex } from '../data/checksum';
import { RunSetupError } from './errors';
import { writeFileSynced } from '../util/fs';

/** The file standing in for `images.bin` in a trimmed final folder. */
export const TRIMMED_IMAGES_FILE = 'images.bin.sha256';

/** The sha256 recorded in the trimmed final folder `finalDir`, or null when its images are present. */
export function trimmedImagesSha(finalDir: string): string | null {
  const file = path.join(finalDir, TRIMMED_IMAGES_FILE);
  if (fs.existsSync(path.join(finalDir, 'images.bin')) || !fs.existsSync(file)) return null;
  const m = /^([0-9a-f]{64}) {2}images\.bin\s*$/.exec(fs.readFileSync(file, 'utf8'));
  if (m === null) {
    throw new RunSetupError(`${file}: expected one line '<64 hex digits>  images.bin', received something else`);
  }
  return m[1];
}

/**
 * Replaces `finalDir/images.bin` by its sha256 (`TRIMMED_IMAGES_FILE`); returns the bytes freed
 * (0 when already trimmed). The hash is written, synced, and read back before the images go.
 * @throws Error when the folder has neither file.
 */
export function trimFinalImages(finalDir: string): number {
  const images = path.join(finalDir, 'images.bin');
  if (!fs.existsSync(images)) {
    if (trimmedImagesSha(finalDir) !== null) return 0;
    throw new Error(`${finalDir}: expected images.bin or ${TRIMMED_IMAGES_FILE}, found neither`);
  }
  const bytes = fs.readFileSync(images), hex = sha256Hex(bytes);
  const file = path.join(finalDir, TRIMMED_IMAGES_FILE);
  writeFileSynced(file, `${hex}  images.bin\n`);
  if (!fs.readFileSync(file, 'utf8').startsWith(hex)) throw new Error(`${file}: the hash did not read back`);
  fs.unlinkSync(images);
  return bytes.length;
}

/**
 * The error of a reader that needs the images of a trimmed set: which run, its hash, how to get
 * them back.
 */
export function trimmedImagesError(runDir: string, sha: string): RunSetupError {
  const id = path.basename(path.resolve(runDir)), profile = path.basename(path.dirname(path.resolve(runDir)));
  return new RunSetupError(
    `${runDir}: the run store keeps this finished set's images only as their sha256 (${sha.slice(0, 12)}…, ` +
      `final/${TRIMMED_IMAGES_FILE}). To get them back, recompute the run into another folder (runs are ` +
      `bitwise reproducible): QDISTILL_RUNS_DIR=DIR node scripts/run-queue.js ${profile} --only=${id}; ` +
      `then DIR/${profile}/${id}/final/images.bin has that hash`,
  );
}
