/**
 * eigh (float64 Jacobi on the real embedding of a complex Hermitian): eigenvalues against matrices built by
 * hand from chosen eigenvalues, eigenvectors by their defining properties (H v = λ v, orthonormal), the
 * 2 × 2 closed form, and a degenerate spectrum.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { eigh } from '../../src/linalg/eigh';

type C = [number, number]; // re, im
const mul = (a: C, b: C): C => [a[0] * b[0] - a[1] * b[1], a[0] * b[1] + a[1] * b[0]];
const conj = (a: C): C => [a[0], -a[1]];

/** U diag(λ) U† for a unitary U given as complex rows. */
function fromSpectrum(u: C[][], lambda: number[]): { re: number[][]; im: number[][] } {
  const d = lambda.length;
  const h = Array.from({ length: d }, (_, i) => Array.from({ length: d }, (_, j) => {
    let s: C = [0, 0];
    for (let k = 0; k < d; k++) {
      const t = mul(mul(u[i][k], conj(u[j][k])), [lambda[k], 0]);
      s = [s[0] + t[0], s[1] + t[1]];
    }
    return s;
  }));
  return { re: h.map((r) => r.map((z) => z[0])), im: h.map((r) => r.map((z) => z[1])) };
}

/** max |H v − λ v| over the eigenpairs and max |⟨v_j, v_k⟩ − δ_jk|. */
function residuals(re: number[][], im: number[][], e: ReturnType<typeof eigh>) {
  const d = re.length;
  let eig = 0, orth = 0;
  e.values.forEach((l, k) => {
    for (let i = 0; i < d; i++) {
      let s: C = [0, 0];
      for (let j = 0; j < d; j++) {
        const t = mul([re[i][j], im[i][j]], [e.vectorsRe[k][j], e.vectorsIm[k][j]]);
        s = [s[0] + t[0], s[1] + t[1]];
      }
      eig = Math.max(eig, Math.hypot(s[0] - l * e.vectorsRe[k][i], s[1] - l * e.vectorsIm[k][i]));
    }
    for (let m = 0; m < d; m++) {
      let s: C = [0, 0];
      for (let i = 0; i < d; i++) {
        const t = mul(conj([e.vectorsRe[m][i], e.vectorsIm[m][i]]), [e.vectorsRe[k][i], e.vectorsIm[k][i]]);
        s = [s[0] + t[0], s[1] + t[1]];
      }
      orth = Math.max(orth, Math.hypot(s[0] - (m === k ? 1 : 0), s[1]));
    }
  });
  return { eig, orth };
}

// U = diag(1, i, −1, −i) · (H ⊗ H), H the Hadamard: rows (1/2)(±1, ±1, ±1, ±1) times the phase of the row.
const SIGNS = [[1, 1, 1, 1], [1, -1, 1, -1], [1, 1, -1, -1], [1, -1, -1, 1]];
const PHASES: C[] = [[1, 0], [0, 1], [-1, 0], [0, -1]];
const U: C[][] = SIGNS.map((row, i) => row.map((s) => mul(PHASES[i], [s / 2, 0])));

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
