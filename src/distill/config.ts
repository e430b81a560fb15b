/**
 * Distillation run configuration: a JSON object, validated field by field (unknown fields,
 * wrong types, non-positive or non-finite rates are errors naming the field) before any work.
 * Defaults mirror the authors' code (dataset-distillation with a `QNN` class).
 */
import { DatasetName, ModelSpec, inputShapeOf, parseModelSpec } from '../models/spec';
import { JsonFields, fieldError } from '../util/json_fields';
import { MAX_SEED } from '../util/rng';
import { DEFAULT_SHARDS } from '../util/threads';

export interface DistillConfig {
  dataset: DatasetName;
  model: ModelSpec;
  /** Synthetic images per class in each inner step (MNIST paper setting 1, CIFAR-10 10). */
  imagesPerClass: number;
  /** Synthetic groups (inner steps per epoch); authors' default 10, paper MNIST 1. */
  distillSteps: number;
  /** Passes over the synthetic groups (default 3). */
  distillEpochs: number;
  /** Initial inner learning rate (softplus of the learned raw value); default 0.02. */
  distillLr: number;
  /** Epochs over the real training set (paper scale 400). */
  epochs: number;
  /** Outer learning rate halves every `decayEpochs` epochs (default 40). */
  decayEpochs: number;
  /** Outer Adam learning rate (default 0.01) and betas (default 0.5, 0.999). */
  lr: number;
  betas: [number, number];
  /** Real batch size of the outer loss (default 1024). */
  batchSize: number;
  /**
   * Parts the real batch is split into (default 8), summed in a fixed order: the result does not
   * depend on how many threads compute them (`--workers`), only on this number. Threads beyond
   * `shards − 1` workers stay idle.
   */
  shards: number;
  /** 'fixed': one network initialisation for training and test; 'random': a fresh one each step. */
  init: 'fixed' | 'random';
  seed: number;
  /** Evaluate every this many iterations (0: only at the end). */
  evalEvery: number;
  /** Unseen initialisations averaged at evaluation in 'random' mode (default 5). */
  evalInits: number;
  /** Test examples used at intermediate evaluation points (final evaluation uses all). */
  evalTestLimit: number;
  /** Save a checkpoint every this many iterations. */
  checkpointEvery: number;
  /** Profile name the config came from (recorded, not interpreted). */
  profile: string;
  /**
   * Model selection on training data (absent or 0 = off: the last set is the result). With
   * n ≥ 1, every evaluation point and the end also measure the accuracy on the first n
   * training images, and `final/` holds the synthetic set with the best such accuracy (the
   * latest on ties). The test set plays no part in the choice. Candidates are the sets at the
   * `evalEvery` points (kept in `snapshots/`) and the last one.
   */
  selectOnTrain?: number;
  /**
   * Inner learning-rate jitter j in [0, 1) (absent or 0 = off). With j > 0, the hypergradient
   * of outer iteration i trains with every inner learning rate multiplied by one factor
   * u_i ~ U[1 − j, 1 + j], drawn from the `lrJitter` stream of the seed (the same in every shard, so
   * results do not depend on the number of workers; a resumed run draws the same). The outer
   * loss becomes an average over step sizes, which keeps the set away from inner step sizes at
   * which the unrolled training jumps. Evaluation always uses the learned rates (u = 1).
   */
  lrJitter?: number;
  /**
   * Adam update clipping d (absent or 0 = off): the outer step of the images and of the
   * learning rates is scaled down whenever the root mean square of its update m̂ / (√v̂ + ε)
   * exceeds d (see `AdamOptions.updateClip`). Bounds the steps after a jump of the outer loss.
   */
  updateClip?: number;
  /**
   * Learnable soft labels (absent = off: fixed one-hot labels). Each synthetic image gets a
   * label vector ỹ (`[distillSteps, m, 10]`, initialised one-hot); the inner loss is
   * −Σ_c ỹ_c log softmax(f_θ(x̃))_c and Adam updates images, labels and learning rates together
   * (Sucholutsky & Schonlau, arXiv 1910.02551). ỹ is not normalised: it may leave the simplex.
   */
  learnLabels?: true;
  /** Random truncated unrolls (absent = off: every step differentiated); see `Truncation`. */
  truncate?: Truncation;
}

/**
 * RaT-BPTT (Feng et al., arXiv 2311.07025): of the T = distillSteps × distillEpochs inner steps,
 * outer iteration i trains for t = s + window steps, with the window's start s drawn uniformly in
 * [0, T − window] (stream `truncateWindow`, i), and differentiates only the last `window` steps:
 * the first s run on the fast first-order path without a tape. Evaluation trains all T steps.
 * With `clip` k, an outer gradient whose norm exceeds k × the mean norm of the earlier
 * iterations' (clipped) gradients is scaled down to that bound.
 */
export interface Truncation {
  window: number;
  clip?: number;
}

const DEFAULTS = {
  imagesPerClass: 1,
  distillSteps: 10,
  distillEpochs: 3,
  distillLr: 0.02,
  epochs: 400,
  decayEpochs: 40,
  lr: 0.01,
  betas: [0.5, 0.999],
  batchSize: 1024,
  shards: DEFAULT_SHARDS,
  init: 'fixed',
  seed: 0,
  evalEvery: 0,
  evalInits: 5,
  evalTestLimit: 10000,
  checkpointEvery: 50,
  profile: 'custom',
  selectOnTrain: 0,
  lrJitter: 0,
  updateClip: 0,
  learnLabels: false,
  truncate: null,
} as const;

