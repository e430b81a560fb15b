/**
 * Rough duration of a notebook's plan before it starts (printed by every notebook; essential
 * for the `paper` profile). Seconds per outer iteration are modelled as `a + b·batch` per
 * dataset and model family, fitted to `qdistill bench distill`-style timings on the reference
 * machine (2 cores, wasm backend, one worker thread); other machines scale roughly uniformly.
 */
import { DatasetName } from '../models/spec';
import { formatDuration } from '../runs/eta';
import { DistillScale, FullDataScale } from '../results/profile';

/** `[a seconds, b seconds per real image]` per dataset and model family (reference machine). */
const ITERATION_COST: Record<DatasetName, Record<'classical' | 'quantum', [number, number]>> = {
  mnist: { classical: [0.08, 0.00022], quantum: [0.15, 0.00024] },
  cifar10: { classical: [0.2, 0.00035], quantum: [0.3, 0.00037] },
};
/** Fixed seconds per run: worker start-up, data loading, evaluations, writing the run. */
const RUN_OVERHEAD = 3;
/** Seconds per training image of the full-data baseline (forward + backward + Adam). */
const TRAIN_COST: Record<DatasetName, number> = { mnist: 0.0005, cifar10: 0.0008 };

const family = (model: Record<string, unknown>) => (model.kind === 'classical_lenet' ? 'classical' : 'quantum');

/**
 * Cost of a quantum LeNet variant relative to the paper's model (seconds of one outer iteration
 * on one thread, batch 1024, measured by notebooks 10-12 on the reference machine): quanvolution
 * ≈ 1.8× (random circuit) / 2.0× (trainable), 8 qubits ≈ 3×, angle embedding and multi-qubit
 * Hermitians ≈ 1×.
 */
function variantFactor(model: Record<string, unknown>): number {
  let f = 1;
  const quanv = model.quanv as { circuit?: string } | undefined;
  if (quanv) f *= quanv.circuit === 'sel' ? 2 : 1.8;
  if (typeof model.qubits === 'number' && model.qubits > 6) f *= 1.75 ** (model.qubits - 6);
  return f;
}

const trainSize = (d: DatasetName) => (d === 'mnist' ? 60000 : 50000);

/** Estimated seconds of one distillation run of `model` at `scale` (evaluations excluded). */
export function distillSeconds(dataset: DatasetName, model: Record<string, unknown>, scale: DistillScale): number {
  const n = scale.trainLimit ?? trainSize(dataset);
  const iterations = scale.epochs * Math.max(1, Math.floor(n / scale.batchSize));
  const [a, b] = ITERATION_COST[dataset][family(model)];
  return RUN_OVERHEAD + iterations * (a + b * Math.min(scale.batchSize, n)) * variantFactor(model);
}

/** Estimated seconds of one full-data training run at `scale`. */
export function trainSeconds(dataset: DatasetName, scale: FullDataScale): number {
  return RUN_OVERHEAD + scale.epochs * (scale.trainLimit ?? trainSize(dataset)) * TRAIN_COST[dataset];
}

/** `about 2h10m on the reference machine (2 cores)`. */
export function describeEstimate(seconds: number): string {
  return `about ${formatDuration(seconds)} on the reference machine (2 cores, wasm); runs already in the run cache take no time`;
}
