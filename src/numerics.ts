/**
 * The numerics version: bumped by every change that alters the numbers an existing config
 * produces (random streams, summation order, shard decomposition, kernels). Run caches include it
 * in their identity, and every result and manifest records it, so that results computed under an
 * older version are never reused or shown as current.
 *
 * History:
 * - 1: everything before versioning (results carry no version).
 * - 2: named random streams (`util/streams.ts`); a fixed shard decomposition of the real batch
 *   (`shards` in the distillation config) with shard results summed in shard order; the trained
 *   weights are unrolled once per iteration and the shards' first-order gradients pulled back
 *   through them.
 */
export const NUMERICS_VERSION = 2;
