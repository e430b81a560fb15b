/**
 * Seeded pseudo-random numbers: every random draw in qdistill goes through an `Rng`.
 *
 * Generator: xoshiro128** (32-bit state words), seeded through splitmix32 so that
 * neighbouring integer seeds give unrelated streams. The state is four uint32 words
 * and can be saved and restored (`getState` / `Rng.fromState`) so an interrupted run
 * continues with exactly the draws it would have made.
 */

/**
 * The largest seed a user may give (configs, `--seed`): seeds are taken modulo 2^32, so a larger
 * one would repeat a smaller one's draws under another run identity.
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
    this.s = new Uint32Array(4);
    let x = (Math.floor(seed) >>> 0) ^ 0x9e3779b9;
    for (let i = 0; i < 4; i++) {
      // splitmix32
      x = (x + 0x9e3779b9) >>> 0;
      let z = x;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      this.s[i] = (z ^ (z >>> 16)) >>> 0;
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

/**
 * A seed derived from `seed` and integer labels (e.g. an epoch or iteration number), so that
 * independent, reproducible streams can be opened anywhere without carrying generator state.
 */
export function deriveSeed(seed: number, ...parts: number[]): number {
  let h = (Math.floor(seed) ^ 0x85ebca6b) >>> 0;
  for (const p of parts) {
    h = Math.imul(h ^ (Math.floor(p) >>> 0), 0x9e3779b1) >>> 0;
    h = (h ^ (h >>> 15)) >>> 0;
    h = Math.imul(h, 0x2c1b3c6d) >>> 0;
    h = (h ^ (h >>> 12)) >>> 0;
  }
  return h;
}
