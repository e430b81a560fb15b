/**
 * What follows from a model spec: layer widths, the classifier's pooling, the run-folder tag, the
 * input shape of each dataset and the first convolution's padding.
 */
import { DatasetName, InputShape, ModelSpec, QuantumLenetSpec } from './spec_types';

/** FC2 width of a quantum LeNet: 2^n for amplitude embedding, n for angle embedding. */
export const fc2Width = (s: QuantumLenetSpec) => (s.embedding === 'angle' ? s.qubits : 2 ** s.qubits);

/** Number of expectation values the quantum layer returns (n, or n/k with k-qubit groups). */
export const quantumOutputs = (s: QuantumLenetSpec) =>
  s.observable === 'pauliz' ? s.qubits : s.qubits / (s.hermitianQubits ?? 1);

/**
 * Pooling of a `qnn_classifier`: the smallest factor p dividing the image side with
 * (side/p)² ≤ 2^n, e.g. 28×28 MNIST: 8 qubits → p 2 (14×14 = 196 pixels, zero-padded to 256),
 * 6 → p 4 (7×7 = 49 → 64), 4 → p 7 (4×4 = 16).
 */
export function classifierPool(input: InputShape, qubits: number): number {
  for (let p = 1; p <= input.height; p++) {
    if (
      input.height % p === 0 &&
      input.width % p === 0 &&
      (input.height / p) * (input.width / p) * input.channels <= 2 ** qubits
    ) {
      return p;
    }
  }
  throw new Error(
    `qnn_classifier: no pooling of ${input.height}×${input.width}×${input.channels} images fits ${qubits} qubits`,
  );
}

/** A short readable tag of a model (run-folder names): classical, quantum-hermitian-res, … */
export function modelTag(m: ModelSpec): string {
  if (m.kind === 'classical_lenet') return 'classical';
  if (m.kind === 'qnn_classifier') return `qnn-${m.qubits}q${m.layers}l`;
  let t = `quantum-${m.observable}${m.residual ? '-res' : ''}${m.freezeCircuit ? '-frozen' : ''}`;
  if (m.qubits !== 6 || m.layers !== 3) t += `-${m.qubits}q${m.layers}l`;
  if (m.embedding === 'angle') t += `-angle${m.rotation ?? 'X'}`;
  if (m.hermitianQubits && m.hermitianQubits !== 1) t += `-k${m.hermitianQubits}`;
  if (m.quanv) t += `-quanv-${m.quanv.circuit}${m.quanv.layers}`;
  if (m.hermitianForm === 'real') t += '-real';
  if (m.residualBeta !== undefined) t += `-beta${m.residualBeta}`;
  return t;
}

export const NUM_CLASSES = 10;

/** Input shape of each dataset (NHWC). */
export function inputShapeOf(dataset: DatasetName): InputShape {
  if (dataset === 'mnist') return { height: 28, width: 28, channels: 1 };
  if (dataset === 'cifar10') return { height: 32, width: 32, channels: 3 };
  throw new Error(`dataset: expected 'mnist' or 'cifar10', received ${JSON.stringify(dataset)}`);
}

/** Padding of the first convolution so that the trunk ends at 5×5: 2 for 28×28, 0 for 32×32. */
export function firstConvPadding(input: InputShape): number {
  if (input.height === 28 && input.width === 28) return 2;
  if (input.height === 32 && input.width === 32) return 0;
  throw new Error(`model input: expected 28×28 or 32×32 images, received ${input.height}×${input.width}`);
}
