/** Comparisons of nested numeric arrays shared by the tests. */
import assert from 'node:assert/strict';

function flatPair(a: unknown, b: unknown): [number[], number[]] {
  const fa = (a as unknown[]).flat(Infinity as 1) as number[];
  const fb = (b as unknown[]).flat(Infinity as 1) as number[];
  assert.equal(fa.length, fb.length, `length ${fa.length} vs ${fb.length}`);
  return [fa, fb];
}

/** Largest |a − b| over two equally shaped nested arrays. */
export function maxAbsDiff(a: unknown, b: unknown): number {
  const [fa, fb] = flatPair(a, b);
  let m = 0;
  for (let i = 0; i < fa.length; i++) m = Math.max(m, Math.abs(fa[i] - fb[i]));
  return m;
}

/** Largest |a − b| / max(1, |b|): absolute or relative error, whichever is looser. */
export function maxLooseDiff(a: unknown, b: unknown): number {
  const [fa, fb] = flatPair(a, b);
  let m = 0;
  for (let i = 0; i < fa.length; i++) m = Math.max(m, Math.abs(fa[i] - fb[i]) / Math.max(1, Math.abs(fb[i])));
  return m;
}
