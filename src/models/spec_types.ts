/**
 * The model spec types (`spec.ts` documents the models and validates a spec given as JSON).
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
  /**
   * A constant weight β of the residual branch, `α·FC3(q) + β·ReLU(FCres(h))` (absent: β = 1 − α).
   * The authors' code computes `beta = 1 - alpha` once, at construction, so it runs with β = 0.5.
   */
  residualBeta?: number;
  /**
   * 'real': real symmetric 2×2 observables `[[d0, o], [o, d1]]`, parameters `(n, 3)` = (d0, d1, o)
   * ~ N(0, 1), as the authors' code builds them (absent: complex Hermitian from `(n, 2, 2, 2)`).
   */
  hermitianForm?: 'real';
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
