/**
 * Notebook 05: what training the quantum LeNet (Table I's best row) costs in circuit executions,
 * on (a) the full training set, (b) random class-balanced real subsets, (c) the distilled set —
 * and what finite shots do to the accuracy of the trained models.
 *
 * Counts come from the simulator's counters (`sim/executions.ts`): simulated circuits, and the
 * parameter-shift estimate of hardware circuit runs (× 1,000 shots per expectation for shots).
 * Training on the distilled set is cheap; producing it is not: its distillation's own count
 * is reported beside it (the run's recorded total, or, for runs cached before counting
 * existed, one measured iteration × the number of iterations).
 */
import * as tf from '@tensorflow/tfjs';
import { ImageDataset, classBalancedSubset, subsetDataset } from '../data';
import { trainOnDistilled } from '../distill/evaluate';
import { accuracy } from '../train/accuracy';
import { setLabels } from '../distill/labels';
import { Params, disposeParams, initModel, parseModelSpec } from '../models';
import { Row } from '../results/csv';
import { Profile } from '../results/profile';
import { loadSplits } from '../runs/datasets';
import { readDistilledSet } from '../runs/final_set';
import { readRunInfo, runPaths } from '../runs/run_dir';
import { ExecutionCounts, countExecutions, estimatedShots } from '../sim/executions';
import { trainFull } from '../train/full';
import { stream } from '../util/streams';
import { roundTo } from '../util/round';
import { PlanProgress } from './progress';
import { distillConfig, trainConfig } from './protocol';
import { DistillRunSpec, computeRun, distillSpec } from './run_spec';
import { TABLE1_VARIANTS } from './table1';
import { iterationExecutions } from './variant_study';
import { whileInterruptible } from '../runs/interrupt';

export const COST_VARIANT = TABLE1_VARIANTS.find((v) => v.key === 'q-res-hermitian')!;

/** The cached run of `runExecutionCost`: Table I's best row, first seed (the run of notebook 01). */
export function executionCostRuns(profile: Profile): DistillRunSpec[] {
  const scale = profile.distill.mnist, seed = scale.seeds[0];
  return [
    distillSpec(
      `${COST_VARIANT.label}, seed ${seed}`,
      distillConfig('mnist', COST_VARIANT.model, seed, scale, profile.name),
      scale,
    ),
  ];
}
export const SHOTS_PER_EXPECTATION = 1000;

export const COST_COLUMNS = [
  'training_set', 'images', 'step', 'accuracy', 'circuits', 'gradient_circuits', 'hardware_circuits', 'estimated_shots',
  'note',
] as const;
export const SHOT_COLUMNS = ['model', 'shots', 'accuracy', 'test_examples'] as const;

export interface CostPoint {
  trainingSet: 'full' | 'random' | 'distilled' | 'distillation';
  images: number;
  step: number;
  accuracy: number | null;
  executions: ExecutionCounts;
  note: string;
}

/** Accuracy of `params` on the first `limit` test images, exactly and with each shot count. */
function shotAccuracies(spec: ReturnType<typeof parseModelSpec>, params: Params, test: ImageDataset, shots: number[],
  limit: number, label: string, seed: number, model: number): Row[] {
  const rows: Row[] = [
    {
      model: label,
      shots: 'exact',
      accuracy: roundTo(accuracy(spec, params, test, { limit }), 2),
      test_examples: limit,
    },
  ];
  shots.forEach((s, k) => rows.push({ model: label, shots: s, accuracy: roundTo(accuracy(spec, params, test, { limit,
    shots: { shots: s, rng: stream(seed, 'shots', model, k) } }), 2), test_examples: limit }));
  return rows;
}

export async function runExecutionCost(
  profile: Profile,
  o: { print?: (line: string) => void; workers?: number } = {},
): Promise<{ points: CostPoint[]; rows: Row[]; shotRows: Row[]; configs: unknown[] }> {
  return whileInterruptible(() => runExecutionCostNow(profile, o));
}

