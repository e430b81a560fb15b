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
 *
 * Quantum LeNet variants (open questions of the paper; each field is left out of the parsed spec
 * when it has its default, so configs of the plain model keep their identity):
 * - `embedding: 'angle'` — FC2 has n outputs, one AngleEmbedding rotation (`rotation` X/Y) each;
 * - `hermitianQubits: k` — one trainable Hermitian on each group of k adjacent qubits (wires
 *   [g·k, …, g·k + k − 1]), n/k expectations, parameters `(n/k, 2^k, 2^k, 2)`;
 * - `quanv` — a 2×2, stride-2 quanvolution (4 qubits, RY(π·pixel) encoding, a seeded random
 *   circuit or trainable StronglyEntanglingLayers) replaces conv1 + its max-pool (MNIST only);
 * - `residualBeta: β` — a constant residual weight instead of 1 − α, and `hermitianForm: 'real'` —
 *   real symmetric observables: with `freezeCircuit`, the model the authors' code actually runs.
 * - `qnn_classifier`: a small variational classifier for knowledge distillation: the image
 *   average-pooled (see `classifierPool`) → AmplitudeEmbedding on n qubits → L
 *   StronglyEntanglingLayers → ⟨Z⟩ of every qubit → linear head n → 10.
 */
import {
  DatasetName, InputShape, ModelSpec, Observable, QnnClassifierSpec, QuanvSpec, QuantumLenetSpec, Rotation,
} from './spec_types';
import { classifierPool, fc2Width, inputShapeOf } from './spec_derived';

export * from './spec_types';
export * from './spec_derived';

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
  if (r.kind === 'qnn_classifier') return parseClassifier(r, input, dataset, at);
  if (r.kind !== 'quantum_lenet') {
    return fail(`${at}.kind`, "'classical_lenet', 'quantum_lenet' or 'qnn_classifier'", r.kind);
  }
  const known = [
    'kind', 'qubits', 'layers', 'observable', 'residual', 'freezeCircuit', 'fc2Width', 'embedding', 'rotation',
    'hermitianQubits', 'quanv', 'residualBeta', 'hermitianForm',
  ];
  const extra = Object.keys(r).filter((k) => !known.includes(k));
  if (extra.length) fail(`${at}.${extra[0]}`, `one of the fields ${known.join(', ')}`, r[extra[0]]);
  const int = intField(r, at);
  const bool = (k: string, dflt: boolean) => {
    const v = r[k] === undefined ? dflt : r[k];
    if (typeof v !== 'boolean') fail(`${at}.${k}`, 'true or false', v);
    return v as boolean;
  };
  const observable = r.observable === undefined ? 'hermitian' : r.observable;
  if (!['pauliz', 'hermitian', 'hermitian_fixed'].includes(observable as string)) {
    fail(`${at}.observable`, "'pauliz', 'hermitian' or 'hermitian_fixed'", observable);
  }
  const qubits = int('qubits', 6, 1, 10);
  const spec: QuantumLenetSpec = {
    kind: 'quantum_lenet',
    input,
    qubits,
    layers: int('layers', 3, 1, 50),
    observable: observable as Observable,
    residual: bool('residual', true),
    freezeCircuit: bool('freezeCircuit', false),
  };
  const embedding = r.embedding === undefined ? 'amplitude' : r.embedding;
  if (embedding !== 'amplitude' && embedding !== 'angle') fail(`${at}.embedding`, "'amplitude' or 'angle'", embedding);
  if (embedding === 'angle') spec.embedding = 'angle';
  if (r.rotation !== undefined) {
    if (embedding !== 'angle') fail(`${at}.rotation`, "no rotation unless embedding is 'angle'", r.rotation);
    if (r.rotation === 'Z') {
      fail(
        `${at}.rotation`,
        "'X' or 'Y' (RZ on |0⟩ only adds a phase: the embedding would ignore its input)",
        r.rotation,
      );
    }
    if (!['X', 'Y'].includes(r.rotation as string)) fail(`${at}.rotation`, "'X' or 'Y'", r.rotation);
    if (r.rotation !== 'X') spec.rotation = r.rotation as Rotation;
  }
  const k = int('hermitianQubits', 1, 1, 3);
  if (k !== 1) {
    if (observable === 'pauliz') fail(`${at}.hermitianQubits`, '1 with the PauliZ observable', k);
    if (qubits % k !== 0) {
      fail(`${at}.hermitianQubits`, `a divisor of qubits = ${qubits} (groups of adjacent qubits)`, k);
    }
    spec.hermitianQubits = k;
  }
  if (r.quanv !== undefined) spec.quanv = parseQuanv(r.quanv, input, `${at}.quanv`);
  if (r.residualBeta !== undefined) {
    const b = r.residualBeta;
    if (!spec.residual) fail(`${at}.residualBeta`, 'no residualBeta without the residual join', b);
    if (typeof b !== 'number' || !Number.isFinite(b)) fail(`${at}.residualBeta`, 'a finite number', b);
    spec.residualBeta = b as number;
  }
  if (r.hermitianForm !== undefined) {
    if (r.hermitianForm !== 'real') fail(`${at}.hermitianForm`, "'real' (or no field: complex)", r.hermitianForm);
    if (observable === 'pauliz' || k !== 1) {
      fail(`${at}.hermitianForm`, 'a Hermitian observable on single qubits (hermitianQubits 1)', r.hermitianForm);
    }
    spec.hermitianForm = 'real';
  }
  const width = fc2Width(spec);
  if (r.fc2Width !== undefined && r.fc2Width !== width) {
    const why =
      embedding === 'angle'
        ? `qubits = ${qubits} (AngleEmbedding, one feature per qubit)`
        : `2^qubits = ${width} (AmplitudeEmbedding of the FC2 outputs on ${qubits} qubits)`;
    fail(`${at}.fc2Width`, why, r.fc2Width);
  }
  return spec;
}

