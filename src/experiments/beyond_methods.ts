/**
 * The four methods of notebook 06 ("beyond the paper") as config patches of the Table I protocol:
 * - `paper`: hard labels, the protocol's full unroll (3 inner steps), as in Table I;
 * - `soft`: + learned soft labels (`learnLabels: true`);
 * - `truncated`: + a long inner training of T steps (`distillEpochs` T of the protocol's one
 *   group), of which a random window of M is differentiated, with gradient clipping k
 *   (`truncate: { window: M, clip: k }`);
 * - `both`: soft labels and the truncated long unroll.
 *
 * Equal wall-clock budget: a run's result must not depend on the machine, so the budget is not
 * measured while it runs. Each method gets epochs = max(1, round(E / r_m)), with E the paper
 * method's epochs at the profile and r_m its measured cost ratio (seconds per outer iteration of
 * method m over the paper method's, `beyond_costs.ts`); the learning-rate decay keeps its share of
 * the run (decayEpochs × epochs / E, rounded, at least 1). Whole epochs are the unit: the
 * budget is met up to half an epoch of the paper method's cost. A further random-initialisation
 * setting may use more images per class (the profile's `randomImagesPerClass`); its budget is still
 * the fixed-initialisation paper method's: r_m is then method m's seconds at its shape over the paper
 * method's at the protocol's shape, measured in the same rounds (the cost entry's `anchor`).
 */
import { DistillConfig } from '../distill/config';
import { DatasetName, modelTag, parseModelSpec } from '../models/spec';
import { BeyondDataset, BeyondScale, BeyondUnroll, DistillScale } from '../results/profile';
import { BEYOND_COSTS, BeyondCost } from './beyond_costs';
import { PROTOCOL, distillConfig } from './protocol';
import { Variant } from './table1';

/** The models of notebook 06 (the defaults of its `VARIANT_SPECS`; a test keeps them equal). */
export const BEYOND_VARIANTS: readonly Variant[] = [
  { key: 'classical', label: 'classical LeNet', model: { kind: 'classical_lenet' } },
  { key: 'q-res-hermitian', label: 'QLeNet residual, trainable Hermitian',
    model: { kind: 'quantum_lenet', qubits: 6, layers: 3, observable: 'hermitian', residual: true } },
];

export const BEYOND_METHODS = ['paper', 'soft', 'truncated', 'both'] as const;
export type BeyondMethod = (typeof BEYOND_METHODS)[number];

/** Labels of the methods in tables and figures. */
export const METHOD_LABELS: Readonly<Record<BeyondMethod, string>> = {
  paper: 'paper method (hard labels, 3 steps)',
  soft: '+ soft labels',
  truncated: '+ truncated long unroll',
  both: 'soft labels + truncated unroll',
};

export const usesSoftLabels = (m: BeyondMethod) => m === 'soft' || m === 'both';
export const usesTruncation = (m: BeyondMethod) => m === 'truncated' || m === 'both';

/** The config fields method `m` sets on top of the protocol (none for `paper`). */
export function methodPatch(m: BeyondMethod, unroll: BeyondUnroll): Record<string, unknown> {
  return {
    ...(usesSoftLabels(m) ? { learnLabels: true } : {}),
    ...(usesTruncation(m)
      ? { distillEpochs: unroll.distillEpochs, truncate: { window: unroll.window, clip: unroll.clip } }
      : {}),
  };
}

/** One setting of notebook 06: initialisation and images per class. */
export interface BeyondSetting {
  init: 'fixed' | 'random';
  imagesPerClass: number;
}

/** A setting in words: `fixed init`, `random init`, or with its images per class where not the protocol's. */
export function settingLabel(dataset: DatasetName, s: BeyondSetting): string {
  return s.imagesPerClass === PROTOCOL[dataset].imagesPerClass ? `${s.init} init`
    : `${s.init} init, ${s.imagesPerClass} images per class`;
}

/** The key of a run's setting: dataset, model, init and images per class. */
export const settingKey = (r: { dataset: DatasetName; variant: { key: string } } & BeyondSetting): string =>
  `${r.dataset}|${r.variant.key}|${r.init}|${r.imagesPerClass}`;

/**
 * The settings of notebook 06 on `dataset`: fixed and random initialisation at the protocol's
 * images per class, and random initialisation at the profile's `randomImagesPerClass` when set.
 */
export function beyondSettings(dataset: DatasetName, ds: BeyondDataset): BeyondSetting[] {
  const base = PROTOCOL[dataset].imagesPerClass, more = ds.randomImagesPerClass;
  return [
    { init: 'fixed', imagesPerClass: base }, { init: 'random', imagesPerClass: base },
    ...(more !== undefined && more !== base ? [{ init: 'random' as const, imagesPerClass: more }] : []),
  ];
}

/** Epochs of a method with cost ratio `ratio` under the budget of `paperEpochs` epochs of the paper method. */
export function budgetEpochs(paperEpochs: number, ratio: number): number {
  if (!(ratio > 0) || !Number.isFinite(ratio)) {
    throw new Error(`budgetEpochs: expected a positive cost ratio, received ${ratio}`);
  }
  return Math.max(1, Math.round(paperEpochs / ratio));
}

