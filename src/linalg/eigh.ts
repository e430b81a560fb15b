/**
 * Eigendecomposition of a small complex Hermitian matrix (plain JavaScript, float64).
 *
 * H = Hr + i·Hi is embedded as the real symmetric [[Hr, −Hi], [Hi, Hr]] (each eigenvalue
 * twice), diagonalised by cyclic Jacobi rotations, and d orthonormal complex eigenvectors
 * u + i·v are picked from the 2d real ones by complex Gram–Schmidt.
 */

export interface Eigh {
  /** Ascending eigenvalues, length d. */
  values: number[];
  /** Eigenvector k is `(vectorsRe[k][i] + i·vectorsIm[k][i])_i`. */
  vectorsRe: number[][];
  vectorsIm: number[][];
}

/** Jacobi eigen-solver for a real symmetric matrix (row-major arrays); returns values and column vectors. */
function jacobi(a: number[][]): { values: number[]; vectors: number[][] } {
  const n = a.length;
  const m = a.map((r) => r.slice());
  const v: number[][] = Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p][q] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        if (Math.abs(m[p][q]) < 1e-300) continue;
        const theta = (m[q][q] - m[p][p]) / (2 * m[p][q]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1), s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k][p], mkq = m[k][q];
          m[k][p] = c * mkp - s * mkq;
          m[k][q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p][k], mqk = m[q][k];
          m[p][k] = c * mpk - s * mqk;
          m[q][k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k][p], vkq = v[k][q];
          v[k][p] = c * vkp - s * vkq;
          v[k][q] = s * vkp + c * vkq;
        }
      }
    }
  }
  return { values: m.map((r, i) => r[i]), vectors: Array.from({ length: n }, (_, k) => v.map((row) => row[k])) };
}

/** Eigendecomposition of the Hermitian `re + i·im` (`d × d`). */
export function eigh(re: number[][], im: number[][]): Eigh {
  const d = re.length;
  const big = Array.from({ length: 2 * d }, (_, i) =>
    Array.from({ length: 2 * d }, (_, j) => {
      const [r, c] = [i % d, j % d];
      if ((i < d) === (j < d)) return re[r][c];
      return i < d ? -im[r][c] : im[r][c];
    }),
  );
  const { values, vectors } = jacobi(big);
  const order = values.map((_, k) => k).sort((p, q) => values[p] - values[q]);
  const out: Eigh = { values: [], vectorsRe: [], vectorsIm: [] };
  for (const k of order) {
    let ur = vectors[k].slice(0, d), ui = vectors[k].slice(d);
    for (let m = 0; m < out.values.length; m++) {
      // projection coefficient ⟨e_m, u⟩ = Σ conj(e) u
      let pr = 0, pi = 0;
      for (let i = 0; i < d; i++) {
        pr += out.vectorsRe[m][i] * ur[i] + out.vectorsIm[m][i] * ui[i];
        pi += out.vectorsRe[m][i] * ui[i] - out.vectorsIm[m][i] * ur[i];
      }
      ur = ur.map((x, i) => x - (pr * out.vectorsRe[m][i] - pi * out.vectorsIm[m][i]));
      ui = ui.map((x, i) => x - (pr * out.vectorsIm[m][i] + pi * out.vectorsRe[m][i]));
    }
    const norm = Math.sqrt(ur.reduce((s, x, i) => s + x * x + ui[i] * ui[i], 0));
    if (norm < 0.5) continue;
    out.values.push(values[k]);
    out.vectorsRe.push(ur.map((x) => x / norm));
    out.vectorsIm.push(ui.map((x) => x / norm));
    if (out.values.length === d) break;
  }
  return out;
}