export function parseDistillConfig(raw: unknown): DistillConfig {
  const f = new JsonFields(raw, ['dataset', 'model'], DEFAULTS);
  const dataset = f.oneOf('dataset', ['mnist', 'cifar10'] as const);
  const betas = f.value('betas');
  if (!Array.isArray(betas) || betas.length !== 2 || !betas.every((b) => typeof b === 'number' && b >= 0 && b < 1)) {
    fieldError('betas', 'two numbers in [0, 1)', betas);
  }
  const profile = f.value('profile');
  if (typeof profile !== 'string') fieldError('profile', 'a string', profile);
  const selectOnTrain = f.int('selectOnTrain', 0); // 0: off
  const lrJitter = f.numberIn('lrJitter', 0, 1); // 0: off
  const updateClip = f.numberIn('updateClip', 0); // 0: off
  const learnLabels = f.value('learnLabels');
  if (typeof learnLabels !== 'boolean') fieldError('learnLabels', 'true or false', learnLabels);
  const distillSteps = f.int('distillSteps', 1), distillEpochs = f.int('distillEpochs', 1);
  const imagesPerClass = f.int('imagesPerClass', 1);
  checkSyntheticSize(dataset, distillSteps, imagesPerClass);
  const truncate = parseTruncation(f.value('truncate'), distillSteps * distillEpochs);
  const model = f.value('model');
  return {
    dataset,
    model: parseModelSpec(model === undefined ? { kind: 'quantum_lenet' } : model, dataset, 'model'),
    imagesPerClass,
    distillSteps,
    distillEpochs,
    distillLr: f.positive('distillLr'),
    epochs: f.int('epochs', 1),
    decayEpochs: f.int('decayEpochs', 1),
    lr: f.positive('lr'),
    betas: betas as [number, number],
    batchSize: f.int('batchSize', 1),
    shards: f.int('shards', 1),
    init: f.oneOf('init', ['fixed', 'random'] as const),
    seed: f.int('seed', 0, MAX_SEED),
    evalEvery: f.int('evalEvery', 0),
    evalInits: f.int('evalInits', 1),
    evalTestLimit: f.int('evalTestLimit', 1),
    checkpointEvery: f.int('checkpointEvery', 1),
    profile: profile as string,
    // left out when off, so that configs without it keep their hash (run caches)
    ...(selectOnTrain > 0 ? { selectOnTrain } : {}),
    ...(lrJitter > 0 ? { lrJitter } : {}),
    ...(updateClip > 0 ? { updateClip } : {}),
    ...(learnLabels ? { learnLabels: true as const } : {}),
    ...(truncate ? { truncate } : {}),
  };
}

/** Largest synthetic set a config may ask for (float32 values): 2 GiB. */
export const MAX_SYNTHETIC_BYTES = 2 ** 31;

/**
 * The synthetic images (distillSteps × 10 classes × imagesPerClass images of the dataset's size,
 * float32) must fit in `MAX_SYNTHETIC_BYTES`; blames imagesPerClass unless distillSteps alone is
 * too large.
 */
function checkSyntheticSize(dataset: DatasetName, steps: number, perClass: number): void {
  const { height, width, channels } = inputShapeOf(dataset);
  const perImage = height * width * channels * 4;
  const bytes = steps * 10 * perClass * perImage;
  if (bytes <= MAX_SYNTHETIC_BYTES) return;
  const gib = (b: number) => `${Number((b / 2 ** 30).toPrecision(3))} GiB`;
  const why = `(the synthetic images, distillSteps × 10 classes × imagesPerClass × ${perImage / 4} values × ` +
    `4 bytes, must fit in ${gib(MAX_SYNTHETIC_BYTES)}; received ${gib(bytes)})`;
  const maxSteps = Math.floor(MAX_SYNTHETIC_BYTES / (10 * perImage));
  if (steps > maxSteps) fieldError('distillSteps', `at most ${maxSteps} on ${dataset} ${why}`, steps);
  const maxPerClass = Math.floor(MAX_SYNTHETIC_BYTES / (steps * 10 * perImage));
  fieldError('imagesPerClass', `at most ${maxPerClass} with distillSteps ${steps} on ${dataset} ${why}`, perClass);
}

/** `truncate`: null/absent (off) or `{ window: 1…T, clip?: k > 0 }` with T the inner steps. */
function parseTruncation(raw: unknown, steps: number): Truncation | null {
  if (raw === null || raw === undefined || raw === false) return null;
  const expected =
    `{ window: an integer in [1, ${steps}] (the inner steps distillSteps × distillEpochs), ` +
    'clip?: a positive number }';
  if (typeof raw !== 'object' || Array.isArray(raw)) fieldError('truncate', expected, raw);
  const r = raw as Record<string, unknown>;
  const extra = Object.keys(r).filter((k) => k !== 'window' && k !== 'clip');
  if (extra.length) fieldError(`truncate.${extra[0]}`, 'one of the fields window, clip', r[extra[0]]);
  const w = r.window;
  if (typeof w !== 'number' || !Number.isInteger(w) || w < 1 || w > steps) {
    fieldError('truncate.window', `an integer in [1, ${steps}] (distillSteps × distillEpochs)`, w);
  }
  if (r.clip === undefined) return { window: w };
  const c = r.clip;
  if (typeof c !== 'number' || !Number.isFinite(c) || c <= 0) {
    fieldError('truncate.clip', 'a positive finite number', c);
  }
  return { window: w, clip: c };
}
