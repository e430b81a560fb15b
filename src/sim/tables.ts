/**
 * Constant tables of the simulator, computed once per size in plain JavaScript and cached
 * as typed arrays (never as tensors, so nothing outlives a backend switch or a `tf.tidy`).
 * Index convention: wire 0 is the most significant bit of a basis index.
 */

const cache = new Map<string, Float32Array>();

function cached(key: string, make: () => Float32Array): Float32Array {
  let v = cache.get(key);
  if (v === undefined) {
    v = make();
    cache.set(key, v);
  }
  return v;
}

/** Bit of `wire` in basis index `j` of an `n`-wire register. */
export function bitOf(j: number, wire: number, n: number): number {
  return (j >> (n - 1 - wire)) & 1;
}

/** `S[j, w] = +1` if wire w is 0 in basis state j, else −1; shape `[2^n, n]` (the ⟨Z_w⟩ weights). */
export function signTable(n: number): Float32Array {
  return cached(`sign:${n}`, () => {
    const dim = 2 ** n;
    const s = new Float32Array(dim * n);
    for (let j = 0; j < dim; j++) for (let w = 0; w < n; w++) s[j * n + w] = 1 - 2 * bitOf(j, w, n);
    return s;
  });
}

export type Imprimitive = 'CNOT' | 'CZ';

/**
 * Real `2^n × 2^n` matrix (row-major) of the entangling block of StronglyEntanglingLayers
 * with range `r`: `imprimitive(i, (i + r) mod n)` for i = 0 … n−1, applied in that order.
 */
export function entanglerTable(n: number, r: number, imprimitive: Imprimitive): Float32Array {
  return cached(`ent:${n}:${r}:${imprimitive}`, () => {
    const dim = 2 ** n;
    const m = new Float32Array(dim * dim);
    for (let j = 0; j < dim; j++) {
      let k = j;
      let sign = 1;
      if (n > 1) {
        for (let i = 0; i < n; i++) {
          const c = i;
          const t = (i + r) % n;
          const cb = bitOf(k, c, n);
          if (imprimitive === 'CNOT') {
            if (cb === 1) k ^= 1 << (n - 1 - t);
          } else if (cb === 1 && bitOf(k, t, n) === 1) {
            sign = -sign;
          }
        }
      }
      m[k * dim + j] = sign;
    }
    return m;
  });
}

/**
 * `⊗ⁿ g` for a 2×2 complex matrix g given as `[re00, re01, re10, re11, im00, im01, im10, im11]`;
 * returns `[re, im]`, each `2^n × 2^n` row-major.
 */
export function kronPowerTable(name: string, g: readonly number[], n: number): [Float32Array, Float32Array] {
  const re = cached(`kron:${name}:${n}:re`, () => kronPower(g, n)[0]);
  const im = cached(`kron:${name}:${n}:im`, () => kronPower(g, n)[1]);
  return [re, im];
}

function kronPower(g: readonly number[], n: number): [Float32Array, Float32Array] {
  const dim = 2 ** n;
  const re = new Float32Array(dim * dim);
  const im = new Float32Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j < dim; j++) {
      let pr = 1;
      let pi = 0;
      for (let w = 0; w < n; w++) {
        const e = 2 * bitOf(i, w, n) + bitOf(j, w, n);
        const qr = g[e];
        const qi = g[4 + e];
        const t = pr * qr - pi * qi;
        pi = pr * qi + pi * qr;
        pr = t;
      }
      re[i * dim + j] = pr;
      im[i * dim + j] = pi;
    }
  }
  return [re, im];
}

const H = Math.SQRT1_2;
/** Hadamard: measuring Z after it measures X. */
export const HADAMARD_ENTRIES = [H, H, H, -H, 0, 0, 0, 0] as const;
/** V = H·S†: measuring Z after it measures Y (V Y V† = Z). */
export const Y_BASIS_ENTRIES = [H, 0, H, 0, 0, -H, 0, H] as const;

/**
 * Real block form `[[Mr, −Mi], [Mi, Mr]]` (`[6·2^n, 2·2^n]`) of M = [I ; H^⊗n ; (H S†)^⊗n]
 * (`[3·2^n, 2^n]` complex): the three bases in which Z of every wire reads Z, X and Y.
 */
export function measurementBasesBlock(n: number): Float32Array {
  return cached(`bases:${n}`, () => {
    const dim = 2 ** n;
    const [hr] = kronPowerTable('H', HADAMARD_ENTRIES, n);
    const [vr, vi] = kronPowerTable('HSdag', Y_BASIS_ENTRIES, n);
    const out = new Float32Array(6 * dim * 2 * dim);
    const put = (row: number, col: number, v: number) => (out[row * 2 * dim + col] = v);
    for (let i = 0; i < dim; i++) {
      for (let j = 0; j < dim; j++) {
        const mr = [i === j ? 1 : 0, hr[i * dim + j], vr[i * dim + j]];
        const mi = [0, 0, vi[i * dim + j]];
        for (let b = 0; b < 3; b++) {
          put(b * dim + i, j, mr[b]);
          put(b * dim + i, dim + j, -mi[b]);
          put(3 * dim + b * dim + i, j, mi[b]);
          put(3 * dim + b * dim + i, dim + j, mr[b]);
        }
      }
    }
    return out;
  });
}
