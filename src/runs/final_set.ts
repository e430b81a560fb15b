/**
 * `<run>/final/`: the distilled set of a finished run, readable without qdistill.
 *
 *   images.bin    float32 little-endian, shape `[distillSteps, imagesPerClass·10, H, W, C]`
 *                 (NHWC per image, normalised: pixel/255 = value·std[c] + mean[c])
 *   images.json   shape, dtype, byte order, labels of each step's images, mean, std
 *   lrs.json      the learned inner learning rates: raw values and softplus(raw); inner step k
 *                 (k = epoch·distillSteps + step) uses entry k
 *   labels.json   only for sets distilled with `learnLabels`: the learned soft labels,
 *                 `[distillSteps, imagesPerClass·10, 10]` (nested arrays), which training on the
 *                 set must use instead of the hard labels of images.json; `top2`: each image's
 *                 two heaviest classes with their weights (step-major), for reading
 *   grid.png      one row per step, one column per image (class-major)
 *   result.json   the final evaluation (written last)
 * In the tracked run store, `images.bin` of a set nothing draws may be replaced by its sha256
 * (`images.bin.sha256`, `./final_trim`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { CIFAR10_MEAN, CIFAR10_STD, MNIST_MEAN, MNIST_STD } from '../data/dataset';
import { DistillConfig } from '../distill/config';
import { disposeState } from '../distill/loop';
import { distilledGrid } from '../image/grid';
import { encodePng } from '../image/png';
import { NUM_CLASSES } from '../models/spec';
import { softLabelShape, topClasses } from '../distill/labels';
import { ExecutionCounts } from '../sim/executions';
import { Provenance } from './provenance';
import { committedDir, readJson, replaceDirAtomic, writeFileSynced } from '../util/fs';
import { loadCheckpoint, stateShapes } from './checkpoint';
import { show } from './config_compare';
import { EvalResult, Selection } from './metrics';
import { RunSetupError } from './errors';
import { float32FromLE, float32ToLE, sizeOf } from './tensor_file';
import { trimmedImagesError, trimmedImagesSha } from './final_trim';
import { readSoftLabels } from './soft_labels_file';

/** Contents of result.json. */
export interface FinalResult {
  iteration: number;
  eval: EvalResult;
  test_examples: number;
  /** Initialisation seeds the accuracies belong to. */
  seeds: number[];
  seconds: number;
  configHash: string;
  /**
   * Circuit executions of the distillation's outer iterations (evaluation excluded; summed over
   * worker threads); null when the run was resumed from a checkpoint without counts.
   */
  executions?: ExecutionCounts | null;
  /** With `selectOnTrain`: the iteration whose set this is, and its training-image accuracy. */
  selected?: Selection;
  /**
   * How the result was computed (the session that finished the run): numerics version, source
   * commit, TF.js backend and threads (1 + workers). The numbers depend on the first only.
   */
  provenance?: Provenance;
}


/** A distilled set as plain arrays. */
export interface DistilledSet {
  images: Float32Array;
  shape: number[];
  rawLrs: Float32Array;
  /** Learned soft labels `[distillSteps, m, 10]` (row-major), or null for hard labels. */
  labels: Float32Array | null;
  iteration: number;
  /** Where it was read from. */
  source: 'final' | 'checkpoint';
}

/**
 * A distilled set as the tracked run store keeps it: `images` is null where the store kept only
 * their sha256 (`./final_trim`); everything else is there.
 */
export type StoredSet = Omit<DistilledSet, 'images'> & { images: Float32Array | null };

/** `set` with its images, or the error saying how to get the images of the run `runDir` back. */
export function requireImages(set: StoredSet, runDir: string): DistilledSet {
  if (set.images !== null) return { ...set, images: set.images };
  throw trimmedImagesError(runDir, trimmedImagesSha(path.join(runDir, 'final')) ?? 'unknown');
}

/** Per-channel normalisation constants of the config's dataset (pixel/255 space). */
export function normalisationOf(cfg: DistillConfig): { mean: number[]; std: number[] } {
  return cfg.dataset === 'mnist'
    ? { mean: [...MNIST_MEAN], std: [...MNIST_STD] }
    : { mean: [...CIFAR10_MEAN], std: [...CIFAR10_STD] };
}

/** softplus(x) = log(1 + eˣ), computed stably in double precision. */
export const softplus = (x: number) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));

