/**
 * The open-question studies (notebooks 10-12): quantum LeNet variants distilled with the Table I
 * protocol at `profile.openQuestions` scale, over its seeds, with what each costs:
 * - seconds per outer iteration, measured when the study runs: the median of 3 iterations on
 *   this thread after one warm-up (comparable across variants within one execution), and the
 *   run's own wall time per iteration (evaluations included; depends on machine load and
 *   worker threads, so it is only indicative);
 * - circuit executions of one outer iteration on this thread (`sim/executions.ts`; independent
 *   of worker threads);
 * - parameter counts: all trainable, the quantum ones (circuit weights, trainable quanvolution,
 *   Hermitians), and the observables' real degrees of freedom (4^k per k-qubit Hermitian).
 * Runs are cached; the Table I best row at the same scale is the same run as in notebook 01.
 */
import { InitCache, disposeState, distillStep, initState } from '../distill/loop';
import { DistillConfig } from '../distill/config';
import { DatasetName, Params, disposeParams, initModel, paramCount, parseModelSpec, trainableKeys } from '../models';
import { Row } from '../results/csv';
import { meanStd } from '../util/spread';
import { DistillScale, Profile } from '../results/profile';
import { ImageDataset } from '../data/dataset';
import { loadSplits } from '../runs/datasets';
import { LossEvent, isEvalEvent, readMetrics } from '../runs/metrics';
import { runPaths } from '../runs/run_dir';
import { ExecutionCounts, countExecutions } from '../sim/executions';
import { roundTo } from '../util/round';
import { PlanProgress } from './progress';
import { distillConfig } from './protocol';
import { computeRun, distillSpec } from './run_spec';
import { Variant, VariantRun, seededRuns } from './table1';
import { whileInterruptible } from '../runs/interrupt';

export interface StudyRun {
  variant: Variant;
  dataset: DatasetName;
  seed: number;
  /** Test accuracy (%) of the network trained on the distilled set. */
  accuracy: number;
  iterations: number;
  /** Median seconds of one outer iteration on this thread (see module comment). */
  secondsPerIteration: number;
  /** The run's wall seconds per iteration (evaluations included). */
  runSecondsPerIteration: number;
  /** Circuit executions of one outer iteration (single thread). */
  executionsPerIteration: ExecutionCounts;
  params: { total: number; quantum: number; observable: number };
  losses: Array<{ iteration: number; loss: number }>;
  runDir: string;
}

export const STUDY_COLUMNS = [
  'dataset', 'variant', 'seed', 'accuracy', 'parameters', 'quantum_parameters', 'observable_parameters',
  'seconds_per_iteration', 'run_seconds_per_iteration', 'circuits_per_iteration', 'hardware_circuits_per_iteration',
  'run',
] as const;

const QUANTUM_KEYS = ['q.weights', 'q.hermitian', 'quanv.weights'];

/** Trainable parameter counts of `model` (see module comment). */
export function parameterCounts(model: Record<string, unknown>, dataset: DatasetName): StudyRun['params'] {
  const spec = parseModelSpec(model, dataset);
  const p: Params = initModel(spec, 0);
  try {
    const keys = trainableKeys(spec, p);
    const herm = keys.includes('q.hermitian') ? p['q.hermitian'] : null;
    // A is (groups, d, d, 2); H = (A + A†)/2 has d² = 4^k real degrees of freedom per group;
    // the real symmetric form (n, 3) has 3 per qubit.
    const real = spec.kind === 'quantum_lenet' && spec.hermitianForm === 'real';
    const observable = !herm ? 0 : real ? herm.size : herm.size / 2;
    return {
      total: paramCount(p, keys),
      quantum: paramCount(
        p,
        keys.filter((k) => QUANTUM_KEYS.includes(k)),
      ),
      observable,
    };
  } finally {
    disposeParams(p);
  }
}

/** Circuit executions of the first outer iteration of `cfg`, run on this thread. */
export function iterationExecutions(cfg: DistillConfig, train: ImageDataset): ExecutionCounts {
  return iterationCost(cfg, train, 0).executions;
}

/**
 * Executions of the first outer iteration of `cfg` on this thread, and the median seconds of
 * the next `repeats` iterations (0: not timed).
 */
export function iterationCost(
  cfg: DistillConfig,
  train: ImageDataset,
  repeats = 3,
): { executions: ExecutionCounts; seconds: number } {
  const inits = new InitCache(cfg);
  let state = initState(cfg);
  try {
    const first = countExecutions(() => distillStep(cfg, train, inits, state));
    state = first.result.state;
    const times: number[] = [];
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now();
      state = distillStep(cfg, train, inits, state).state;
      times.push((performance.now() - t0) / 1000);
    }
    times.sort((a, b) => a - b);
    return { executions: first.executions, seconds: repeats ? times[Math.floor(repeats / 2)] : NaN };
  } finally {
    disposeState(state);
    inits.dispose();
  }
}

