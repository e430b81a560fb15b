/**
 * eigh (float64 Jacobi on the real embedding of a complex Hermitian): eigenvalues against matrices built by
 * hand from chosen eigenvalues, eigenvectors by their defining properties (H v = λ v, orthonormal), the
 * 2 × 2 closed form, and a degenerate spectrum.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eigh } from '../../src/linalg/eigh';

import { C, CMatrix, cadd, cmul, mm } from '../sim/reference_sim';

const conj = (a: C): C => [a[0], -a[1]];
const dagger = (a: CMatrix): CMatrix => a[0].map((_, j) => a.map((row) => conj(row[j])));

/** U diag(λ) U† for a unitary U given as complex rows, as real and imaginary parts. */
function fromSpectrum(u: CMatrix, lambda: number[]): { re: number[][]; im: number[][] } {
  const diag = lambda.map((l, i) => lambda.map((_, j): C => [i === j ? l : 0, 0]));
  const h = mm(mm(u, diag), dagger(u));
  return { re: h.map((r) => r.map((z) => z[0])), im: h.map((r) => r.map((z) => z[1])) };
}

/** max |H v − λ v| over the eigenpairs and max |⟨v_j, v_k⟩ − δ_jk|. */
function residuals(re: number[][], im: number[][], e: ReturnType<typeof eigh>) {
  const h: CMatrix = re.map((row, i) => row.map((x, j): C => [x, im[i][j]]));
  const v: C[][] = e.values.map((_, k) => e.vectorsRe[k].map((x, i): C => [x, e.vectorsIm[k][i]]));
  const dot = (a: C[], b: C[]) => a.reduce<C>((s, x, i) => cadd(s, cmul(conj(x), b[i])), [0, 0]);
  let eig = 0, orth = 0;
  e.values.forEach((l, k) => {
    h.forEach((row, i) => {
      const hv = row.reduce<C>((s, x, j) => cadd(s, cmul(x, v[k][j])), [0, 0]);
      eig = Math.max(eig, Math.hypot(hv[0] - l * v[k][i][0], hv[1] - l * v[k][i][1]));
    });
    v.forEach((vm, m) => {
      const z = dot(vm, v[k]);
      orth = Math.max(orth, Math.hypot(z[0] - (m === k ? 1 : 0), z[1]));
    });
  });
  return { eig, orth };
}

// U = diag(1, i, −1, −i) · (H ⊗ H), H the Hadamard: rows (1/2)(±1, ±1, ±1, ±1) times the phase of the row.
const SIGNS = [[1, 1, 1, 1], [1, -1, 1, -1], [1, 1, -1, -1], [1, -1, -1, 1]];
const PHASES: C[] = [[1, 0], [0, 1], [-1, 0], [0, -1]];
const U: CMatrix = SIGNS.map((row, i) => row.map((s) => cmul(PHASES[i], [s / 2, 0])));

test('eigh: the eigenvalues U diag(λ) U† was built from, ascending; eigenvectors: H v = λ v, orthonormal', () => {
  const lambda = [2, -0.25, 0.5, -1.5];
  const { re, im } = fromSpectrum(U, lambda);
  assert.ok(im.some((r) => r.some((v) => Math.abs(v) > 0.1)), 'a matrix with imaginary entries');
  const e = eigh(re, im);
  assert.equal(e.values.length, 4);
  [-1.5, -0.25, 0.5, 2].forEach((l, k) => assert.ok(Math.abs(e.values[k] - l) < 1e-12, `λ${k} ${e.values[k]}, ${l}`));
  const r = residuals(re, im, e);
  assert.ok(r.eig < 1e-12 && r.orth < 1e-12, `|Hv − λv| ${r.eig}, orthonormality ${r.orth}`);
});

test('eigh: a degenerate spectrum (1, 1, 3, 3) still gives 4 orthonormal eigenvectors', () => {
  const { re, im } = fromSpectrum(U, [3, 1, 3, 1]);
  const e = eigh(re, im);
  assert.equal(e.values.length, 4);
  [1, 1, 3, 3].forEach((l, k) => assert.ok(Math.abs(e.values[k] - l) < 1e-12, `λ${k} ${e.values[k]}, ${l}`));
  const r = residuals(re, im, e);
  assert.ok(r.eig < 1e-12 && r.orth < 1e-12, `|Hv − λv| ${r.eig}, orthonormality ${r.orth}`);
});

test('eigh: 2 × 2, aI + bZ + xX + yY has eigenvalues a ± √(b² + x² + y²); a real diagonal is sorted', () => {
  // a = 1, (b, x, y) = (0, 3, 4): [[1, 3 − 4i], [3 + 4i, 1]], eigenvalues 1 ± 5.
  const e = eigh([[1, 3], [3, 1]], [[0, -4], [4, 0]]);
  assert.ok(Math.abs(e.values[0] + 4) < 1e-12 && Math.abs(e.values[1] - 6) < 1e-12, `${e.values}`);
  const diag = eigh([[2, 0, 0], [0, -7, 0], [0, 0, 0.5]], [[0, 0, 0], [0, 0, 0], [0, 0, 0]]);
  assert.deepEqual(diag.values, [-7, 0.5, 2]);
});