/** Writes the final folder of the run `runDir` (atomically; replaces an earlier one). */
export function writeFinalSet(
  dir: string,
  cfg: DistillConfig,
  set: { images: Float32Array; rawLrs: Float32Array; labels?: Float32Array | null },
  result: FinalResult,
): void {
  if (Boolean(cfg.learnLabels) !== Boolean(set.labels)) {
    throw new Error(
      `writeFinalSet: expected ${cfg.learnLabels ? 'soft labels (learnLabels)' : 'no soft labels'}, ` +
        `received ${set.labels ? 'soft labels' : 'none'}`,
    );
  }
  const shape = stateShapes(cfg).images;
  const { mean, std } = normalisationOf(cfg);
  const labels = Array.from({ length: cfg.imagesPerClass * NUM_CLASSES }, (_, i) => Math.floor(i / cfg.imagesPerClass));
  const json = (v: unknown) => JSON.stringify(v, null, 2) + '\n';
  replaceDirAtomic(dir, (tmp) => {
    writeFileSynced(path.join(tmp, 'images.bin'), float32ToLE(set.images));
    writeFileSynced(path.join(tmp, 'images.json'), json({
      file: 'images.bin', dtype: 'float32', byteOrder: 'little-endian', shape,
      layout: '[distillSteps, imagesPerClass·10, height, width, channels]; class-major within each step',
      labels, mean, std, denormalise: 'pixel/255 = value·std[c] + mean[c]', dataset: cfg.dataset,
    }));
    const raw = Array.from(set.rawLrs);
    writeFileSynced(
      path.join(tmp, 'lrs.json'),
      json({
        raw,
        softplus: raw.map(softplus),
        order: 'inner step k = epoch·distillSteps + step uses entry k',
        distillSteps: cfg.distillSteps,
        distillEpochs: cfg.distillEpochs,
      }),
    );
    if (set.labels) {
      const [steps, m, c] = softLabelShape(cfg.imagesPerClass, cfg.distillSteps);
      const rows = (s: number, i: number) => Array.from(set.labels!.subarray((s * m + i) * c, (s * m + i + 1) * c));
      writeFileSynced(path.join(tmp, 'labels.json'), json({
        kind: 'soft', shape: [steps, m, c], order: 'labels[step][image][class]; image i of step s is images[s][i]',
        top2: topClasses(set.labels, 2).map((t) => t.map((e) => `${e.cls}:${e.weight.toFixed(3)}`).join(' ')),
        labels: Array.from({ length: steps }, (_, s) => Array.from({ length: m }, (_, i) => rows(s, i))),
      }));
    }
    writeFileSynced(path.join(tmp, 'grid.png'), encodePng(distilledGrid(set.images, shape, mean, std)));
    writeFileSynced(path.join(tmp, 'result.json'), json(result));
  });
}

/** The final result of the run (`final/result.json`), or null if the run has not finished. */
export function readFinalResult(dir: string): FinalResult | null {
  const found = committedDir(dir, 'result.json');
  return found === null ? null : (readJson(path.join(found, 'result.json')) as FinalResult);
}

type SetPaths = { final: string; checkpoint: string; root: string };

/**
 * The distilled set of a run: `final/` if the run finished, else its latest checkpoint. With
 * `{ trimmed: 'allow' }`, a final set whose images the run store left out (`./final_trim`) is
 * read with `images: null`; without it, that is an error saying how to get them back.
 * @throws RunSetupError if there is neither, or the stored shape does not match the config.
 */
export function readDistilledSet(paths: SetPaths, cfg: DistillConfig, configHash: string): DistilledSet;
export function readDistilledSet(paths: SetPaths, cfg: DistillConfig, configHash: string,
  o: { trimmed: 'allow' }): StoredSet;
export function readDistilledSet(paths: SetPaths, cfg: DistillConfig, configHash: string,
  o: { trimmed?: 'allow' } = {}): StoredSet {
  const shape = stateShapes(cfg).images;
  const found = committedDir(paths.final, 'result.json');
  if (found !== null) {
    const meta = readJson(path.join(found, 'images.json')) as { shape?: unknown };
    if (show(meta?.shape) !== show(shape)) {
      throw new RunSetupError(
        `${path.join(found, 'images.json')}: shape: expected ${show(shape)} ` +
          `(from the run's config), received ${show(meta?.shape)}`,
      );
    }
    const sha = trimmedImagesSha(found);
    if (sha !== null && o.trimmed !== 'allow') throw trimmedImagesError(paths.root, sha);
    const file = path.join(found, 'images.bin');
    const images = sha === null ? float32FromLE(fs.readFileSync(file), file, sizeOf(shape)) : null;
    const lrs = readJson(path.join(found, 'lrs.json')) as { raw?: unknown };
    const n = stateShapes(cfg).rawLrs[0];
    if (!Array.isArray(lrs?.raw) || lrs.raw.length !== n || !lrs.raw.every((v) => typeof v === 'number')) {
      throw new RunSetupError(
        `${path.join(found, 'lrs.json')}: raw: expected ${n} numbers, received ${show(lrs?.raw)}`,
      );
    }
    const result = readJson(path.join(found, 'result.json')) as FinalResult;
    const labels = cfg.learnLabels
      ? readSoftLabels(path.join(found, 'labels.json'), softLabelShape(cfg.imagesPerClass, cfg.distillSteps))
      : null;
    return {
      images,
      shape,
      rawLrs: Float32Array.from(lrs.raw as number[]),
      labels,
      iteration: result.iteration,
      source: 'final',
    };
  }
  const ck = loadCheckpoint(paths.checkpoint, cfg, configHash);
  if (ck === null) {
    throw new RunSetupError(`${paths.root}: expected a distilled set in final/ or checkpoint/, found neither`);
  }
  const out: DistilledSet = {
    images: (ck.state.images.dataSync() as Float32Array).slice(),
    shape,
    rawLrs: (ck.state.rawLrs.dataSync() as Float32Array).slice(),
    labels: ck.state.labels ? (ck.state.labels.dataSync() as Float32Array).slice() : null,
    iteration: ck.state.iteration,
    source: 'checkpoint',
  };
  disposeState(ck.state);
  return out;
}
