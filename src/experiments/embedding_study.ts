/**
 * Notebook 11's measurements beside its runs (and any copy's): the "loss barrier" probe of each
 * variant at initialisation on real training images (`embeddingProbe`), and the summary table
 * of the study (accuracy, final outer loss, probe means per variant).
 */
import * as tf from '@tensorflow/tfjs';
import { toTensors } from '../data/dataset';
import { loadSplit } from '../distill/datasets';
import { Row } from '../results/csv';
import { mean } from '../results/summary';
import { roundTo } from '../util/round';
import { embeddingProbe } from './layer_probes';
import { Variant } from './table1';
import { StudyRun, studySummary } from './variant_study';

export const EMBEDDING_PROBE_COLUMNS = [
  'variant', 'seed', 'fidelity_mean', 'fidelity_std', 'expval_std', 'grad_norm_circuit', 'grad_norm_all',
] as const;

/** One row per variant × seed: the probe at that seed's initialisation on the first `images` MNIST training images. */
export function embeddingProbeRows(variants: readonly Variant[], seeds: readonly number[], images = 256): Row[] {
  const train = loadSplit('mnist', 'train', { limit: images });
  const batch = toTensors(train, Array.from({ length: train.n }, (_, i) => i));
  try {
    return variants.flatMap((v) => seeds.map((seed) => {
      const p = embeddingProbe(v.model, seed, batch.x, batch.y);
      return {
        variant: v.key,
        seed,
        fidelity_mean: roundTo(p.fidelityMean, 4),
        fidelity_std: roundTo(p.fidelityStd, 4),
        expval_std: roundTo(p.expvalStd, 4),
        grad_norm_circuit: roundTo(p.gradNormCircuit, 5),
        grad_norm_all: roundTo(p.gradNormAll, 5),
      };
    }));
  } finally {
    tf.dispose([batch.x, batch.y]);
  }
}

/**
 * Per variant: accuracy (mean ± std, n), the mean outer loss of the last 20 iterations,
 * and the probe means over seeds.
 */
export function embeddingSummary(
  variants: readonly Variant[], runs: readonly StudyRun[], probeRows: readonly Row[],
): Array<Record<string, string>> {
  const avg = (key: string, f: string) => mean(probeRows.filter((r) => r.variant === key).map((r) => Number(r[f])));
  return variants.map((v) => {
    const a = studySummary(runs, v.key);
    const last = runs.filter((r) => r.variant.key === v.key).map((r) => mean(r.losses.slice(-20).map((l) => l.loss)));
    return {
      variant: v.label,
      accuracy: `${a.mean.toFixed(2)} ± ${a.std.toFixed(2)} (n=${a.n})`,
      'final outer loss': mean(last).toFixed(3),
      'fidelity mean ± std': `${avg(v.key, 'fidelity_mean').toFixed(3)} ± ${avg(v.key, 'fidelity_std').toFixed(3)}`,
      'expval std': avg(v.key, 'expval_std').toFixed(3),
      '‖∇ circuit‖': avg(v.key, 'grad_norm_circuit').toExponential(2),
      '‖∇ all‖': avg(v.key, 'grad_norm_all').toExponential(2),
    };
  });
}