function intField(r: Record<string, unknown>, at: string) {
  return (k: string, dflt: number, lo: number, hi: number): number => {
    const v = r[k] === undefined ? dflt : r[k]; // null is an error, not the default
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) {
      fail(`${at}.${k}`, `an integer from ${lo} to ${hi}`, v);
    }
    return v as number;
  };
}

function parseQuanv(raw: unknown, input: InputShape, at: string): QuanvSpec {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return fail(at, "an object such as { circuit: 'random', layers: 1 }", raw);
  }
  const r = raw as Record<string, unknown>;
  const extra = Object.keys(r).filter((k) => k !== 'circuit' && k !== 'layers');
  if (extra.length) fail(`${at}.${extra[0]}`, 'one of the fields circuit, layers', r[extra[0]]);
  if (r.circuit !== 'random' && r.circuit !== 'sel') fail(`${at}.circuit`, "'random' or 'sel'", r.circuit);
  if (input.height !== 28 || input.width !== 28) {
    fail(
      at,
      'MNIST-sized 28×28 inputs (the quanvolution replaces conv1 + pool: 28 → 14)',
      `${input.height}×${input.width}`,
    );
  }
  return { circuit: r.circuit as 'random' | 'sel', layers: intField(r, at)('layers', 1, 1, 20) };
}

function parseClassifier(
  r: Record<string, unknown>,
  input: InputShape,
  dataset: DatasetName,
  at: string,
): QnnClassifierSpec {
  const known = ['kind', 'qubits', 'layers'];
  const extra = Object.keys(r).filter((k) => !known.includes(k));
  if (extra.length) fail(`${at}.${extra[0]}`, `one of the fields ${known.join(', ')}`, r[extra[0]]);
  if (dataset !== 'mnist') fail(`${at}.kind`, "'qnn_classifier' only with dataset 'mnist'", dataset);
  const int = intField(r, at);
  const spec: QnnClassifierSpec = {
    kind: 'qnn_classifier',
    input,
    qubits: int('qubits', 6, 2, 10),
    layers: int('layers', 2, 1, 50),
  };
  classifierPool(input, spec.qubits);
  return spec;
}
