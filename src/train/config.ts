/**
 * Configuration of the full-data baseline (`qdistill train CONFIG`): a JSON object validated
 * field by field like the distillation config (unknown fields, wrong types, non-positive or
 * non-finite rates are errors naming the field).
 */
import { DatasetName, ModelSpec, parseModelSpec } from '../models/spec';
import { JsonFields } from '../util/json_fields';
import { MAX_SEED } from '../util/rng';

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

/** Validates a train config given as JSON, filling defaults. */
export function parseTrainConfig(raw: unknown): TrainConfig {
  const f = new JsonFields(raw, ['dataset', 'model'], DEFAULTS);
  const dataset = f.oneOf('dataset', ['mnist', 'cifar10'] as const);
  const model = f.value('model');
  return {
    dataset,
    model: parseModelSpec(model === undefined ? { kind: 'quantum_lenet' } : model, dataset, 'model'),
    epochs: f.int('epochs', 1),
    batchSize: f.int('batchSize', 1),
    lr: f.positive('lr'),
    seed: f.int('seed', 0, MAX_SEED),
  };
}
