import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Rng, deriveSeed } from '../../src/util/rng';

test('same seed gives the same stream, different seeds differ', () => {
  const a = new Rng(7), b = new Rng(7), c = new Rng(8);
  const xa = Array.from({ length: 5 }, () => a.nextUint32());
  const xb = Array.from({ length: 5 }, () => b.nextUint32());
  const xc = Array.from({ length: 5 }, () => c.nextUint32());
  assert.deepEqual(xa, xb);
  assert.notDeepEqual(xa, xc);
});

test('state round-trips mid-stream, including the cached normal', () => {
  const a = new Rng(3);
  a.normal();
  const saved = JSON.parse(JSON.stringify(a.getState()));
  const expected = [a.normal(), a.uniform(), a.int(10)];
  const b = Rng.fromState(saved);
  assert.deepEqual([b.normal(), b.uniform(), b.int(10)], expected);
});

test('normals have mean 0 and variance 1 within sampling error', () => {
  const x = new Rng(11).normals(200000);
  let m = 0, v = 0;
  for (const t of x) m += t;
  m /= x.length;
  for (const t of x) v += (t - m) ** 2;
  v /= x.length;
  assert.ok(Math.abs(m) < 0.01, `mean ${m}`);
  assert.ok(Math.abs(v - 1) < 0.02, `variance ${v}`);
});

test('permutation is a permutation and uniform draws lie in [0, 1)', () => {
  const r = new Rng(5);
  const p = Array.from(r.permutation(100)).sort((x, y) => x - y);
  assert.deepEqual(p, Array.from({ length: 100 }, (_, i) => i));
  for (let i = 0; i < 1000; i++) {
    const u = r.uniform();
    assert.ok(u >= 0 && u < 1);
  }
});

test('bad arguments are rejected with the received value', () => {
  assert.throws(() => new Rng(NaN), /seed must be a finite number, received NaN/);
  assert.throws(() => new Rng(1).int(0), /positive integer, received 0/);
});

// Expected values from an independent Python implementation (integers, no imul) of the construction
// documented in rng.ts: splitmix32 seeding, xoshiro128**, and deriveSeed's two-lane absorption.
test('seeds above 2^32 are distinct seeds, and 32-bit seeds keep their streams', () => {
  const draw = (seed: number) => { const r = new Rng(seed); return [r.nextUint32(), r.nextUint32()]; };
  assert.deepEqual(draw(5), [3579099076, 38995620]);
  assert.deepEqual(draw(2 ** 40 + 5), [3105551620, 2697543233]);
});

test('deriveSeed matches the reference implementation and refuses what it cannot represent', () => {
  assert.equal(deriveSeed(1, 101), 7202396040227754);
  assert.equal(deriveSeed(2, 102), 3921785993859159);
  assert.equal(deriveSeed(12345, 114, 2 ** 40 + 7), 8425301407697964);
  assert.throws(() => deriveSeed(-1, 3), /the seed must be an integer from 0 to 2\^53 − 1, received -1$/);
  assert.throws(() => deriveSeed(1, 2, 0.5), /part 1 must be an integer from 0 to 2\^53 − 1, received 0.5$/);
});
