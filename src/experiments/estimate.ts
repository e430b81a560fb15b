/**
 * Rough duration of a notebook's runs before they start (printed by every notebook; essential
 * for the `paper` profile), from seconds per outer iteration of each model shape
 * (`iterationSeconds`):
 * 1. measured: the shape's entry in `MEASURED_ITERATION_SECONDS` (`iteration_costs.ts`: wall
 *    seconds per iteration of whole runs on the reference machine, 2 cores, wasm) at that batch;
 * 2. measured at another batch size: that entry scaled by the family's linear model below,
 *    `(a + b·batch/2) / (a + b·measured batch/2)`;
 * 3. not measured: the family's linear model `a + b·batch/2` (the real batch shared by 2 threads;
 *    classical or quantum LeNet, fitted
 *    by `node scripts/iteration-model.js`: single-thread timings at batches 128 and 1024) times a
 *    factor for the variant's known costs (quanvolution 1.8× random / 2× trainable, 1.75× per
 *    qubit above 6).
 * Other machines scale roughly uniformly.
 */
import { formatDuration } from '../runs/eta';
import { DistillScale, FullDataScale } from '../results/profile';
import { DatasetName, modelTag, parseModelSpec } from '../models/spec';
import { IterationCost, MEASURED_ITERATION_SECONDS } from './iteration_costs';

/**
 * `[a seconds, b seconds per real image]` per dataset and model family: `node scripts/iteration-model.js`
 * on the reference machine (2026-12-02, single thread, numerics v2). `a` is the unroll on the
 * synthetic set, which no worker thread shares.
 */
const ITERATION_COST: Record<DatasetName, Record<'classical' | 'quantum', [number, number]>> = {
  mnist: { classical: [0.217, 0.00023], quantum: [0.455, 0.0002] },
  cifar10: { classical: [0.596, 0.000317], quantum: [0.753, 0.000311] },
};
/** Fixed seconds per run: worker start-up, data loading, evaluations, writing the run. */
const RUN_OVERHEAD = 3;
/** Seconds per training image of the full-data baseline (forward + backward + Adam). */
const TRAIN_COST: Record<DatasetName, number> = { mnist: 0.0005, cifar10: 0.0008 };

const family = (model: Record<string, unknown>) => (model.kind === 'classical_lenet' ? 'classical' : 'quantum');

/**
 * Cost of an unmeasured quantum LeNet variant relative to the paper's model (rule 3): quanvolution
 * ≈ 1.8× (random circuit) / 2.0× (trainable), ≈ 1.75× per qubit above 6; angle embedding and
 * multi-qubit Hermitians ≈ 1×.
 */
function variantFactor(model: Record<string, unknown>): number {
  let f = 1;
  const quanv = model.quanv as { circuit?: string } | undefined;
  if (quanv) f *= quanv.circuit === 'sel' ? 2 : 1.8;
  if (typeof model.qubits === 'number' && model.qubits > 6) f *= 1.75 ** (model.qubits - 6);
  return f;
}

/** Images in the full training set of `d`. */
export const trainSize = (d: DatasetName): number => (d === 'mnist' ? 60000 : 50000);

/** Threads sharing the real batch on the reference machine (2 cores: the main thread and one worker). */
const BATCH_THREADS = 2;

const linear = (dataset: DatasetName, model: Record<string, unknown>, batch: number) => {
  const [a, b] = ITERATION_COST[dataset][family(model)];
  return a + (b * batch) / BATCH_THREADS;
};

/**
 * Seconds of one outer iteration of `model` on `dataset` with real batch `batch`, and where the
 * number comes from (see module comment; `model` as written or parsed; `table` replaces the
 * measured table in tests).
 */
export function iterationSeconds(
  dataset: DatasetName,
  model: Record<string, unknown>,
  batch: number,
  table: readonly IterationCost[] = MEASURED_ITERATION_SECONDS,
): { seconds: number; source: 'measured' | 'scaled' | 'model' } {
  const { input: _input, ...raw } = model; // a parsed spec (a run config's model) carries its input shape
  const tag = modelTag(parseModelSpec(raw, dataset));
  const same = table.filter((e) => e.dataset === dataset && e.model === tag);
  const exact = same.find((e) => e.batch === batch);
  if (exact) return { seconds: exact.seconds, source: 'measured' };
  if (same.length) {
    const near = same.reduce((x, y) => (Math.abs(y.batch - batch) < Math.abs(x.batch - batch) ? y : x));
    return {
      seconds: (near.seconds * linear(dataset, model, batch)) / linear(dataset, model, near.batch),
      source: 'scaled',
    };
  }
  return { seconds: linear(dataset, model, batch) * variantFactor(model), source: 'model' };
}

/** Estimated seconds of one distillation run of `model` at `scale` (`iterationSeconds` per iteration). */
export function distillSeconds(dataset: DatasetName, model: Record<string, unknown>, scale: DistillScale): number {
  const n = scale.trainLimit ?? trainSize(dataset);
  const iterations = scale.epochs * Math.max(1, Math.floor(n / scale.batchSize));
  return RUN_OVERHEAD + iterations * iterationSeconds(dataset, model, Math.min(scale.batchSize, n)).seconds;
}

/** Estimated seconds of one full-data training run at `scale`. */
export function trainSeconds(dataset: DatasetName, scale: FullDataScale): number {
  return RUN_OVERHEAD + scale.epochs * (scale.trainLimit ?? trainSize(dataset)) * TRAIN_COST[dataset];
}

/** `about 2h10m on the reference machine (2 cores)`. */
export function describeEstimate(seconds: number): string {
  return (
    `about ${formatDuration(seconds)} on the reference machine (2 cores, wasm); ` +
    'runs already in the run cache take no time'
  );
}
