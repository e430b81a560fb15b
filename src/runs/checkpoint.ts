/**
 * Checkpoints of a distillation run: the complete `DistillState` (synthetic images, raw
 * learning rates, soft labels, Adam moments and step count, iteration, clipping norms), bit for bit.
 *
 * Layout of `<run>/checkpoint/`: one float32 little-endian file per tensor (`images.bin`,
 * `raw_lrs.bin`, with `learnLabels` `labels.bin`, `adam_m_0.bin`, …; Adam's moments follow
 * `learnables`' order) and `state.json`, written last, with the iteration, Adam's
 * step count, the config hash, the elapsed seconds, each tensor's shape and sha256, and the
 * RNG state. The run's randomness is derived from (seed, epoch / iteration) (see
 * `src/distill/loop.ts`), so the RNG state is exactly `{seed, iteration}`; it is recorded
 * explicitly and checked on load. Saving is atomic (`replaceDirAtomic`): a crash while saving
 * keeps the previous checkpoint.
 */
import * as tf from '@tensorflow/tfjs';
import { ExecutionCounts } from '../sim/executions';
import * as fs from 'fs';
import * as path from 'path';
import { DistillConfig } from '../distill/config';
import { DistillState } from '../distill/loop';
import { GradNorms } from '../distill/clip';
import { softLabelShape } from '../distill/labels';
import { NUM_CLASSES } from '../models/spec';
import { DirWriteHooks, committedDir, readJson, replaceDirAtomic, writeFileSynced } from '../util/fs';
import { show } from './config_compare';
import { RunSetupError } from './errors';
import { float32FromLE, float32ToLE, sha256, sizeOf } from './tensor_file';

export const CHECKPOINT_FORMAT = 'qdistill-checkpoint/1';
const MANIFEST = 'state.json';

/** One saved tensor. */
export interface TensorEntry {
  file: string;
  shape: number[];
  sha256: string;
}

/** Contents of state.json. */
export interface CheckpointManifest {
  format: string;
  iteration: number;
  configHash: string;
  /** Everything random in the continuation is derived from these two numbers. */
  rng: { scheme: 'derived-seed'; seed: number; iteration: number };
  adam: { t: number };
  /** Wall time of the run up to this checkpoint, over all sessions. */
  seconds: number;
  /** Circuit executions of the outer iterations so far (absent in checkpoints of older versions). */
  executions?: ExecutionCounts;
  /** With `truncate.clip`: the running outer-gradient norms (`GradNorms`). */
  norms?: GradNorms;
  tensors: Record<string, TensorEntry>;
  saved: string;
}

/**
 * Shapes of the state tensors of `cfg`: images, raw learning rates and, with `learnLabels`, soft
 * labels (Adam's m, v alike).
 */
export function stateShapes(cfg: DistillConfig): { images: number[]; rawLrs: number[]; labels?: number[] } {
  const { height, width, channels } = cfg.model.input;
  return {
    images: [cfg.distillSteps, cfg.imagesPerClass * NUM_CLASSES, height, width, channels],
    rawLrs: [cfg.distillSteps * cfg.distillEpochs],
    ...(cfg.learnLabels ? { labels: softLabelShape(cfg.imagesPerClass, cfg.distillSteps) } : {}),
  };
}

function namedTensors(s: DistillState): Array<[string, string, tf.Tensor]> {
  return [
    ['images', 'images.bin', s.images],
    ['rawLrs', 'raw_lrs.bin', s.rawLrs],
    ...(s.labels ? [['labels', 'labels.bin', s.labels] as [string, string, tf.Tensor]] : []),
    ...s.adam.m.map((t, i): [string, string, tf.Tensor] => [`adam.m.${i}`, `adam_m_${i}.bin`, t]),
    ...s.adam.v.map((t, i): [string, string, tf.Tensor] => [`adam.v.${i}`, `adam_v_${i}.bin`, t]),
  ];
}

/**
 * Saves `state` as the checkpoint folder `dir` (replacing the previous one atomically).
 * @param hooks fault injection for tests
 */
