/**
 * Model specifications: plain JSON objects, validated field by field before any work.
 *
 * - `classical_lenet`: conv 6@5×5 → ReLU → 2×2 max-pool → conv 16@5×5 → ReLU → max-pool →
 *   flatten (400) → FC 120 ReLU → FC 84 ReLU → FC 10.
 * - `quantum_lenet` (the authors' `QNN`): the same trunk → FC 120 ReLU → FC 2^qubits (no
 *   activation) h → AmplitudeEmbedding → `layers` StronglyEntanglingLayers → one expectation per
 *   qubit q → `α·FC3(q) + (1−α)·ReLU(FCres(h))` (residual) or `FC3(q)` → final FC 10→10.
 * The first convolution pads by 2 for 28×28 inputs (MNIST) and 0 for 32×32 (CIFAR-10), so the
 * trunk ends at 5×5×16 = 400 features either way.
 */

export type DatasetName = 'mnist' | 'cifar10';
export type Observable = 'pauliz' | 'hermitian' | 'hermitian_fixed';

export interface InputShape {
  height: number;
  width: number;
  channels: number;
}

export interface ClassicalLenetSpec {
  kind: 'classical_lenet';
  input: InputShape;
}

export interface QuantumLenetSpec {
  kind: 'quantum_lenet';
  input: InputShape;
  /** Qubits n; FC2 has 2^n outputs (default 6 → 64). */
  qubits: number;
  /** StronglyEntanglingLayers (default 3). */
  layers: number;
  /** PauliZ, trainable Hermitian per qubit, or the same Hermitian draw kept fixed. */
  observable: Observable;
  /** Residual join α·FC3(q) + (1−α)·ReLU(FCres(h)) (default true). */
  residual: boolean;
  /** Keep the circuit weights at their initial values (reproduces the authors' code). */
  freezeCircuit: boolean;
}

export type ModelSpec = ClassicalLenetSpec | QuantumLenetSpec;

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

const fail = (field: string, expected: string, got: unknown): never => {
  throw new Error(`${field}: expected ${expected}, received ${JSON.stringify(got)}`);
};

/**
 * Validates a model spec given as JSON (`at` prefixes field names, e.g. `model`), filling
 * defaults; `dataset` fixes the input shape.
 */
export function parseModelSpec(raw: unknown, dataset: DatasetName, at = 'model'): ModelSpec {
  const input = inputShapeOf(dataset);
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return fail(at, 'an object', raw);
  const r = raw as Record<string, unknown>;
  if (r.kind === 'classical_lenet') {
    const extra = Object.keys(r).filter((k) => k !== 'kind');
    if (extra.length) fail(`${at}.${extra[0]}`, 'no such field for classical_lenet', r[extra[0]]);
    return { kind: 'classical_lenet', input };
  }
  if (r.kind !== 'quantum_lenet') return fail(`${at}.kind`, "'classical_lenet' or 'quantum_lenet'", r.kind);
  const known = ['kind', 'qubits', 'layers', 'observable', 'residual', 'freezeCircuit', 'fc2Width'];
  const extra = Object.keys(r).filter((k) => !known.includes(k));
  if (extra.length) fail(`${at}.${extra[0]}`, `one of the fields ${known.join(', ')}`, r[extra[0]]);
  const int = (k: string, dflt: number, lo: number, hi: number) => {
    const v = r[k] ?? dflt;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) fail(`${at}.${k}`, `an integer from ${lo} to ${hi}`, v);
    return v as number;
  };
  const bool = (k: string, dflt: boolean) => {
    const v = r[k] ?? dflt;
    if (typeof v !== 'boolean') fail(`${at}.${k}`, 'true or false', v);
    return v as boolean;
  };
  const observable = r.observable ?? 'hermitian';
  if (!['pauliz', 'hermitian', 'hermitian_fixed'].includes(observable as string)) {
    fail(`${at}.observable`, "'pauliz', 'hermitian' or 'hermitian_fixed'", observable);
  }
  const qubits = int('qubits', 6, 1, 10);
  if (r.fc2Width !== undefined && r.fc2Width !== 2 ** qubits) {
    fail(`${at}.fc2Width`, `2^qubits = ${2 ** qubits} (AmplitudeEmbedding of the FC2 outputs on ${qubits} qubits)`, r.fc2Width);
  }
  return {
    kind: 'quantum_lenet',
    input,
    qubits,
    layers: int('layers', 3, 1, 50),
    observable: observable as Observable,
    residual: bool('residual', true),
    freezeCircuit: bool('freezeCircuit', false),
  };
}
