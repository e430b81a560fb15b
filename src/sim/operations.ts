/**
 * Gates applied to a batched state, PennyLane style: `rx(state, angle, wire)` is
 * `qml.RX(angle, wires=wire)`. Angles: number, scalar tensor, or `[batch]` tensor.
 * Each call returns a new State and frees its intermediates; the input state is kept.
 */
import * as tf from '@tensorflow/tfjs';
import { tidy } from '../util/tidy';
import { applyMatrix } from './apply_matrix';
import { Complex, adjoint, cMatMul } from './complex';
import * as g from './gates';
import { State } from './state';

function apply1(state: State, make: () => Complex, wires: number[]): State {
  return tidy(() => applyMatrix(state, make(), wires));
}

export const rx = (s: State, angle: g.Angle, wire: number) => apply1(s, () => g.rxMatrix(angle), [wire]);
export const ry = (s: State, angle: g.Angle, wire: number) => apply1(s, () => g.ryMatrix(angle), [wire]);
export const rz = (s: State, angle: g.Angle, wire: number) => apply1(s, () => g.rzMatrix(angle), [wire]);
/** Rot(φ, θ, ω) = RZ(ω) RY(θ) RZ(φ) on `wire`. */
export const rot = (s: State, phi: g.Angle, theta: g.Angle, omega: g.Angle, wire: number) =>
  apply1(s, () => g.rotMatrix(phi, theta, omega), [wire]);
export const hadamard = (s: State, wire: number) => apply1(s, g.hadamardMatrix, [wire]);
export const pauliX = (s: State, wire: number) => apply1(s, g.pauliXMatrix, [wire]);
export const pauliY = (s: State, wire: number) => apply1(s, g.pauliYMatrix, [wire]);
export const pauliZ = (s: State, wire: number) => apply1(s, g.pauliZMatrix, [wire]);
/** CNOT with `wires = [control, target]`. */
export const cnot = (s: State, wires: [number, number]) => apply1(s, g.cnotMatrix, wires);
/** CZ on `wires = [a, b]` (symmetric). */
export const cz = (s: State, wires: [number, number]) => apply1(s, g.czMatrix, wires);

/**
 * An arbitrary unitary on `wires` (first listed wire = most significant bit of the matrix
 * index). `u` is `(2^k, 2^k)` complex. With `check` (default), U†U = I is verified to 1e-5
 * and a non-unitary matrix is an error.
 */
export function qubitUnitary(state: State, u: Complex, wires: number[], options: { check?: boolean } = {}): State {
  if (options.check ?? true) {
    const err = tidy(() => {
      const p = cMatMul(adjoint(u), u);
      const eye = tf.eye(u.re.shape[0]);
      return tf.max(tf.add(tf.abs(tf.sub(p.re, eye)), tf.abs(p.im))).dataSync()[0];
    });
    if (!(err <= 1e-5)) {
      throw new Error(`qubitUnitary: matrix is not unitary (max |U†U − I| = ${err.toExponential(2)})`);
    }
  }
  return tidy(() => applyMatrix(state, u, wires));
}
