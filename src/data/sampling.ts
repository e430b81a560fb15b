/**
 * Seeded index sampling: shuffles, epoch batches and class-balanced subsets.
 *
 * Every function draws only from the `Rng` it is given, so equal seeds give equal results.
 */
import { Rng } from '../util/rng';

function checkCount(fn: string, what: string, v: number, min: number): void {
  if (!Number.isInteger(v) || v < min) {
    throw new Error(`${fn}: expected ${what} to be an integer ≥ ${min}, received ${v}`);
  }
}

/** A uniformly random permutation of 0..n−1 drawn from `rng`. */
export function shuffledIndices(n: number, rng: Rng): Int32Array {
  checkCount('shuffledIndices', 'n', n, 0);
  return rng.permutation(n);
}

/**
 * One epoch of mini-batches: a random permutation of 0..n−1 cut into consecutive batches
 * of `batchSize`. The last batch is shorter when batchSize does not divide n, unless
 * `dropLast` is true, in which case it is omitted. Each batch is a view (subarray) of
 * one shared permutation.
 */
export function batchIndices(n: number, batchSize: number, rng: Rng, dropLast = false): Int32Array[] {
  checkCount('batchIndices', 'n', n, 0);
  checkCount('batchIndices', 'batchSize', batchSize, 1);
  const perm = rng.permutation(n);
  const batches: Int32Array[] = [];
  for (let start = 0; start < n; start += batchSize) {
    const end = Math.min(start + batchSize, n);
    if (dropLast && end - start < batchSize) break;
    batches.push(perm.subarray(start, end));
  }
  return batches;
}

/**
 * Exactly `perClass` distinct examples of every class 0..numClasses−1, chosen uniformly
 * at random without replacement.
 *
 * @returns indices into `labels`, ordered class by class (class 0 first); within a class
 *          the indices are in increasing order. Length numClasses·perClass.
 * @throws Error if a class has fewer than `perClass` examples (naming the class and its
 *         count) or a label lies outside [0, numClasses).
 */
export function classBalancedSubset(
  labels: ArrayLike<number>,
  perClass: number,
  rng: Rng,
  numClasses = 10,
): Int32Array {
  checkCount('classBalancedSubset', 'perClass', perClass, 0);
  checkCount('classBalancedSubset', 'numClasses', numClasses, 1);
  const byClass: number[][] = Array.from({ length: numClasses }, () => []);
  for (let i = 0; i < labels.length; i++) {
    const l = labels[i];
    if (!Number.isInteger(l) || l < 0 || l >= numClasses) {
      throw new Error(`classBalancedSubset: expected labels in [0, ${numClasses}), received ${l} at index ${i}`);
    }
    byClass[l].push(i);
  }
  for (let c = 0; c < numClasses; c++) {
    if (byClass[c].length < perClass) {
      throw new Error(
        `classBalancedSubset: expected at least ${perClass} examples of class ${c}, received ${byClass[c].length}`,
      );
    }
  }
  const out = new Int32Array(numClasses * perClass);
  for (let c = 0; c < numClasses; c++) {
    const pool = byClass[c];
    // Partial Fisher–Yates: the first perClass slots become a uniform random sample.
    for (let j = 0; j < perClass; j++) {
      const r = j + rng.int(pool.length - j);
      const t = pool[j];
      pool[j] = pool[r];
      pool[r] = t;
    }
    const chosen = pool.slice(0, perClass).sort((a, b) => a - b);
    out.set(chosen, c * perClass);
  }
  return out;
}
