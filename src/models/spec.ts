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
 * - `embedding: 'angle'` — FC2 has n outputs, one AngleEmbedding rotation (`rotation` X/Y/Z) each;
 * - `hermitianQubits: k` — one trainable Hermitian on each group of k adjacent qubits (wires
 *   [g·k, …, g·k + k − 1]), n/k expectations, parameters `(n/k, 2^k, 2^k, 2)`;
 * - `quanv` — a 2×2, stride-2 quanvolution (4 qubits, RY(π·pixel) encoding, a seeded random
 *   circuit or trainable StronglyEntanglingLayers) replaces conv1 + its max-pool (MNIST only).
 * - `qnn_classifier`: a small variational classifier for knowledge distillation: the image
 *   average-pooled (see `classifierPool`) → AmplitudeEmbedding on n qubits → L
 *   StronglyEntanglingLayers → ⟨Z⟩ of every qubit → linear head n → 10.
 */

export type DatasetName = 'mnist' | 'cifar10';
export type Observable = 'pauliz' | 'hermitian' | 'hermitian_fixed';
export type Embedding = 'amplitude' | 'angle';
export type Rotation = 'X' | 'Y' | 'Z';

/** Quanvolution front end: a fixed seeded random circuit, or trainable StronglyEntanglingLayers. */
export interface QuanvSpec {
  circuit: 'random' | 'sel';
  /** Random layers or SEL layers (default 1). */
  layers: number;
}

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
  /** 'amplitude' when absent (FC2 width 2^n); 'angle': FC2 width n. */
  embedding?: Embedding;
  /** AngleEmbedding rotation, 'X' or 'Y' (only with `embedding: 'angle'`; 'X' when absent). */
  rotation?: Rotation;
  /** Qubits per Hermitian observable group (1 when absent); must divide `qubits`. */
  hermitianQubits?: number;
  /** Quanvolutional front end instead of conv1 + max-pool (absent: the LeNet trunk). */
  quanv?: QuanvSpec;
}

export interface QnnClassifierSpec {
  kind: 'qnn_classifier';
  input: InputShape;
  /** Qubits n (2 to 10): the pooled image has at most 2^n pixels. */
  qubits: number;
  /** StronglyEntanglingLayers (default 2). */
  layers: number;
}

export type ModelSpec = ClassicalLenetSpec | QuantumLenetSpec | QnnClassifierSpec;

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
    'hermitianQubits', 'quanv',
  ];
  const extra = Object.keys(r).filter((k) => !known.includes(k));
  if (extra.length) fail(`${at}.${extra[0]}`, `one of the fields ${known.join(', ')}`, r[extra[0]]);
  const int = intField(r, at);
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
  const spec: QuantumLenetSpec = {
    kind: 'quantum_lenet',
    input,
    qubits,
    layers: int('layers', 3, 1, 50),
    observable: observable as Observable,
    residual: bool('residual', true),
    freezeCircuit: bool('freezeCircuit', false),
  };
  const embedding = r.embedding ?? 'amplitude';
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
    const v = r[k] ?? dflt;
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