async function runExecutionCostNow(
  profile: Profile,
  o: { print?: (line: string) => void; workers?: number } = {},
): Promise<{ points: CostPoint[]; rows: Row[]; shotRows: Row[]; configs: unknown[] }> {
  const scale = profile.executionCost, dscale = profile.distill.mnist;
  // The study's seed (Table I's first seed): every random draw below is a named stream of it.
  const seed = dscale.seeds[0];
  const spec = parseModelSpec(COST_VARIANT.model, 'mnist');
  const plan = new PlanProgress(2 + scale.subsetsPerClass.length, o.print);
  const { train, test } = loadSplits('mnist', { trainLimit: scale.fullData.trainLimit });
  const testLimit = Math.min(test.n, scale.fullData.testLimit ?? test.n);
  const points: CostPoint[] = [];
  const shotRows: Row[] = [];
  const configs: unknown[] = [];

  // (a) the full training set, accuracy along the way.
  const tcfg = trainConfig('mnist', COST_VARIANT.model, seed, scale.fullData);
  configs.push(tcfg);
  plan.begin(`full training set (${train.n} images, ${scale.fullData.epochs} epoch(s))`);
  const full = await trainFull(tcfg, train, test, {
    testLimit,
    curvePoints: scale.evalPoints,
    onProgress: plan.train,
    onTrained: (p) =>
      shotRows.push(...shotAccuracies(spec, p, test, scale.shots, scale.shotTestLimit, 'full training set', seed, 0)),
  });
  for (const c of full.curve ?? []) {
    points.push({
      trainingSet: 'full',
      images: train.n,
      step: c.step,
      accuracy: c.accuracy,
      executions: c.executions,
      note: `${c.examples} examples seen`,
    });
  }
  plan.end(`${full.accuracy.toFixed(2)}% after ${full.executions.forward} circuits`);

  // (b) random real subsets, trained like the full set.
  for (const perClass of scale.subsetsPerClass) {
    const subset = subsetDataset(
      train,
      classBalancedSubset(train.labels, perClass, stream(seed, 'costSubset', perClass)),
    );
    const scfg = trainConfig('mnist', COST_VARIANT.model, seed, {
      epochs: scale.subsetEpochs, batchSize: Math.min(128, subset.n), trainLimit: null, testLimit,
    });
    configs.push({ ...scfg, perClass });
    plan.begin(`random real subset, ${perClass} per class (${subset.n} images, ${scale.subsetEpochs} epochs)`);
    const r = await trainFull(scfg, subset, test, { testLimit, onProgress: plan.train });
    points.push({
      trainingSet: 'random',
      images: subset.n,
      step: scale.subsetEpochs * Math.ceil(subset.n / scfg.batchSize),
      accuracy: r.accuracy,
      executions: r.executions,
      note: `${perClass} per class; ${scale.subsetEpochs} epochs of Adam`,
    });
    plan.end(`${r.accuracy.toFixed(2)}% after ${r.executions.forward} circuits`);
  }

  // (c) the distilled set of Table I's best row (seed 0; the same run as notebook 01).
  const dspec = executionCostRuns(profile)[0];
  const dcfg = dspec.cfg;
  configs.push(dcfg);
  plan.begin('distilled set (Table I best row, seed 0)');
  const run = await computeRun(dspec, profile.name, { workers: o.workers, onDistill: plan.distill });
  const set = readDistilledSet(runPaths(run.runDir), dcfg, readRunInfo(run.runDir).configHash);
  const images = tf.tensor(set.images, set.shape),
    rawLrs = tf.tensor1d(set.rawLrs),
    labels = setLabels(dcfg, set.labels);
  const p0 = initModel(spec, dcfg.seed);
  const { result: trained, executions } = countExecutions(() =>
    trainOnDistilled(spec, p0, images, labels, rawLrs, {
      distillSteps: dcfg.distillSteps,
      distillEpochs: dcfg.distillEpochs,
    }),
  );
  const nImages = set.shape[0] * set.shape[1];
  points.push({
    trainingSet: 'distilled',
    images: nImages,
    step: dcfg.distillSteps * dcfg.distillEpochs,
    accuracy: run.final.eval.mean,
    executions,
    note: 'gradient descent with the learned learning rates',
  });
  shotRows.push(...shotAccuracies(spec, trained, test, scale.shots, scale.shotTestLimit, 'distilled set', seed, 1));
  const recorded = run.final.executions;
  const perIteration = recorded
    ? null
    : iterationExecutions(dcfg, loadSplits('mnist', { trainLimit: dscale.trainLimit }).train);
  const distillation = recorded ?? scaleCounts(perIteration!, run.final.iteration);
  points.push({
    trainingSet: 'distillation',
    images: nImages,
    step: run.final.iteration,
    accuracy: null,
    executions: distillation,
    note: recorded ? 'recorded by the run' : 'one measured iteration × iterations (run cached before counting)',
  });
  plan.end(
    `${run.final.eval.mean.toFixed(2)}% after ${executions.forward} circuits (distillation: ${distillation.forward})`,
    run.reused,
  );
  disposeParams(p0);
  disposeParams(trained);
  tf.dispose([images, rawLrs, labels]);

  const rows = points.map((p) => ({
    training_set: p.trainingSet,
    images: p.images,
    step: p.step,
    accuracy: p.accuracy === null ? '' : roundTo(p.accuracy, 2),
    circuits: p.executions.forward,
    gradient_circuits: p.executions.gradient,
    hardware_circuits: p.executions.hardwareCircuits,
    estimated_shots: estimatedShots(p.executions, SHOTS_PER_EXPECTATION),
    note: p.note,
  }));
  return { points, rows, shotRows, configs };
}

const scaleCounts = (c: ExecutionCounts, k: number): ExecutionCounts => ({
  forward: c.forward * k,
  gradient: c.gradient * k,
  hardwareCircuits: c.hardwareCircuits * k,
});