export function saveCheckpoint(
  dir: string,
  state: DistillState,
  meta: { configHash: string; seed: number; seconds: number; executions?: ExecutionCounts },
  hooks?: DirWriteHooks,
): void {
  const entries = namedTensors(state).map(([name, file, t]) => ({
    name,
    file,
    shape: t.shape.slice(),
    bytes: float32ToLE(t.dataSync() as Float32Array),
  }));
  replaceDirAtomic(
    dir,
    (tmp) => {
      const tensors: Record<string, TensorEntry> = {};
      for (const e of entries) {
        writeFileSynced(path.join(tmp, e.file), e.bytes);
        tensors[e.name] = { file: e.file, shape: e.shape, sha256: sha256(e.bytes) };
      }
      const manifest: CheckpointManifest = {
        format: CHECKPOINT_FORMAT,
        iteration: state.iteration,
        configHash: meta.configHash,
        rng: { scheme: 'derived-seed', seed: meta.seed, iteration: state.iteration },
        adam: { t: state.adam.t },
        seconds: meta.seconds,
        executions: meta.executions,
        ...(state.norms ? { norms: state.norms } : {}),
        tensors,
        saved: new Date().toISOString(),
      };
      writeFileSynced(path.join(tmp, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
    },
    hooks,
  );
}

/** The manifest of the latest complete checkpoint under `dir` (or its previous copy), or null. */
export function readCheckpointManifest(dir: string): { dir: string; manifest: CheckpointManifest } | null {
  const found = committedDir(dir, MANIFEST);
  if (found === null) return null;
  const m = readJson(path.join(found, MANIFEST)) as CheckpointManifest;
  if (m?.format !== CHECKPOINT_FORMAT) {
    throw new Error(
      `${path.join(found, MANIFEST)}: format: expected ${show(CHECKPOINT_FORMAT)}, received ${show(m?.format)}`,
    );
  }
  return { dir: found, manifest: m };
}

/** Reads one tensor's values, checking size and sha256 against the manifest. */
function readValues(dir: string, name: string, e: TensorEntry | undefined, shape: number[]): Float32Array {
  const where = path.join(dir, MANIFEST);
  if (!e) throw new Error(`${where}: tensors.${name}: expected an entry, found none`);
  if (show(e.shape) !== show(shape)) {
    throw new RunSetupError(
      `${where}: tensors.${name}.shape: expected ${show(shape)} (from the run's config), received ${show(e.shape)}`,
    );
  }
  const file = path.join(dir, e.file);
  const bytes = fs.readFileSync(file);
  if (sha256(bytes) !== e.sha256) {
    throw new Error(
      `${file}: expected sha256 ${e.sha256} (from state.json), received ${sha256(bytes)}; the checkpoint is damaged`,
    );
  }
  return float32FromLE(bytes, file, sizeOf(shape));
}

/**
 * Loads the latest checkpoint under `dir` (new tensors owned by the caller), or null if none
 * was ever completed.
 * @throws RunSetupError when it belongs to another config (hash, seed) or shapes differ;
 *         Error when a file is damaged.
 */
export function loadCheckpoint(
  dir: string,
  cfg: DistillConfig,
  configHash: string,
): { state: DistillState; manifest: CheckpointManifest; dir: string } | null {
  const found = readCheckpointManifest(dir);
  if (found === null) return null;
  const { manifest: m } = found;
  const where = path.join(found.dir, MANIFEST);
  if (m.configHash !== configHash) {
    throw new RunSetupError(
      `${where}: configHash: expected ${configHash} (the run's config), received ${show(m.configHash)}`,
    );
  }
  if (m.rng?.seed !== cfg.seed || m.rng?.iteration !== m.iteration) {
    throw new RunSetupError(
      `${where}: rng: expected {seed: ${cfg.seed}, iteration: ${m.iteration}}, received ${show(m.rng)}`,
    );
  }
  if (!Number.isInteger(m.iteration) || m.iteration < 0) {
    throw new Error(`${where}: iteration: expected an integer ≥ 0, received ${show(m.iteration)}`);
  }
  if (!Number.isInteger(m.adam?.t) || m.adam.t < 0) {
    throw new Error(`${where}: adam.t: expected an integer ≥ 0, received ${show(m.adam?.t)}`);
  }
  const norms = m.norms;
  if (
    cfg.truncate?.clip &&
    !(Number.isFinite(norms?.sum) && Number.isInteger(norms?.count) && (norms as GradNorms).count >= 0)
  ) {
    throw new Error(
      `${where}: norms: expected { sum, count } (the run clips its outer gradient), received ${show(norms)}`,
    );
  }
  const shapes = stateShapes(cfg);
  const learned = [shapes.images, shapes.rawLrs, ...(shapes.labels ? [shapes.labels] : [])];
  const names = ['images', 'rawLrs', 'labels'];
  // every value is read and checked before any tensor is made
  const values = [
    ...learned.map((shape, i) => readValues(found.dir, names[i], m.tensors?.[names[i]], shape)),
    ...learned.map((shape, i) => readValues(found.dir, `adam.m.${i}`, m.tensors?.[`adam.m.${i}`], shape)),
    ...learned.map((shape, i) => readValues(found.dir, `adam.v.${i}`, m.tensors?.[`adam.v.${i}`], shape)),
  ];
  const ts = values.map((v, j) => tf.tensor(v, learned[j % learned.length], 'float32'));
  const n = learned.length;
  const [images, rawLrs, labels] = ts.slice(0, n);
  const state: DistillState = {
    images, rawLrs: rawLrs as tf.Tensor1D, ...(labels ? { labels: labels as tf.Tensor3D } : {}),
    adam: { m: ts.slice(n, 2 * n), v: ts.slice(2 * n), t: m.adam.t }, iteration: m.iteration,
    ...(cfg.truncate?.clip ? { norms: { sum: (norms as GradNorms).sum, count: (norms as GradNorms).count } } : {}),
  };
  return { state, manifest: m, dir: found.dir };
}
