/**
 * Quantum pieces of the quantum LeNet, per spec variant: the quanvolutional front end and the
 * variational layer with its observable (see `spec.ts`).
 *
 * Parameters: `quanv.weights` `(L, 4, 3)` (trainable SEL, xavier-normal std √(2/(12 + 3L))) or
 * `quanv.unitary` `(2, 16, 16)` (re, im of a seeded random circuit; never trained);
 * `q.hermitian` `(n/k, 2^k, 2^k, 2)` ~ N(0, 1); optionally `q.readout` (`withFrozenReadout`).
 */
import * as tf from '@tensorflow/tfjs';
import * as nn from '../nn';
import { MNIST_MEAN, MNIST_STD } from '../data/dataset';
import { circuitLayer } from '../sim/circuit_layer';
import { hermitianFromParams, realSymmetricFromParams } from '../sim/measurements';
import { Complex } from '../sim/complex';
import { pauliCoefficients, qnnReadout } from '../sim/qnn_layer';
import { ShotOptions, oneQubitEigenvalues, sampleExpvals } from '../sim/shot_noise';
import { quanvolution } from '../sim/templates/quanvolution';
import { randomLayersGates, randomLayersUnitary } from '../sim/templates/random_layers';
import { Rng } from '../util/rng';
import { convBlock, initConv } from './layers';
import { Params, Path, normalTensor } from './params';
import { QuantumLenetSpec } from './spec';

/** Quanvolution parameters and conv2 (input 4 channels per image channel). */
export function initQuanvTrunk(p: Params, spec: QuantumLenetSpec, rng: Rng): void {
  const q = spec.quanv!;
  if (q.circuit === 'sel') p['quanv.weights'] = normalTensor([q.layers, 4, 3], Math.sqrt(2 / (12 + 3 * q.layers)), rng);
  else {
    const u = randomLayersUnitary(4, randomLayersGates(4, q.layers, rng.int(2 ** 31)));
    p['quanv.unitary'] = tf.stack([u.re, u.im]);
    tf.dispose([u.re, u.im]);
  }
  initConv(p, 'conv2', 4 * spec.input.channels, 16, rng);
}

/**
 * x `[N, 28, 28, C]` (normalised) → pixels (x·std + mean) → quanvolution `[N, 14, 14, 4C]` →
 * conv2–ReLU–pool → flatten `[N, 400]`.
 */
export function applyQuanvTrunk(p: Params, x: tf.Tensor4D, path: Path): tf.Tensor2D {
  const pixels = tf.add(tf.mul(x, MNIST_STD[0]), MNIST_MEAN[0]) as tf.Tensor4D;
  const circuit = p['quanv.weights']
    ? { weights: p['quanv.weights'] as tf.Tensor3D }
    : {
        unitary: {
          re: tf.squeeze(tf.slice(p['quanv.unitary'], [0, 0, 0], [1, 16, 16]), [0]),
          im: tf.squeeze(tf.slice(p['quanv.unitary'], [1, 0, 0], [1, 16, 16]), [0]),
        },
      };
  return nn.flatten(convBlock(p, quanvolution(pixels, circuit), 'conv2', 0, path));
}

/**
 * The variational layer: FC2 outputs `[N, width]` → `[N, outputs]` expectations; with `shots`,
 * finite-shot estimates of them (evaluation only; one-qubit observables only).
 */
export function applyQuantumLayer(spec: QuantumLenetSpec, p: Params, h: tf.Tensor2D, shots?: ShotOptions): tf.Tensor2D {
  const observable = spec.observable === 'pauliz'
    ? { kind: 'pauliz' as const }
    : { kind: 'hermitian' as const, h: hermitianMatrices(spec, p), k: spec.hermitianQubits ?? 1 };
  const q = circuitLayer(h, p['q.weights'] as tf.Tensor3D, {
    embedding: spec.embedding ?? 'amplitude',
    rotation: spec.rotation,
    observable,
    weightsTrainable: !spec.freezeCircuit,
    readout: p['q.readout'] as tf.Tensor2D | undefined,
  });
  if (!shots) return q;
  if (observable.kind === 'hermitian' && observable.k !== 1) {
    throw new Error(`shots: expected one-qubit observables, received groups of ${observable.k} qubits`);
  }
  const n = q.shape[1];
  let ev = { lo: new Array<number>(n).fill(-1), hi: new Array<number>(n).fill(1) };
  if (observable.kind === 'hermitian') {
    const c = pauliCoefficients(observable.h);
    ev = oneQubitEigenvalues(c.a.dataSync(), c.b.dataSync(), c.x.dataSync(), c.y.dataSync());
  }
  return tf.tensor2d(sampleExpvals(q.dataSync(), ev.lo, ev.hi, shots), q.shape as [number, number]);
}

/**
 * Hermitian parameters ~ N(0, 1): `(n/k, 2^k, 2^k, 2)`, or `(n, 3)` with `hermitianForm: 'real'`
 * (the authors' diagonal and off-diagonal entries).
 */
export function initHermitian(p: Params, spec: QuantumLenetSpec, rng: Rng): void {
  const k = spec.hermitianQubits ?? 1, d = 2 ** k;
  p['q.hermitian'] = spec.hermitianForm === 'real'
    ? normalTensor([spec.qubits, 3], 1, rng)
    : normalTensor([spec.qubits / k, d, d, 2], 1, rng);
}

/** The observables, complex `(n/k, 2^k, 2^k)`: H = (A + A†)/2, or the real symmetric form. */
export function hermitianMatrices(spec: QuantumLenetSpec, p: Params): Complex {
  const a = p['q.hermitian'];
  return spec.hermitianForm === 'real' ? realSymmetricFromParams(a) : hermitianFromParams(a);
}

/**
 * For a frozen circuit (`freezeCircuit`): `p` plus `q.readout` = `qnnReadout(q.weights)`, the
 * composed circuit, so that it is built once rather than on every forward pass (same values
 * and gradients; about 4 ms per pass for 6 qubits on wasm). The new tensor belongs to the
 * returned record (free it with `disposeParams`). Returns `p` itself when the circuit trains,
 * when the observables act on groups of qubits (no fused readout) or when it is already there.
 */
export function withFrozenReadout(spec: QuantumLenetSpec, p: Params): Params {
  if (!spec.freezeCircuit || (spec.hermitianQubits ?? 1) !== 1 || p['q.readout']) return p;
  return {
    ...p,
    'q.readout': qnnReadout(p['q.weights'] as tf.Tensor3D, spec.observable === 'pauliz' ? 'pauliz' : 'hermitian'),
  };
}
