/**
 * Seeded pseudo-random numbers: every random draw in qdistill goes through an `Rng`.
 *
 * Generator: xoshiro128** (32-bit state words), seeded through splitmix32 so that
 * neighbouring integer seeds give unrelated streams. The state is four uint32 words
 * and can be saved and restored (`getState` / `Rng.fromState`) so an interrupted run
 * continues with exactly the draws it would have made.
 */

/**
 * The largest seed a user may give (configs, `--seed`). Seeds derived from it (`deriveSeed`: streams,
 * initialisation seeds) go up to 2^53 − 1, and `Rng` takes every integer up to there as a distinct seed.
 */
export const MAX_SEED = 0xffffffff;

export class Rng {
  private s: Uint32Array;
  /** Second Box–Muller normal, cached between calls (part of the state). */
  private spare: number | null = null;

  constructor(seed: number) {
    if (!Number.isFinite(seed)) {
      throw new Error(`Rng: seed must be a finite number, received ${seed}`);
    }
    const whole = Math.floor(seed);
    this.s = splitmix32(whole >>> 0, 0x9e3779b9);
    // a derived seed (up to 2^53 − 1) has high bits: they perturb the state; a 32-bit seed's state is unchanged
    const high = Math.floor(whole / 4294967296) >>> 0;
    if (high !== 0) {
      const t = splitmix32(high, 0x7f4a7c15);
      for (let i = 0; i < 4; i++) this.s[i] ^= t[i];
    }
    if (this.s.every((w) => w === 0)) this.s[0] = 1;
  }

  /** Restores a generator saved with `getState()`. */
  static fromState(state: { words: number[]; spare: number | null }): Rng {
    if (!Array.isArray(state.words) || state.words.length !== 4) {
      throw new Error(`Rng.fromState: expected 4 state words, received ${JSON.stringify(state.words)}`);
    }
    const r = new Rng(0);
    r.s = Uint32Array.from(state.words.map((w) => w >>> 0));
    r.spare = state.spare;
    return r;
  }

  /** A JSON-serialisable copy of the state. */
  getState(): { words: number[]; spare: number | null } {
    return { words: Array.from(this.s), spare: this.spare };
  }

  /** Next raw uint32. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform in [0, 1) with 32 bits of resolution. */
  uniform(): number {
    return this.nextUint32() / 4294967296;
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    if (!Number.isInteger(n) || n <= 0) throw new Error(`Rng.int: n must be a positive integer, received ${n}`);
    return Math.floor(this.uniform() * n);
  }

  /** Standard normal N(0, 1) by the Box–Muller transform. */
  normal(): number {
    if (this.spare !== null) {
      const v = this.spare;
      this.spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = this.uniform();
    const v = this.uniform();
    const r = Math.sqrt(-2 * Math.log(u));
    this.spare = r * Math.sin(2 * Math.PI * v);
    return r * Math.cos(2 * Math.PI * v);
  }

  /** `n` draws from N(mean, std²) as a Float32Array. */
  normals(n: number, mean = 0, std = 1): Float32Array {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = mean + std * this.normal();
    return out;
  }

  /** A uniformly random permutation of 0..n-1 (Fisher–Yates). */
  permutation(n: number): Int32Array {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** Four splitmix32 outputs from `x` (the xoshiro state of a seed; `salt` keeps two uses apart). */
function splitmix32(x: number, salt: number): Uint32Array {
  const out = new Uint32Array(4);
  x = (x ^ salt) >>> 0;
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) >>> 0;
    out[i] = fmix32(x);
  }
  return out;
}

/** murmur3's 32-bit finaliser: a bijection of the uint32s in which every input bit moves every output bit. */
function fmix32(h: number): number {
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b) >>> 0;
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35) >>> 0;
  return (h ^ (h >>> 16)) >>> 0;
}

/** The two 32-bit words (low, high) of a non-negative safe integer; `what` names it in the error. */
function words(x: number, what: string): [number, number] {
  if (!Number.isSafeInteger(x) || x < 0) {
    throw new Error(`deriveSeed: ${what} must be an integer from 0 to 2^53 − 1, received ${x}`);
  }
  return [x >>> 0, Math.floor(x / 4294967296) >>> 0];
}

/**
 * A seed (an integer below 2^53) derived from `seed` and integer `parts` (a stream label, an epoch, an
 * iteration), so that independent, reproducible streams can be opened anywhere without carrying state.
 *
 * The words (number of parts, seed, parts; each as low and high 32 bits) are absorbed one at a time into
 * 64 bits of state, (a, b) ← (f(a ⊕ w), f((b ⊕ a') + c)) with f a bijection, so that for each word the
 * update is a bijection of the state. Two argument lists of the same length that differ in one word (one
 * seed or part below 2^32: the streams of one seed, or one stream of two seeds) therefore never give the
 * same seed (their a differs); lists that differ in more words collide with probability about 2^−53 (the
 * output keeps a and 21 bits of b). Before numerics version 3 the seed and the first part were
 * combined by XOR before mixing, so `(s, A)` and `(s ⊕ A ⊕ B, B)` gave one stream (e.g. seed 1's synthetic
 * images and seed 2's network).
 */
export function deriveSeed(seed: number, ...parts: number[]): number {
  const all = [parts.length, ...words(seed, 'the seed'), ...parts.flatMap((p, i) => words(p, `part ${i}`))];
  let a = 0x6a09e667, b = 0xbb67ae85;
  for (const w of all) {
    a = fmix32((a ^ w) >>> 0);
    b = fmix32((((b ^ a) >>> 0) + 0x9e3779b9) >>> 0);
  }
  return (b & 0x1fffff) * 4294967296 + a;
}
