/**
 * The identity of a distillation run: what determines its numbers. Two configs with the same
 * identity give bitwise the same run on any machine (whatever the worker-thread count); the
 * identity is the config without the fields that change nothing in the result, under the
 * current numerics version (`src/numerics.ts`). Run caches key on it, checkpoints and results
 * record its hash, and a run is resumed only under the same identity.
 */
import { DistillConfig } from '../distill/config';
import { NUMERICS_VERSION } from '../numerics';
import { configHash } from './config_compare';

/** Config fields that change nothing in a run's numbers (how often to save, a recorded label). */
export const RESULT_NEUTRAL_FIELDS = ['checkpointEvery', 'profile'] as const;

export interface RunIdentity {
  numericsVersion: number;
  config: Omit<DistillConfig, (typeof RESULT_NEUTRAL_FIELDS)[number]>;
}

export function runIdentity(cfg: DistillConfig): RunIdentity {
  const config = { ...cfg } as Partial<DistillConfig>;
  for (const f of RESULT_NEUTRAL_FIELDS) delete config[f];
  return { numericsVersion: NUMERICS_VERSION, config: config as RunIdentity['config'] };
}

/** sha256 of the run's identity (recorded in config.json, checkpoints and result.json). */
export const identityHash = (cfg: DistillConfig): string => configHash(runIdentity(cfg));
