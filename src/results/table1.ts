/**
 * Table I of Phalak, Li, Ghosh (arXiv 2503.17935): format of `results/table1.csv` and the
 * paper's published values (abstract and summaries only; nothing else is public).
 */
import { DatasetName, ModelSpec } from '../models/spec';
import { roundTo as round } from '../util/round';
import { meanStd } from '../util/spread';
import { Row } from './csv';

export const TABLE1_COLUMNS = [
  'dataset', 'variant', 'model', 'observable', 'residual', 'init', 'images_per_class', 'n_seeds',
  'accuracy_mean', 'accuracy_std', 'paper_accuracy', 'delta_vs_paper', 'profile',
] as const;

export type Table1Observable = 'none' | 'pauliz' | 'hermitian' | 'hermitian_fixed';

/** The model columns of a row: `model`, `observable`, `residual`. */
export function modelColumns(spec: ModelSpec): {
  model: ModelSpec['kind'];
  observable: Table1Observable;
  residual: boolean;
} {
  if (spec.kind === 'classical_lenet') return { model: 'classical_lenet', observable: 'none', residual: false };
  if (spec.kind === 'qnn_classifier') return { model: 'qnn_classifier', observable: 'pauliz', residual: false };
  return { model: 'quantum_lenet', observable: spec.observable, residual: spec.residual };
}

/** `dataset/model/observable/residual` → the paper's accuracy (%), for fixed initialisation. */
const PAPER: Record<string, number> = {
  'mnist/classical_lenet/none/false': 94.0,
  'cifar10/classical_lenet/none/false': 54.0,
  'mnist/quantum_lenet/hermitian/true': 91.9,
  'cifar10/quantum_lenet/hermitian/true': 50.3,
  'mnist/quantum_lenet/hermitian/false': 86.5,
  'cifar10/quantum_lenet/hermitian/false': 31.3,
  'mnist/quantum_lenet/pauliz/false': 82.3,
};

/**
 * The paper's accuracy for this row, or null where the paper gives none (random
 * initialisation; residual + PauliZ; the fixed Hermitian, given only as "up to 1.8 / 1.3
 * below" the trainable one; PauliZ on CIFAR-10). Never invented.
 */
export function paperAccuracy(dataset: DatasetName, spec: ModelSpec, init: 'fixed' | 'random'): number | null {
  if (init !== 'fixed') return null;
  const c = modelColumns(spec);
  return PAPER[`${dataset}/${c.model}/${c.observable}/${c.residual}`] ?? null;
}

/**
 * One row of `table1.csv` from accuracies (percent): one per seed (fixed initialisation), or
 * one per seed × unseen initialisation (random; then pass `nSeeds`, the distillation seeds).
 * `variant` is the row's key (`TABLE1_VARIANTS`): two rows can share the model columns (QLeNet
 * R+H as the paper describes it and as the authors' code runs it; both answer to the paper's number).
 */
export function table1Row(
  dataset: DatasetName,
  variant: string,
  spec: ModelSpec,
  init: 'fixed' | 'random',
  imagesPerClass: number,
  accuracies: readonly number[],
  profile: string,
  nSeeds = accuracies.length,
): Row {
  const { mean, std } = meanStd(accuracies);
  const paper = paperAccuracy(dataset, spec, init);
  return {
    dataset,
    variant,
    ...modelColumns(spec),
    init,
    images_per_class: imagesPerClass,
    n_seeds: nSeeds,
    accuracy_mean: round(mean, 2),
    accuracy_std: round(std, 2),
    paper_accuracy: paper,
    delta_vs_paper: paper === null ? null : round(mean - paper, 2),
    profile,
  };
}
