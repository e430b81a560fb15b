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
 * setting may use another layout of the set (the profile's `randomLayout`: images per class, steps
 * and its own truncated unroll); its budget is still the fixed-initialisation paper method's: r_m is
 * then method m's seconds at its shape over the paper method's at the protocol's shape, measured in
 * the same rounds (the cost entry's `anchor`).
 */
import { DistillConfig } from '../distill/config';
import { DatasetName, modelTag, parseModelSpec } from '../models/spec';
import { BeyondDataset, BeyondLayout, BeyondScale, BeyondUnroll, DistillScale } from '../results/profile';
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

/** One setting of notebook 06: initialisation and the set's layout (with its truncated methods' unroll). */
export interface BeyondSetting extends BeyondLayout {
  init: 'fixed' | 'random';
}

/** A set's shape: images per class in each of `distillSteps` groups. */
type SetShape = Pick<BeyondLayout, 'imagesPerClass' | 'distillSteps'>;

/** The protocol's layout on `dataset` (1 group) with the profile's unroll. */
export const protocolLayout = (dataset: DatasetName, ds: BeyondDataset): BeyondLayout =>
  ({ imagesPerClass: PROTOCOL[dataset].imagesPerClass, distillSteps: PROTOCOL[dataset].distillSteps,
    unroll: ds.unroll });

/** Whether `l` is the protocol's shape of the set on `dataset`. */
export const isProtocolShape = (dataset: DatasetName, l: SetShape): boolean =>
  l.imagesPerClass === PROTOCOL[dataset].imagesPerClass && l.distillSteps === PROTOCOL[dataset].distillSteps;

/** A set's shape in words: `10 images per class`, or `10 steps of 1 image per class`. */
export function shapeLabel(l: SetShape): string {
  const images = `${l.imagesPerClass} image${l.imagesPerClass === 1 ? '' : 's'} per class`;
  return l.distillSteps === 1 ? images : `${l.distillSteps} steps of ${images}`;
}

/** A setting in words: `fixed init`, `random init`, or with its layout where not the protocol's. */
export function settingLabel(dataset: DatasetName, s: { init: string } & SetShape): string {
  return isProtocolShape(dataset, s) ? `${s.init} init` : `${s.init} init, ${shapeLabel(s)}`;
}

/** The key of a run's setting: dataset, model, init, images per class and steps. */
export const settingKey = (r: { dataset: DatasetName; variant: { key: string }; init: string } & SetShape): string =>
  `${r.dataset}|${r.variant.key}|${r.init}|${r.imagesPerClass}|${r.distillSteps}`;

/**
 * The settings of notebook 06 on `dataset`: fixed and random initialisation in the protocol's
 * layout, and random initialisation in the profile's `randomLayout` when set.
 */
export function beyondSettings(dataset: DatasetName, ds: BeyondDataset): BeyondSetting[] {
  const base = protocolLayout(dataset, ds), more = ds.randomLayout;
  return [
    { init: 'fixed', ...base }, { init: 'random', ...base },
    ...(more !== undefined && !isProtocolShape(dataset, more) ? [{ init: 'random' as const, ...more }] : []),
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
 * update clipping, unseen initialisations for random init, the layout's images per class and steps
 * where not the protocol's) and the method's patch (with the layout's unroll).
 * @param layout the set's layout (default: the protocol's, `protocolLayout`)
 */
export function beyondConfig(dataset: DatasetName, model: Record<string, unknown>, seed: number,
  init: 'fixed' | 'random', m: BeyondMethod, beyond: BeyondScale, scale: DistillScale, profile: string,
  layout?: BeyondLayout): DistillConfig {
  const ds = beyond[dataset];
  if (ds === null) {
    throw new Error(`beyondConfig: the profile ${profile} has no notebook-06 scale for ${dataset} ` +
      `(beyond.${dataset} is null)`);
  }
  const l = layout ?? protocolLayout(dataset, ds), p = PROTOCOL[dataset];
  return distillConfig(dataset, model, seed, scale, profile, init, {
    ...(beyond.selectOnTrain > 0 ? { selectOnTrain: beyond.selectOnTrain } : {}),
    ...(beyond.updateClip > 0 ? { updateClip: beyond.updateClip } : {}),
    ...(init === 'random' ? { evalInits: beyond.evalInits } : {}),
    ...(l.imagesPerClass !== p.imagesPerClass ? { imagesPerClass: l.imagesPerClass } : {}),
    ...(l.distillSteps !== p.distillSteps ? { distillSteps: l.distillSteps } : {}),
    ...methodPatch(m, l.unroll),
  });
}

const perMethod = (f: (m: BeyondMethod) => number) =>
  Object.fromEntries(BEYOND_METHODS.map((m) => [m, f(m)])) as Record<BeyondMethod, number>;

/**
 * The measured shape a cost entry must match: dataset, model tag, real batch, the truncated methods'
 * passes and window, images per class and steps.
 */
export function costShape(dataset: DatasetName, model: Record<string, unknown>, paper: DistillScale,
  layout: BeyondLayout): Omit<BeyondCost, 'seconds' | 'repeats' | 'anchor'> {
  const n = paper.trainLimit ?? (dataset === 'mnist' ? 60000 : 50000);
  const { input: _input, ...raw } = model;
  const tag = modelTag(parseModelSpec(raw, dataset));
  return {
    dataset, model: tag, batch: Math.min(paper.batchSize, n), steps: layout.unroll.distillEpochs,
    window: layout.unroll.window, imagesPerClass: layout.imagesPerClass, distillSteps: layout.distillSteps,
  };
}

/** Whether cost entry `e` was measured at `shape` (`costShape`). */
export const sameCostShape = (e: BeyondCost, shape: ReturnType<typeof costShape>): boolean =>
  (['dataset', 'model', 'batch', 'steps', 'window', 'imagesPerClass', 'distillSteps'] as const)
    .every((k) => e[k] === shape[k]);

/**
 * Measured cost of `model`'s methods on `dataset` at `ds`'s paper scale in `layout`: seconds per
 * outer iteration of each method and their ratios to the paper method's in the protocol's layout
 * (the budget; module comment). Away from the protocol's layout the seconds are rescaled to the
 * protocol entry's measurement (ratio × its paper seconds).
 * @param layout the set's layout (default: the protocol's)
 * @throws Error naming the shape and the script that measures it when the table lacks it
 */
export function methodCosts(dataset: DatasetName, model: Record<string, unknown>, ds: BeyondDataset,
  layout: BeyondLayout = protocolLayout(dataset, ds), table: readonly BeyondCost[] = BEYOND_COSTS,
): { seconds: Record<BeyondMethod, number>; ratio: Record<BeyondMethod, number> } {
  const find = (l: BeyondLayout): BeyondCost => {
    const shape = costShape(dataset, model, ds.paper, l);
    const hit = table.find((e) => sameCostShape(e, shape));
    if (!hit) {
      throw new Error(`notebook 06: no measured cost ratios for ${JSON.stringify(shape)} ` +
        'in src/experiments/beyond_costs.ts; ' +
        'measure them with `node scripts/beyond-costs.js` (after `make build`) and paste its lines there');
    }
    return hit;
  };
  const hit = find(layout);
  if (isProtocolShape(dataset, layout)) {
    return { seconds: { ...hit.seconds }, ratio: perMethod((m) => hit.seconds[m] / hit.seconds.paper) };
  }
  if (hit.anchor === undefined) {
    throw new Error(`notebook 06: the cost entry of ${dataset} ${hit.model} at ${shapeLabel(layout)} ` +
      `has no anchor (the paper method's seconds in the protocol's layout, measured in the same rounds); ` +
      'measure it again with `node scripts/beyond-costs.js`');
  }
  const anchor = hit.anchor, protocolPaper = find(protocolLayout(dataset, ds)).seconds.paper;
  const ratio = perMethod((m) => hit.seconds[m] / anchor);
  return { seconds: perMethod((m) => ratio[m] * protocolPaper), ratio };
}
