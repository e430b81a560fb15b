/** How many threads a computation uses by default (speed only: results never depend on it). */
import * as os from 'os';

/** Default shard count of a distillation's real batch (`DistillConfig.shards`). */
export const DEFAULT_SHARDS = 8;

/**
 * Worker threads to use by default: one per extra core (at most `shards − 1`, as more would
 * idle), none with the native backend (which has threads of its own).
 */
export function defaultWorkers(backend: string, shards = DEFAULT_SHARDS): number {
  return backend === 'tensorflow' ? 0 : Math.max(0, Math.min(os.cpus().length, shards) - 1);
}
