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
 * - 3: streams of different seeds are independent (`deriveSeed` absorbs the seed before the stream
 *   label; in version 2 seed 1's synthetic images came from seed 2's network stream, and seed 2's
 *   training networks were seed 3's unseen evaluation networks); derived seeds have 53 bits; the
 *   knowledge-distillation teacher trains from stream `kdTeacher` of seed 0 (in version 2 from seed 0
 *   itself, so the student of seed 0 started from the teacher's first weights and batch order).
 */
export const NUMERICS_VERSION = 3;
