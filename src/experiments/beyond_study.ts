/**
 * Notebook 06 ("beyond the paper"): the paper method, + learned soft labels, + truncated long
 * unrolls, and both (`beyond_methods.ts`), at equal wall-clock budget, for each model × dataset
 * (the profile's `beyond` scale) × initialisation (fixed; random, evaluated on unseen ones) ×
 * seed. Every run is a cached RunSpec (listed in NOTEBOOK_RUNS). Per run the study also counts
 * the circuit executions of training the run's model on its set from the run's initialisation
 * (null for the classical model), and it keeps the learned labels for the figures.
 */
import * as tf from '@tensorflow/tfjs';
import { trainOnDistilled } from '../distill/evaluate';
import { setLabels } from '../distill/labels';
import { DatasetName, disposeParams, initModel } from '../models';
import { Profile } from '../results/profile';
import { StoredSet, readDistilledSet } from '../runs/final_set';
import { whileInterruptible } from '../runs/interrupt';
import { readRunInfo, runPaths } from '../runs/run_dir';
import { ExecutionCounts, countExecutions } from '../sim/executions';
import { overDraws } from '../util/spread';
import {
  BEYOND_METHODS, BEYOND_VARIANTS, BeyondMethod, BeyondSetting, METHOD_LABELS, beyondConfig, beyondSettings,
  methodCosts, methodScale, shapeLabel,
} from './beyond_methods';
import { BEYOND_COSTS } from './beyond_costs';
import { PlanProgress } from './progress';
import { DistillRunSpec, computeRun, distillSpec } from './run_spec';
import { Variant } from './table1';

/** One run of the study: its setting, method, seed, budget and cached run. */
export interface BeyondRun {
  dataset: DatasetName;
  variant: Variant;
  init: 'fixed' | 'random';
  /** Images per class in each step of the set, and its steps (the protocol's, or the profile's `randomLayout`). */
  imagesPerClass: number;
  distillSteps: number;
  method: BeyondMethod;
  seed: number;
  /** Measured seconds per outer iteration of the method (one thread) and its ratio to the paper method's. */
  secondsPerIteration: number;
  ratio: number;
  /** Epochs the budget gives the method, and the paper method's (the budget). */
  epochs: number;
  paperEpochs: number;
  run: DistillRunSpec;
}

/** The datasets of the profile's notebook-06 scale. */
export const beyondDatasets = (p: Profile): DatasetName[] =>
  (['mnist', 'cifar10'] as const).filter((d) => p.beyond[d] !== null);

/**
 * Every run of notebook 06 at `profile`: dataset × variant × setting (`beyondSettings`: init and
 * layout) × method × seed, in that order.
 */
export function beyondRuns(profile: Profile, variants: readonly Variant[] = BEYOND_VARIANTS): BeyondRun[] {
  const runs: BeyondRun[] = [];
  for (const dataset of beyondDatasets(profile)) {
    const ds = profile.beyond[dataset]!;
    for (const variant of variants) {
      for (const setting of beyondSettings(dataset, ds)) {
        const costs = methodCosts(dataset, variant.model, ds, setting, BEYOND_COSTS);
        for (const method of BEYOND_METHODS) {
          for (const seed of ds.paper.seeds) {
            runs.push(beyondRun(profile, dataset, variant, setting, method, seed, costs));
          }
        }
      }
    }
  }
  return runs;
}

/** One run of the study, its epochs from the method's cost ratio `costs` (the equal-budget rule). */
function beyondRun(profile: Profile, dataset: DatasetName, variant: Variant, setting: BeyondSetting,
  method: BeyondMethod, seed: number, costs: ReturnType<typeof methodCosts>): BeyondRun {
  const ds = profile.beyond[dataset]!, { init, imagesPerClass, distillSteps } = setting;
  const scale = methodScale(ds.paper, costs.ratio[method]);
  const cfg = beyondConfig(dataset, variant.model, seed, init, method, profile.beyond, scale, profile.name, setting);
  const label = `${dataset} ${variant.label}, ${init} init, ${shapeLabel(setting)}, ${METHOD_LABELS[method]}, ` +
    `seed ${seed}`;
  // Equal budget: the paper method's estimate, scaled by the share of it this method's epochs use.
  const paper = beyondConfig(dataset, variant.model, seed, 'fixed', 'paper', profile.beyond, ds.paper, profile.name);
  const estimate = distillSpec('', paper, ds.paper).estimate * (scale.epochs * costs.ratio[method]) / ds.paper.epochs;
  return {
    dataset, variant, init, imagesPerClass, distillSteps, method, seed, secondsPerIteration: costs.seconds[method],
    ratio: costs.ratio[method],
    epochs: scale.epochs, paperEpochs: ds.paper.epochs, run: { ...distillSpec(label, cfg, scale), estimate },
  };
}

