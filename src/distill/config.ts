/**
 * Distillation run configuration: a JSON object, validated field by field (unknown fields,
 * wrong types, non-positive or non-finite rates are errors naming the field) before any work.
 * Defaults mirror the authors' code (dataset-distillation with a `QNN` class).
 */
import { DatasetName, ModelSpec, parseModelSpec } from '../models/spec';

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
}

const DEFAULTS = {
  imagesPerClass: 1, distillSteps: 10, distillEpochs: 3, distillLr: 0.02, epochs: 400, decayEpochs: 40,
  lr: 0.01, betas: [0.5, 0.999], batchSize: 1024, init: 'fixed', seed: 0, evalEvery: 0, evalInits: 5,
  evalTestLimit: 10000, checkpointEvery: 50, profile: 'custom',
} as const;

const fail = (field: string, expected: string, got: unknown): never => {
  throw new Error(`${field}: expected ${expected}, received ${got === undefined ? 'nothing' : typeof got === 'number' ? String(got) : JSON.stringify(got)}`);
};

export function parseDistillConfig(raw: unknown): DistillConfig {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail('config', 'a JSON object', raw);
  const r = raw as Record<string, unknown>;
  const known = ['dataset', 'model', ...Object.keys(DEFAULTS)];
  const extra = Object.keys(r).filter((k) => !known.includes(k));
  if (extra.length) fail(extra[0], `one of the fields ${known.join(', ')}`, r[extra[0]]);
  if (r.dataset !== 'mnist' && r.dataset !== 'cifar10') fail('dataset', "'mnist' or 'cifar10'", r.dataset);
  const dataset = r.dataset as DatasetName;
  const int = (k: keyof typeof DEFAULTS, lo: number) => {
    const v = r[k] ?? DEFAULTS[k];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo) fail(k, `an integer ≥ ${lo}`, v);
    return v as number;
  };
  const pos = (k: keyof typeof DEFAULTS) => {
    const v = r[k] ?? DEFAULTS[k];
    if (typeof v !== 'number' || !Number.isFinite(v) || v <= 0) fail(k, 'a positive finite number', v);
    return v as number;
  };
  const betas = r.betas ?? DEFAULTS.betas;
  if (!Array.isArray(betas) || betas.length !== 2 || !betas.every((b) => typeof b === 'number' && b >= 0 && b < 1)) {
    fail('betas', 'two numbers in [0, 1)', betas);
  }
  const init = r.init ?? DEFAULTS.init;
  if (init !== 'fixed' && init !== 'random') fail('init', "'fixed' or 'random'", init);
  const profile = r.profile ?? DEFAULTS.profile;
  if (typeof profile !== 'string') fail('profile', 'a string', profile);
  return {
    dataset,
    model: parseModelSpec(r.model ?? { kind: 'quantum_lenet' }, dataset, 'model'),
    imagesPerClass: int('imagesPerClass', 1),
    distillSteps: int('distillSteps', 1),
    distillEpochs: int('distillEpochs', 1),
    distillLr: pos('distillLr'),
    epochs: int('epochs', 1),
    decayEpochs: int('decayEpochs', 1),
    lr: pos('lr'),
    betas: betas as [number, number],
    batchSize: int('batchSize', 1),
    init: init as 'fixed' | 'random',
    seed: int('seed', 0),
    evalEvery: int('evalEvery', 0),
    evalInits: int('evalInits', 1),
    evalTestLimit: int('evalTestLimit', 1),
    checkpointEvery: int('checkpointEvery', 1),
    profile: profile as string,
  };
}
