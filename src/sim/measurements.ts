/**
 * Exact measurements on batched states: expectation values and probabilities.
 * Matrix index convention for multi-wire observables: the first listed wire is the most
 * significant bit (PennyLane's `qml.Hermitian(H, wires=[i, j])`: index 2·b_i + b_j).
 */
import * as tf from '@tensorflow/tfjs';
import { applyMatrix } from './apply_matrix';
import { Complex } from './complex';
import { State, checkWires } from './state';
import { permuteAxes } from './permute';
import { signTable } from './tables';
import { matMulConst, transposeLast } from '../linalg/matmul';
import { tidy } from '../util/tidy';
import { split, unstack } from '../util/slices';

const allWires = (n: number) => Array.from({ length: n }, (_, w) => w);

/** |amplitude|², `[batch, 2^n]`. */
function basisProbs(state: State): tf.Tensor2D {
  return tf.add(tf.square(state.re), tf.square(state.im));
}

/** ⟨Z_w⟩ for each listed wire (default all), `[batch, wires.length]`. */
export function expvalPauliZ(state: State, wires: number[] = allWires(state.nWires)): tf.Tensor2D {
  const n = state.nWires;
  checkWires(wires, n);
  return tidy(() => {
    const dim = 2 ** n;
    const s = tf.tensor2d(signTable(n), [dim, n]);
    const cols = wires.length === n && wires.every((w, i) => w === i) ? s : tf.gather(s, wires, 1);
    return matMulConst(basisProbs(state), cols as tf.Tensor2D) as tf.Tensor2D;
  });
}

/**
 * Hermitian matrices H = (A + A†)/2 from unconstrained real parameters.
 * @param a `(…, d, d, 2)`: `[row, col, re/im]`.
 * @returns complex `(…, d, d)`.
 */
export function hermitianFromParams(a: tf.Tensor): Complex {
  if (a.rank < 3 || a.shape[a.rank - 1] !== 2 || a.shape[a.rank - 2] !== a.shape[a.rank - 3]) {
    throw new Error(`hermitianFromParams: expected a real tensor of shape (…, d, d, 2), received [${a.shape}]`);
  }
  return tidy(() => {
    const [re, im] = unstack(a, a.rank - 1);
    return {
      re: tf.mul(tf.add(re, transposeLast(re)), 0.5),
      im: tf.mul(tf.sub(im, transposeLast(im)), 0.5),
    };
  });
}

/** (d0, d1, o) → the entries (00, 01, 10, 11) of `[[d0, o], [o, d1]]`. */
const REAL_SYMMETRIC = [[1, 0, 0, 0], [0, 0, 0, 1], [0, 1, 1, 0]];

/**
 * Real symmetric 2×2 matrices `[[d0, o], [o, d1]]` (the authors' observables) from `(n, 3)`
 * parameters (d0, d1, o); linear in them, so second-order safe.
 * @returns complex `(n, 2, 2)` with a zero imaginary part.
 */
export function realSymmetricFromParams(a: tf.Tensor): Complex {
  if (a.rank !== 2 || a.shape[1] !== 3) {
    throw new Error(`realSymmetricFromParams: expected a real tensor of shape (n, 3), received [${a.shape}]`);
  }
  return tidy(() => {
    const re = tf.reshape(tf.matMul(a as tf.Tensor2D, tf.tensor2d(REAL_SYMMETRIC)), [a.shape[0], 2, 2]);
    return { re, im: tf.zerosLike(re) };
  });
}

/**
 * ⟨ψ| H ⊗ I |ψ⟩ for every state, `[batch]`.
 * @param h complex `(2^k, 2^k)`, assumed Hermitian (only the real part of ⟨ψ|Hψ⟩ is returned).
 * @param wires the k wires H acts on, first listed = most significant bit of H's index.
 */
export function expvalHermitian(state: State, h: Complex, wires: number[]): tf.Tensor1D {
  return tidy(() => {
    const hpsi = applyMatrix(state, h, wires);
    return tf.sum(tf.add(tf.mul(state.re, hpsi.re), tf.mul(state.im, hpsi.im)), 1) as tf.Tensor1D;
  });
}

/**
 * Probabilities of the computational-basis outcomes of `wires` (default all),
 * `[batch, 2^k]`, outcome index with the first listed wire as most significant bit.
 */
export function probabilities(state: State, wires: number[] = allWires(state.nWires)): tf.Tensor2D {
  const n = state.nWires;
  checkWires(wires, n);
  return tidy(() => {
    const p = basisProbs(state);
    if (wires.length === n && wires.every((w, i) => w === i)) return p;
    const batch = p.shape[0];
    const rest = allWires(n).filter((w) => !wires.includes(w));
    const perm = [0, ...wires.map((w) => w + 1), ...rest.map((w) => w + 1)];
    const t = permuteAxes(p, [batch, ...Array(n).fill(2)], perm);
    return tf.sum(tf.reshape(t, [batch, 2 ** wires.length, 2 ** rest.length]), 2) as tf.Tensor2D;
  });
}

/**
 * Checks that nested `[re, im]` entries `(d, d, 2)` form a Hermitian matrix of a power-of-two
 * size within `tol`; returns d or throws naming `what`.
 */
export function checkHermitianPairs(m: unknown, what: string, tol = 1e-8): number {
  if (!Array.isArray(m) || m.length === 0) {
    throw new Error(`${what}: expected a (d, d, 2) matrix, received ${JSON.stringify(m)?.slice(0, 60)}`);
  }
  const d = m.length;
  if ((d & (d - 1)) !== 0) throw new Error(`${what}: expected a 2^k × 2^k matrix, received ${d} rows`);
  const entry = (i: number, j: number): [number, number] => {
    const row = m[i];
    const e = Array.isArray(row) ? row[j] : undefined;
    if (
      !Array.isArray(row) ||
      row.length !== d ||
      !Array.isArray(e) ||
      e.length !== 2 ||
      !e.every((x) => typeof x === 'number' && Number.isFinite(x))
    ) {
      throw new Error(
        `${what}: expected shape (${d}, ${d}, 2) of finite numbers, entry [${i}][${j}] is ${JSON.stringify(e)}`,
      );
    }
    return e as [number, number];
  };
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < d; j++) {
      const [ar, ai] = entry(i, j);
      const [br, bi] = entry(j, i);
      if (Math.abs(ar - br) > tol || Math.abs(ai + bi) > tol) {
        throw new Error(
          `${what}: matrix is not Hermitian: entry [${i}][${j}] = ${ar}+${ai}i but [${j}][${i}] = ${br}+${bi}i`,
        );
      }
    }
  }
  return d;
}
