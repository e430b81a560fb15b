/**
 * A plain float64 state-vector simulator, the independent reference of the simulator and model
 * tests: complex numbers as `[re, im]` pairs, textbook gate matrices (RX, RY, RZ = exp(−i a P/2),
 * Rot(φ, θ, ω) = RZ(ω) RY(θ) RZ(φ), CNOT), matrices applied amplitude by amplitude, full-register
 * matrices as Kronecker products, StronglyEntanglingLayers and ⟨ψ|H ⊗ I|ψ⟩ written from PennyLane's
 * definitions. Conventions (PennyLane's): wire 0 is the most significant bit of the amplitude
 * index, and a matrix on wires [w₀, w₁, …] has w₀ as the most significant bit of its index.
 * Imports nothing from src/sim; `reference_sim.test.ts` checks it against the PennyLane fixtures.
 */

export type C = [number, number];
export type CMatrix = C[][];

export const cadd = (a: C, b: C): C => [a[0] + b[0], a[1] + b[1]];
export const cmul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const cexp = (phi: number): C => [Math.cos(phi), Math.sin(phi)];

/** Matrix product a·b. */
export const mm = (a: CMatrix, b: CMatrix): CMatrix =>
  a.map((row) => b[0].map((_, j) => row.reduce<C>((s, x, k) => cadd(s, cmul(x, b[k][j])), [0, 0])));

/** Kronecker product a ⊗ b (a's index the more significant). */
export const kron = (a: CMatrix, b: CMatrix): CMatrix =>
  Array.from({ length: a.length * b.length }, (_, i) => Array.from({ length: a[0].length * b[0].length }, (_, j) =>
    cmul(a[Math.floor(i / b.length)][Math.floor(j / b[0].length)], b[i % b.length][j % b[0].length])));

export const identity = (d: number): CMatrix =>
  Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j): C => [i === j ? 1 : 0, 0]));

export const RX = (a: number): CMatrix =>
  [[[Math.cos(a / 2), 0], [0, -Math.sin(a / 2)]], [[0, -Math.sin(a / 2)], [Math.cos(a / 2), 0]]];
export const RY = (a: number): CMatrix =>
  [[[Math.cos(a / 2), 0], [-Math.sin(a / 2), 0]], [[Math.sin(a / 2), 0], [Math.cos(a / 2), 0]]];
export const RZ = (a: number): CMatrix => [[cexp(-a / 2), [0, 0]], [[0, 0], cexp(a / 2)]];
export const ROT = (phi: number, theta: number, omega: number): CMatrix => mm(RZ(omega), mm(RY(theta), RZ(phi)));
/** CNOT on [control, target]: |c t⟩ → |c, t ⊕ c⟩. */
export const CNOT: CMatrix =
  [[1, 0, 0, 0], [0, 1, 0, 0], [0, 0, 0, 1], [0, 0, 1, 0]].map((r) => r.map((x): C => [x, 0]));

/** The full `2^n × 2^n` matrix of a one-qubit gate g on `wire`: I ⊗ … ⊗ g ⊗ … ⊗ I. */
export function onWire(g: CMatrix, wire: number, n: number): CMatrix {
  return kron(kron(identity(2 ** wire), g), identity(2 ** (n - 1 - wire)));
}

/** The full `2^n × 2^n` permutation matrix of CNOT(control → target): column x has its 1 at x ⊕ (x_c · e_t). */
export function cnotFull(control: number, target: number, n: number): CMatrix {
  const d = 2 ** n, bit = (w: number) => 1 << (n - 1 - w);
  const m = Array.from({ length: d }, () => Array.from({ length: d }, (): C => [0, 0]));
  for (let x = 0; x < d; x++) m[x & bit(control) ? x ^ bit(target) : x][x] = [1, 0];
  return m;
}

/** (M on `wires`) ⊗ I elsewhere, applied to one state of n qubits (`2^n` amplitudes). */
export function applyOn(psi: C[], m: CMatrix, wires: number[], n: number): C[] {
  const k = wires.length;
  const mask = wires.reduce((acc, w) => acc | (1 << (n - 1 - w)), 0);
  // the amplitude-index bits of matrix index c: bit k−1−t of c is wire wires[t]
  const spread = (c: number) => wires.reduce((acc, w, t) => acc | (((c >> (k - 1 - t)) & 1) << (n - 1 - w)), 0);
  const rowOf = (i: number) => wires.reduce((acc, w, t) => acc | (((i >> (n - 1 - w)) & 1) << (k - 1 - t)), 0);
  return psi.map((_, i) => {
    const r = rowOf(i), base = i & ~mask;
    let s: C = [0, 0];
    for (let c = 0; c < 2 ** k; c++) s = cadd(s, cmul(m[r][c], psi[base | spread(c)]));
    return s;
  });
}

/** ⟨ψ|(H on `wires`) ⊗ I|ψ⟩ (real part) for one state. */
export function expvalOn(psi: C[], h: CMatrix, wires: number[], n: number): number {
  const hpsi = applyOn(psi, h, wires, n);
  return psi.reduce((s, a, i) => s + a[0] * hpsi[i][0] + a[1] * hpsi[i][1], 0);
}

/** ⟨Z_w⟩ for every wire. */
export function expvalsZ(psi: C[], n: number): number[] {
  return Array.from({ length: n }, (_, w) =>
    psi.reduce((s, a, i) => s + ((i >> (n - 1 - w)) & 1 ? -1 : 1) * (a[0] * a[0] + a[1] * a[1]), 0));
}

/**
 * StronglyEntanglingLayers: per layer l, Rot(weights[l][i]) on every wire i, then
 * CNOT(i, (i + r_l) mod n) for i = 0 … n−1 in order; default r_l = (l mod (n − 1)) + 1.
 */
export function selApply(psi: C[], weights: number[][][], ranges?: number[]): C[] {
  const n = weights[0].length;
  let s = psi;
  weights.forEach((layer, l) => {
    layer.forEach(([phi, theta, omega], i) => (s = applyOn(s, ROT(phi, theta, omega), [i], n)));
    const r = ranges ? ranges[l] : (l % (n - 1)) + 1;
    if (n > 1) for (let i = 0; i < n; i++) s = applyOn(s, CNOT, [i, (i + r) % n], n);
  });
  return s;
}

/** H = (A + A†)/2 from real parameters `a[row][col] = [re, im]`. */
export function hermitianOf(a: number[][][]): CMatrix {
  return a.map((row, i) => row.map((x, j): C => [(x[0] + a[j][i][0]) / 2, (x[1] - a[j][i][1]) / 2]));
}