/** The scale of the studies on `dataset`, or null when the profile skips that dataset. */
export const studyScale = (profile: Profile, dataset: DatasetName): DistillScale | null =>
  profile.openQuestions[dataset];

/** The cached runs of `runVariantStudy`: every variant × seed on `dataset` at the studies' scale. */
export function variantStudyRuns(
  dataset: DatasetName,
  variants: readonly Variant[],
  profile: Profile,
  seeds?: number[],
): VariantRun[] {
  const scale = studyScale(profile, dataset);
  if (scale === null) return [];
  return seededRuns(dataset, variants, seeds ?? scale.seeds, scale, profile.name);
}

/** Runs (or reuses) every variant × seed on `dataset`. */
export async function runVariantStudy(
  dataset: DatasetName,
  variants: readonly Variant[],
  profile: Profile,
  o: { print?: (line: string) => void; workers?: number; seeds?: number[] } = {},
): Promise<{ runs: StudyRun[]; rows: Row[]; configs: unknown[] }> {
  return whileInterruptible(() => runVariantStudyNow(dataset, variants, profile, o));
}

async function runVariantStudyNow(
  dataset: DatasetName,
  variants: readonly Variant[],
  profile: Profile,
  o: { print?: (line: string) => void; workers?: number; seeds?: number[] } = {},
): Promise<{ runs: StudyRun[]; rows: Row[]; configs: unknown[] }> {
  const scale = studyScale(profile, dataset);
  if (scale === null) {
    throw new Error(`profile ${profile.name}: openQuestions.${dataset} is null (this profile skips ${dataset})`);
  }
  const seeds = o.seeds ?? scale.seeds;
  const specs = variantStudyRuns(dataset, variants, profile, seeds);
  const plan = new PlanProgress(specs.length, o.print);
  const { train } = loadSplits(dataset, { trainLimit: scale.trainLimit });
  const runs: StudyRun[] = [];
  const configs: unknown[] = [];
  for (const v of variants) {
    const params = parameterCounts(v.model, dataset);
    const cost = iterationCost(distillConfig(dataset, v.model, seeds[0], scale, profile.name), train);
    for (const { seed, run: spec } of specs.filter((r) => r.variant === v)) {
      const cfg = spec.cfg;
      configs.push(cfg);
      plan.begin(spec.label);
      const run = await computeRun(spec, profile.name, { workers: o.workers, onDistill: plan.distill });
      const losses = readMetrics(runPaths(run.runDir).metrics).filter((e): e is LossEvent => !isEvalEvent(e));
      runs.push({
        variant: v,
        dataset,
        seed,
        accuracy: run.final.eval.mean,
        iterations: run.final.iteration,
        secondsPerIteration: cost.seconds,
        runSecondsPerIteration: run.final.seconds / Math.max(1, run.final.iteration),
        executionsPerIteration: cost.executions,
        params,
        losses: losses.map((e) => ({ iteration: e.iteration, loss: e.loss })),
        runDir: run.runDir,
      });
      plan.end(
        `${run.final.eval.mean.toFixed(2)}%; one iteration on this thread: ` +
          `${cost.seconds.toFixed(2)} s, ${cost.executions.forward} circuits`,
        run.reused,
      );
    }
  }
  const rows = runs.map((r) => ({
    dataset,
    variant: r.variant.key,
    seed: r.seed,
    accuracy: roundTo(r.accuracy, 2),
    parameters: r.params.total,
    quantum_parameters: r.params.quantum,
    observable_parameters: r.params.observable,
    seconds_per_iteration: roundTo(r.secondsPerIteration, 3),
    run_seconds_per_iteration: roundTo(r.runSecondsPerIteration, 3),
    circuits_per_iteration: r.executionsPerIteration.forward,
    hardware_circuits_per_iteration: r.executionsPerIteration.hardwareCircuits,
    run: r.runDir.split('/').slice(-1)[0],
  }));
  return { runs, rows, configs };
}

/** Mean and sample std (as in Table I, `meanStd`) of the runs of one variant, for a numeric field. */
export function studySummary(
  runs: readonly StudyRun[],
  key: string,
  field: (r: StudyRun) => number = (r) => r.accuracy,
): { mean: number; std: number; n: number } {
  const xs = runs.filter((r) => r.variant.key === key).map(field);
  return { ...meanStd(xs), n: xs.length };
}