/** A computed run: accuracy, cost and its set. */
export interface BeyondResult extends Omit<BeyondRun, 'run'> {
  /** Test accuracy (%): of the fixed initialisation, or the mean over the unseen ones (random). */
  accuracy: number;
  /** Accuracies on each evaluation initialisation (one for fixed init). */
  evalAccuracies: number[];
  iterations: number;
  /** The run's wall hours (machine-dependent, indicative). */
  hours: number;
  /** Iterations × the method's measured seconds per iteration: the budget it used on the reference thread. */
  budgetSeconds: number;
  /** Circuit executions of training the run's model on the set (null: classical model). */
  trainExecutions: ExecutionCounts | null;
  /** Its set (images null where the run store kept only their hash: `src/runs/final_trim.ts`). */
  set: StoredSet;
  config: DistillRunSpec['cfg'];
  runDir: string;
}

/**
 * Circuit executions of training `cfg.model` on `set` from the run's first evaluation initialisation.
 * They depend on the set's shape only (tested), so a set whose images the store left out is
 * counted on stand-in images of its shape (sin(i): zeros would not embed).
 */
export function trainingExecutions(cfg: DistillRunSpec['cfg'], set: StoredSet, seed: number): ExecutionCounts | null {
  if (cfg.model.kind === 'classical_lenet') return null;
  const n = set.shape.reduce((a, b) => a * b, 1);
  const values = set.images ?? Float32Array.from({ length: n }, (_, i) => Math.sin(i));
  const images = tf.tensor(values, set.shape), rawLrs = tf.tensor1d(set.rawLrs),
    labels = setLabels(cfg, set.labels);
  const p0 = initModel(cfg.model, seed);
  try {
    const { result, executions } = countExecutions(() => trainOnDistilled(cfg.model, p0, images, labels, rawLrs,
      { distillSteps: cfg.distillSteps, distillEpochs: cfg.distillEpochs }));
    disposeParams(result);
    return executions;
  } finally {
    disposeParams(p0);
    tf.dispose([images, rawLrs, labels]);
  }
}

/** Computes (or reuses) every run of `runs` in `profile`'s cache, in order, with progress lines. */
export async function runBeyondStudy(profile: Profile, runs: readonly BeyondRun[],
  o: { print?: (line: string) => void; workers?: number } = {}): Promise<BeyondResult[]> {
  return whileInterruptible(async () => {
    const plan = new PlanProgress(runs.length, o.print);
    const out: BeyondResult[] = [];
    for (const r of runs) {
      plan.begin(r.run.label);
      const run = await computeRun(r.run, profile.name, { workers: o.workers, onDistill: plan.distill });
      const cfg = r.run.cfg;
      const set = readDistilledSet(runPaths(run.runDir), cfg, readRunInfo(run.runDir).configHash, { trimmed: 'allow' });
      const { run: _spec, ...rest } = r;
      const evalAccuracies = run.final.eval.accuracies;
      out.push({
        ...rest, accuracy: run.final.eval.mean, evalAccuracies, iterations: run.final.iteration,
        hours: run.final.seconds / 3600, budgetSeconds: run.final.iteration * r.secondsPerIteration,
        trainExecutions: trainingExecutions(cfg, set, run.final.seeds[0]), set, config: cfg, runDir: run.runDir,
      });
      const acc = r.init === 'fixed' ? `${run.final.eval.mean.toFixed(2)} %`
        : overDraws(evalAccuracies, ['unseen initialisation', 'unseen initialisations']);
      plan.end(`${acc} after ${run.final.iteration} iterations`, run.reused);
    }
    return out;
  });
}
