/**
 * The tables of notebook 06: one row per run (`beyond-paper.csv`), and the summary per setting ×
 * method (mean ± sample std over seeds, n) with the reference numbers of issue 16's targets
 * beside it (CSV cells hold no commas). References are the published numbers the issue quotes; a
 * setting without one has empty reference cells (never invented).
 */
import { DatasetName, modelTag, parseModelSpec } from '../models/spec';
import { Row } from '../results/csv';
import { meanStd } from '../util/spread';
import { roundTo } from '../util/round';
import { BeyondMethod, METHOD_LABELS, settingKey, shapeLabel, usesSoftLabels } from './beyond_methods';
import { BeyondResult } from './beyond_study';

export const BEYOND_COLUMNS = [
  'dataset', 'model', 'init', 'images_per_class', 'distill_steps', 'method', 'soft_labels', 'seed', 'accuracy',
  'eval_inits', 'eval_inits_sample_std',
  'iterations', 'epochs', 'cost_ratio', 'seconds_per_iteration', 'budget_seconds', 'hours', 'train_circuits',
  'train_hardware_circuits', 'run',
] as const;

/**
 * One row per run (`eval_inits_sample_std`: spread over the unseen initialisations of one run, empty for
 * fixed init).
 */
export function beyondRows(results: readonly BeyondResult[]): Row[] {
  return results.map((r) => ({
    dataset: r.dataset, model: r.variant.key, init: r.init, images_per_class: r.imagesPerClass,
    distill_steps: r.distillSteps, method: r.method, soft_labels: usesSoftLabels(r.method),
    seed: r.seed,
    accuracy: roundTo(r.accuracy, 2), eval_inits: r.evalAccuracies.length,
    eval_inits_sample_std: r.evalAccuracies.length > 1 ? roundTo(meanStd(r.evalAccuracies).std, 2) : '',
    iterations: r.iterations, epochs: r.epochs, cost_ratio: roundTo(r.ratio, 3),
    seconds_per_iteration: roundTo(r.secondsPerIteration, 4),
    budget_seconds: roundTo(r.budgetSeconds, 1), hours: roundTo(r.hours, 4),
    train_circuits: r.trainExecutions?.forward ?? '',
    train_hardware_circuits: r.trainExecutions?.hardwareCircuits ?? '',
    run: r.runDir.split('/').slice(-1)[0],
  }));
}

/** A published number to compare a setting with (issue 16's targets table and its sources). */
export interface BeyondReference {
  text: string;
  /** The quoted accuracy (%) for hard-label methods and for soft-label methods (null: none quoted). */
  hard: number | null;
  soft: number | null;
  /** Issue 16's target for the setting ('' where it sets none). */
  target: string;
}

const SUCHOLUTSKY = 'Sucholutsky & Schonlau 2019 (LeNet; fixed init):';
const WANG = 'Wang et al. 2018 (classical LeNet; 100 images in 10 steps of 1 per class; unseen inits):';
/** `dataset/model tag/init` → reference. */
const REFERENCES: Readonly<Record<string, BeyondReference>> = {
  'mnist/quantum-hermitian-res/fixed': {
    text: 'paper Table I (hard labels; 400 epochs): 91.9 %', hard: 91.9, soft: null, target: '>= 95 %',
  },
  'cifar10/quantum-hermitian-res/fixed': {
    text: 'paper Table I (hard labels; 400 epochs): 50.3 %', hard: 50.3, soft: null, target: '>= 55 %',
  },
  'mnist/quantum-hermitian-res/random': {
    text: `${WANG} 79.5 ± 8.1 %`, hard: 79.5, soft: null, target: '>= 80 %',
  },
  'mnist/classical/random': { text: `${WANG} 79.5 ± 8.1 %`, hard: 79.5, soft: null, target: '' },
  'mnist/classical/fixed': {
    text: `${SUCHOLUTSKY} 93.8 % hard labels; > 96 % soft labels (10 images)`, hard: 93.8, soft: 96, target: '',
  },
  'cifar10/classical/fixed': {
    text: `${SUCHOLUTSKY} 54.0 % hard labels; about 60 % soft labels (100 images)`, hard: 54.0, soft: 60, target: '',
  },
};

/** The reference of a setting, or null. */
export function beyondReference(dataset: DatasetName, model: Record<string, unknown>,
  init: 'fixed' | 'random'): BeyondReference | null {
  const { input: _input, ...raw } = model;
  return REFERENCES[`${dataset}/${modelTag(parseModelSpec(raw, dataset))}/${init}`] ?? null;
}

export const BEYOND_SUMMARY_COLUMNS = [
  'dataset', 'model', 'init', 'images_per_class', 'distill_steps', 'method', 'soft_labels', 'accuracy_mean',
  'accuracy_std', 'n', 'iterations',
  'budget_seconds', 'reference', 'reference_accuracy', 'target',
] as const;

/** Mean ± sample std over seeds per setting × method, in the order of `results`. */
export function beyondSummary(results: readonly BeyondResult[]): Row[] {
  const groups = new Map<string, BeyondResult[]>();
  for (const r of results) {
    const k = `${settingKey(r)}|${r.method}`;
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  return [...groups.values()].map((rs) => {
    const r = rs[0], ms = meanStd(rs.map((x) => x.accuracy));
    const ref = beyondReference(r.dataset, r.variant.model, r.init);
    const refAcc = ref === null ? null : usesSoftLabels(r.method) ? ref.soft : ref.hard;
    return {
      dataset: r.dataset, model: r.variant.key, init: r.init, images_per_class: r.imagesPerClass,
      distill_steps: r.distillSteps, method: r.method, soft_labels: usesSoftLabels(r.method),
      accuracy_mean: roundTo(ms.mean, 2), accuracy_std: rs.length > 1 ? roundTo(ms.std, 2) : '', n: rs.length,
      iterations: roundTo(rs.reduce((a, x) => a + x.iterations, 0) / rs.length, 1),
      budget_seconds: roundTo(rs.reduce((a, x) => a + x.budgetSeconds, 0) / rs.length, 1),
      reference: ref?.text ?? '', reference_accuracy: refAcc ?? '', target: ref?.target ?? '',
    };
  });
}

/** The per-method budget lines the notebook prints: ratio, iterations and budget of each method of a setting. */
export function budgetLines(results: readonly BeyondResult[]): string[] {
  const seen = new Set<string>();
  const lines: string[] = [];
  for (const r of results) {
    const k = `${settingKey(r)}|${r.method}`;
    if (seen.has(k)) continue;
    seen.add(k);
    lines.push(`${r.dataset}, ${r.variant.label}, ${r.init} init, ${shapeLabel(r)}, ` +
      `${METHOD_LABELS[r.method as BeyondMethod]}: ` +
      `${r.secondsPerIteration.toFixed(3)} s/iter (ratio ${r.ratio.toFixed(2)} to the fixed-init paper method), ` +
      `${r.epochs} epoch(s) against the paper method's ${r.paperEpochs}: ${r.iterations} iterations, ` +
      `budget ${r.budgetSeconds.toFixed(0)} s on the reference thread`);
  }
  return lines;
}
