/**
 * Measured cost of the four methods of notebook 06 (`beyond_methods.ts`), per shape: seconds per
 * outer iteration on one thread (`iterationCost`, wasm backend), methods interleaved round by
 * round, each round with its own seed (so the truncated methods' random windows differ), the
 * mean over rounds. Only the ratios to the paper method's seconds are used (the equal-budget
 * rule); they are committed so that a run's epochs, and hence its result, do not depend on the
 * machine it runs on.
 *
 * Regenerate (prints the entries below; about 10 minutes on 2 cores):
 *
 *   node scripts/beyond-costs.js [rounds]    (after `make build` and `make data`)
 *
 * The header comment of the entries names the command, date and machine. The reference machine
 * runs other work at low priority: single measurements vary by ±20 %, hence the rounds.
 */

/** One measured shape: dataset, model tag (`modelTag`), real batch, T inner steps and window M. */
export interface BeyondCost {
  dataset: 'mnist' | 'cifar10';
  model: string;
  batch: number;
  /** T of the truncated methods (the paper and soft-label methods train the protocol's 3 steps). */
  steps: number;
  window: number;
  /** Mean seconds per outer iteration of each method. */
  seconds: { paper: number; soft: number; truncated: number; both: number };
  /** Rounds averaged. */
  repeats: number;
}

export const BEYOND_COSTS: readonly BeyondCost[] = [
  // node scripts/beyond-costs.js 5
  // 2026-12-02, 2 × AMD EPYC, wasm backend, one thread
  { dataset: 'mnist', model: 'classical', batch: 128, steps: 6, window: 2, seconds: { paper: 0.2268, soft: 0.1987, truncated: 0.2100, both: 0.2047 }, repeats: 5 }, // ratios 1.00 / 0.88 / 0.93 / 0.90
  { dataset: 'mnist', model: 'quantum-hermitian-res', batch: 128, steps: 6, window: 2, seconds: { paper: 0.4195, soft: 0.4036, truncated: 0.3510, both: 0.3484 }, repeats: 5 }, // ratios 1.00 / 0.96 / 0.84 / 0.83
  { dataset: 'mnist', model: 'classical', batch: 512, steps: 12, window: 4, seconds: { paper: 0.3230, soft: 0.3291, truncated: 0.3862, both: 0.3504 }, repeats: 5 }, // ratios 1.00 / 1.02 / 1.20 / 1.08
  { dataset: 'mnist', model: 'quantum-hermitian-res', batch: 512, steps: 12, window: 4, seconds: { paper: 0.5160, soft: 0.5332, truncated: 0.7611, both: 0.6653 }, repeats: 5 }, // ratios 1.00 / 1.03 / 1.48 / 1.29
  { dataset: 'cifar10', model: 'classical', batch: 512, steps: 12, window: 4, seconds: { paper: 0.9893, soft: 0.8511, truncated: 1.0875, both: 1.0757 }, repeats: 5 }, // ratios 1.00 / 0.86 / 1.10 / 1.09
  { dataset: 'cifar10', model: 'quantum-hermitian-res', batch: 512, steps: 12, window: 4, seconds: { paper: 1.2686, soft: 1.1630, truncated: 1.6917, both: 2.4046 }, repeats: 5 }, // ratios 1.00 / 0.92 / 1.33 / 1.90
  { dataset: 'mnist', model: 'classical', batch: 1024, steps: 12, window: 4, seconds: { paper: 1.1539, soft: 1.2744, truncated: 0.9633, both: 1.2666 }, repeats: 5 }, // ratios 1.00 / 1.10 / 0.83 / 1.10
  { dataset: 'mnist', model: 'quantum-hermitian-res', batch: 1024, steps: 12, window: 4, seconds: { paper: 0.8497, soft: 1.1717, truncated: 1.0403, both: 1.1337 }, repeats: 5 }, // ratios 1.00 / 1.38 / 1.22 / 1.33
  { dataset: 'cifar10', model: 'classical', batch: 1024, steps: 12, window: 4, seconds: { paper: 1.9376, soft: 1.5153, truncated: 1.9618, both: 1.4507 }, repeats: 5 }, // ratios 1.00 / 0.78 / 1.01 / 0.75
  { dataset: 'cifar10', model: 'quantum-hermitian-res', batch: 1024, steps: 12, window: 4, seconds: { paper: 1.4213, soft: 1.2060, truncated: 2.1467, both: 1.8061 }, repeats: 5 }, // ratios 1.00 / 0.85 / 1.51 / 1.27
];
