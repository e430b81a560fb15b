/**
 * Configuration of the full-data baseline (`qdistill train CONFIG`): a JSON object validated
 * field by field like the distillation config (unknown fields, wrong types, non-positive or
 * non-finite rates are errors naming the field).
 */
import { DatasetName, ModelSpec, parseModelSpec } from '../models/spec';

export interface TrainConfig {
  dataset: DatasetName;
  model: ModelSpec;
  /** Passes over the training set (default 10). */
  epochs: number;
  /** Mini-batch size (default 128; the last batch of an epoch may be shorter). */
  batchSize: number;
  /** Adam learning rate (default 0.001; betas 0.9, 0.999). */
  lr: number;
  /** Seed of the initialisation and of the batch order (default 0). */
  seed: number;
}

const DEFAULTS = { epochs: 10, batchSize: 128, lr: 0.001, seed: 0 } as const;

const fail = (field: string, expected: string, got: unknown): never => {
  throw new Error(`${field}: expected ${expected}, received ${got === undefined ? 'nothing' : typeof got === 'number' ? String(got) : JSON.stringify(got)}`);
};

/** Validates a train config given as JSON, filling defaults. */
export function parseTrainConfig(raw: unknown): TrainConfig {
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
  const lr = r.lr ?? DEFAULTS.lr;
  if (typeof lr !== 'number' || !Number.isFinite(lr) || lr <= 0) fail('lr', 'a positive finite number', lr);
  return {
    dataset,
    model: parseModelSpec(r.model ?? { kind: 'quantum_lenet' }, dataset, 'model'),
    epochs: int('epochs', 1),
    batchSize: int('batchSize', 1),
    lr: lr as number,
    seed: int('seed', 0),
  };
}
