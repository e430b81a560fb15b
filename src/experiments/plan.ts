/**
 * The estimated duration of every reproduction notebook at a profile (printed by
 * `make reproduce` before it starts; each notebook also prints its own): the time left of the
 * runs of the plan (`planRuns`; each run counted once, under the first notebook that reads it;
 * runs in the cache count as done), plus notebook 05's work that is not a cached run.
 */
import { Profile } from '../results/profile';
import { trainSeconds } from './estimate';
import { NOTEBOOK_RUNS, planRuns } from './notebook_runs';

/** Seconds per notebook on the reference machine, runs shared through the cache counted once. */
export function estimateNotebooks(profile: Profile): Record<string, number> {
  const out: Record<string, number> = Object.fromEntries(Object.keys(NOTEBOOK_RUNS).map((nb) => [nb, 0]));
  for (const r of planRuns(profile)) out[r.notebooks[0]] += r.remaining;
  out['05-quantum-execution-cost.ipynb'] += executionCostSeconds(profile);
  return out;
}

/** Notebook 05: full-data training with its evaluations, the subsets, the finite-shot evaluations. */
function executionCostSeconds(profile: Profile): number {
  const c = profile.executionCost;
  const evals = c.evalPoints * (c.fullData.testLimit ?? 10000) * 0.0004;
  const subsets = c.subsetsPerClass.reduce((s, k) => s + c.subsetEpochs * 10 * k * 0.0005, 0);
  return 2 * trainSeconds('mnist', c.fullData) + evals + subsets + 2 * c.shots.length * c.shotTestLimit * 0.001;
}
