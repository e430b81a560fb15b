/**
 * Measured seconds per outer iteration of a distillation run, per model shape, on the reference
 * machine (2 cores, wasm backend, default worker threads): a run's wall seconds over its
 * iterations (`final/result.json`: seconds / iteration), so evaluations and start-up are in it.
 *
 * Regenerate from the finished runs of a run cache (prints the entries to paste below):
 *
 *   node scripts/iteration-costs.js runstore/standard [runs/reproduce/quick …]
 *
 * The entries below are the `run_seconds_per_iteration` column (the same quantity, mean over
 * seeds) of the standard profile's results/oq1-quanvolution.csv, oq2-angle-embedding.csv and
 * oq3-multiqubit-hermitian.csv (their runs are not in this checkout's run store).
 * Shapes not listed are estimated by the rule in `estimate.ts` (`iterationSeconds`).
 */
import { DatasetName } from '../models/spec';

/** One measured shape: the dataset, the model's tag (`modelTag`, as in run folder names), the real batch. */
export interface IterationCost {
  dataset: DatasetName;
  model: string;
  batch: number;
  seconds: number;
}

export const MEASURED_ITERATION_SECONDS: readonly IterationCost[] = [
  { dataset: 'mnist', model: 'quantum-hermitian-res', batch: 1024, seconds: 0.386 },
  { dataset: 'mnist', model: 'quantum-hermitian-res-quanv-random1', batch: 1024, seconds: 1.139 },
  { dataset: 'mnist', model: 'quantum-hermitian-res-quanv-sel1', batch: 1024, seconds: 1.532 },
  { dataset: 'mnist', model: 'quantum-hermitian-res-angleX', batch: 1024, seconds: 0.432 },
  { dataset: 'mnist', model: 'quantum-hermitian-res-8q3l-angleX', batch: 1024, seconds: 2.290 },
  { dataset: 'mnist', model: 'quantum-hermitian-res-k2', batch: 1024, seconds: 0.451 },
  { dataset: 'mnist', model: 'quantum-hermitian-res-k3', batch: 1024, seconds: 0.453 },
  { dataset: 'cifar10', model: 'quantum-hermitian-res', batch: 1024, seconds: 0.937 },
  { dataset: 'cifar10', model: 'quantum-hermitian-res-k2', batch: 1024, seconds: 1.075 },
  { dataset: 'cifar10', model: 'quantum-hermitian-res-k3', batch: 1024, seconds: 0.833 },
];
