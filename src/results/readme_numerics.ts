/**
 * The numerics-version lines of `results/README.md` (`readme.ts` writes it): an output's version
 * cell and the sentence on stale outputs.
 */
import { Manifest, isStale, manifestNumericsVersion } from './manifest';
import { NUMERICS_VERSION } from '../numerics';

/** The numerics cell of an output: `v2`, or `v1 (stale: regenerate)` when older than `NUMERICS_VERSION`. */
export function numericsCell(m: Manifest): string {
  return `v${manifestNumericsVersion(m)}${isStale(m) ? ' (stale: regenerate)' : ''}`;
}

/** The sentence saying how many of the outputs `ms` are stale (older numerics version). */
export function staleSummary(ms: readonly Manifest[]): string {
  if (ms.length === 0) return 'No outputs yet.';
  const stale = ms.filter(isStale);
  if (stale.length === 0) {
    return (
      `All ${ms.length} outputs were computed under the current numerics ` +
      `version (v${NUMERICS_VERSION}, \`src/numerics.ts\`).`
    );
  }
  const versions = [...new Set(stale.map(manifestNumericsVersion))]
    .sort((a, b) => a - b)
    .map((v) => `v${v}`)
    .join(', ');
  return (
    `**${stale.length} of ${ms.length} outputs are stale**: ` +
    `they were produced under an older numerics version (${versions}; current: v${NUMERICS_VERSION}, ` +
    `\`src/numerics.ts\`), so their numbers may differ from what the code computes now. ` +
    `Regenerate them with \`make reproduce\`; they are marked "stale" below.`
  );
}
