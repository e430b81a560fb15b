/**
 * Which finished runs of a tracked run store keep only the sha256 of their final images
 * (`src/runs/final_trim.ts`; issue 14 keeps the store near 50 MB). A run keeps its images when
 * - they are small (≤ `TRIM_MIN_BYTES`: every MNIST set of 10 images), or
 * - it is the lowest planned seed of its family (the same config but the seed): the image figures
 *   of notebooks 01, 02 and 06 show that seed, or
 * - a notebook that trains on stored sets reads it (`IMAGE_READERS`), or
 * - it is a transfer source of notebook 06 whose transfer cells are not all cached yet.
 * Every table reads `final/result.json` and `lrs.json`, which stay. Nothing here changes a number.
 */
import * as fs from 'fs';
import * as path from 'path';
import { DistillConfig } from '../distill/config';
import { Profile } from '../results/profile';
import { stableStringify } from '../runs/config_compare';
import { readFinalResult } from '../runs/final_set';
import { runPaths } from '../runs/run_dir';
import { beyondRuns } from './beyond_study';
import { TRANSFER_TARGETS, readTransferCache, transferSeeds, transferSources } from './beyond_transfer';
import { planRuns } from './notebook_runs';
import { runSpecDir } from './run_specs';

/** Final images at or below this size are always kept (an MNIST set of 10 images is 31,360 bytes). */
export const TRIM_MIN_BYTES = 64 * 1024;

/** Notebooks that train on, or probe, the stored sets themselves: their runs keep their images. */
export const IMAGE_READERS: readonly string[] = [
  '03-stability-hermitian.ipynb', '05-quantum-execution-cost.ipynb', '20-kd-teacher-student.ipynb',
];

/** One finished run whose final images the store may leave out. */
export interface TrimCandidate {
  /** The run folder. */
  dir: string;
  /** Size of `final/images.bin`. */
  bytes: number;
}

/**
 * The finished runs of `profile`'s run store whose `final/images.bin` may be replaced by its
 * sha256 (module comment), in plan order. Runs already trimmed are not listed.
 */
export function trimCandidates(profile: Profile, o: { minBytes?: number } = {}): TrimCandidate[] {
  const minBytes = o.minBytes ?? TRIM_MIN_BYTES;
  const plan = planRuns(profile);
  const keep = new Set<string>();
  for (const r of plan) if (r.notebooks.some((nb) => IMAGE_READERS.includes(nb))) keep.add(r.dir);
  const lowest = new Map<string, { seed: number; dir: string }>();
  for (const r of plan) {
    if (r.spec.kind !== 'distill') continue;
    const key = familyKey(r.spec.cfg, r.spec.trainLimit), seen = lowest.get(key);
    if (!seen || r.spec.cfg.seed < seen.seed) lowest.set(key, { seed: r.spec.cfg.seed, dir: r.dir });
  }
  for (const { dir } of lowest.values()) keep.add(dir);
  const sources = new Set(transferSources(beyondRuns(profile).map((r) => ({ ...r, config: r.run.cfg })))
    .map((r) => runSpecDir(r.run, profile.name)));
  return plan.flatMap((r) => {
    if (r.spec.kind !== 'distill' || keep.has(r.dir)) return [];
    const final = runPaths(r.dir).final, images = path.join(final, 'images.bin');
    const result = readFinalResult(final);
    if (result === null || !fs.existsSync(images)) return [];
    const bytes = fs.statSync(images).size;
    if (bytes <= minBytes) return [];
    if (sources.has(r.dir) && !transferDone(profile, r.dir, r.spec.cfg, result.iteration)) return [];
    return [{ dir: r.dir, bytes }];
  });
}

/** Whether every transfer cell of the source run `dir` (its set of iteration `iteration`) is cached. */
function transferDone(profile: Profile, dir: string, cfg: DistillConfig, iteration: number): boolean {
  const seeds = transferSeeds(cfg, profile.beyond.evalInits), limit = profile.beyond.transferTestLimit;
  return TRANSFER_TARGETS.every((t) =>
    readTransferCache(dir, { iteration }, t.model, seeds, limit, profile.name) !== null);
}

/** What makes runs one family: everything of the run but its seed. */
function familyKey(cfg: DistillConfig, trainLimit: unknown): string {
  const { seed: _seed, ...rest } = cfg;
  return stableStringify({ rest, trainLimit: trainLimit ?? null });
}