/** The paper method's scale with the epochs (and decay) of a method of cost ratio `ratio` (module comment). */
export function methodScale(paper: DistillScale, ratio: number): DistillScale {
  const epochs = budgetEpochs(paper.epochs, ratio);
  return { ...paper, epochs, decayEpochs: Math.max(1, Math.round((paper.decayEpochs * epochs) / paper.epochs)) };
}

/**
 * The run config of method `m` for `model` on `dataset`: the Table I protocol at `scale` (the
 * method's, `methodScale`) with the study's settings (model selection on training images, Adam
 * update clipping, unseen initialisations for random init, `imagesPerClass` when given) and the
 * method's patch.
 */
export function beyondConfig(dataset: DatasetName, model: Record<string, unknown>, seed: number,
  init: 'fixed' | 'random', m: BeyondMethod, beyond: BeyondScale, scale: DistillScale, profile: string,
  imagesPerClass: number = PROTOCOL[dataset].imagesPerClass): DistillConfig {
  const ds = beyond[dataset];
  if (ds === null) {
    throw new Error(`beyondConfig: the profile ${profile} has no notebook-06 scale for ${dataset} ` +
      `(beyond.${dataset} is null)`);
  }
  return distillConfig(dataset, model, seed, scale, profile, init, {
    ...(beyond.selectOnTrain > 0 ? { selectOnTrain: beyond.selectOnTrain } : {}),
    ...(beyond.updateClip > 0 ? { updateClip: beyond.updateClip } : {}),
    ...(init === 'random' ? { evalInits: beyond.evalInits } : {}),
    ...(imagesPerClass !== PROTOCOL[dataset].imagesPerClass ? { imagesPerClass } : {}),
    ...methodPatch(m, ds.unroll),
  });
}

const perMethod = (f: (m: BeyondMethod) => number) =>
  Object.fromEntries(BEYOND_METHODS.map((m) => [m, f(m)])) as Record<BeyondMethod, number>;

/** The measured shape a cost entry must match: dataset, model tag, real batch, T, window and images per class. */
export function costShape(dataset: DatasetName, model: Record<string, unknown>, paper: DistillScale,
  unroll: BeyondUnroll, imagesPerClass: number = PROTOCOL[dataset].imagesPerClass,
): Omit<BeyondCost, 'seconds' | 'repeats' | 'anchor'> {
  const n = paper.trainLimit ?? (dataset === 'mnist' ? 60000 : 50000);
  const { input: _input, ...raw } = model;
  const tag = modelTag(parseModelSpec(raw, dataset));
  return {
    dataset, model: tag, batch: Math.min(paper.batchSize, n), steps: unroll.distillEpochs, window: unroll.window,
    imagesPerClass,
  };
}

/**
 * Measured cost of `model`'s methods at the shape of `paper`, `unroll` and `imagesPerClass`:
 * seconds per outer iteration of each method and their ratios to the paper method's at the
 * protocol's images per class (the budget; module comment). Away from the protocol's images per
 * class the seconds are rescaled to the protocol entry's measurement (ratio × its paper seconds).
 * @throws Error naming the shape and the script that measures it when the table lacks it
 */
export function methodCosts(dataset: DatasetName, model: Record<string, unknown>, paper: DistillScale,
  unroll: BeyondUnroll, table: readonly BeyondCost[] = BEYOND_COSTS,
  imagesPerClass: number = PROTOCOL[dataset].imagesPerClass,
): { seconds: Record<BeyondMethod, number>; ratio: Record<BeyondMethod, number> } {
  const find = (ipc: number): BeyondCost => {
    const shape = costShape(dataset, model, paper, unroll, ipc);
    const hit = table.find((e) => e.dataset === shape.dataset && e.model === shape.model && e.batch === shape.batch
      && e.steps === shape.steps && e.window === shape.window && e.imagesPerClass === shape.imagesPerClass);
    if (!hit) {
      throw new Error(`notebook 06: no measured cost ratios for ${JSON.stringify(shape)} ` +
        'in src/experiments/beyond_costs.ts; ' +
        'measure them with `node scripts/beyond-costs.js` (after `make build`) and paste its lines there');
    }
    return hit;
  };
  const hit = find(imagesPerClass);
  const base = PROTOCOL[dataset].imagesPerClass;
  if (imagesPerClass === base) {
    return { seconds: { ...hit.seconds }, ratio: perMethod((m) => hit.seconds[m] / hit.seconds.paper) };
  }
  if (hit.anchor === undefined) {
    throw new Error(`notebook 06: the cost entry of ${dataset} ${hit.model} at ${imagesPerClass} images per class ` +
      `has no anchor (the paper method's seconds at the protocol's ${base}, measured in the same rounds); ` +
      'measure it again with `node scripts/beyond-costs.js`');
  }
  const anchor = hit.anchor, protocolPaper = find(base).seconds.paper;
  const ratio = perMethod((m) => hit.seconds[m] / anchor);
  return { seconds: perMethod((m) => ratio[m] * protocolPaper), ratio };
}
