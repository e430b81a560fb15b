/**
 * What the self-distillation study (`self_distill.ts` runs it) compares: its models and
 * variants, the copy's seed, one run's record, the convergence criterion and the time estimate.
 */
import { KdEpoch } from '../train/kd_train';
import { Profile } from '../results/profile';
import { streamSeed } from '../util/streams';
import { KD_STEP_SECONDS } from './kd_models';
import { CachedKdRun } from './kd_cache';

export const SELF_DISTILL_MODELS = [{ qubits: 4, layers: 2 }, { qubits: 6, layers: 2 }] as const;
export const SELF_DISTILL_VARIANTS = [
  { key: 'plain', label: 'plain (cross-entropy)' },
  { key: 'snapshot', label: 'taught by its previous-epoch snapshot' },
  { key: 'copy', label: 'taught by a trained same-size copy' },
] as const;
export type SelfDistillVariant = (typeof SELF_DISTILL_VARIANTS)[number]['key'];
/** Seed of the same-size copy that teaches the student of `seed` (its own stream of that seed). */
export const copySeed = (seed: number): number => streamSeed(seed, 'kdCopyInit');

export interface SelfDistillRun {
  model: string;
  seed: number;
  variant: SelfDistillVariant;
  run: CachedKdRun;
  /** targetFraction × the plain run's final accuracy (same model and seed). */
  target: number;
  /** First epoch with accuracy ≥ target (null: never). */
  epochsToTarget: number | null;
  /** The student's hardware circuit executions up to that epoch. */
  circuitsToTarget: number | null;
  /** Hardware circuits of training the teacher (the copy; 0 otherwise). */
  teacherTrainingCircuits: number;
}

/** The first trained epoch (≥ 1) whose test accuracy is at least `target` (%), or null. */
export const firstReaching = (history: readonly KdEpoch[], target: number): KdEpoch | null =>
  history.find((h) => h.epoch > 0 && h.accuracy >= target) ?? null;

/** Estimated seconds of notebook 21 at a profile (reference machine; cached runs excluded). */
export function estimateSelfDistillSeconds(profile: Profile): number {
  const s = profile.kd, n = s.selfDistill.trainLimit ?? 60000, evals = (s.testLimit ?? 10000) / 1000;
  const perRun = (q: number) =>
    s.selfDistill.epochs * (Math.ceil(n / s.students.batchSize) * KD_STEP_SECONDS[q] + 0.02 * evals);
  return 20 + SELF_DISTILL_MODELS.reduce((a, m) => a + s.selfDistill.seeds.length * 4 * perRun(m.qubits), 0);
}
