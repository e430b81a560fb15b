/**
 * The models of the knowledge-distillation study (`kd.ts` runs it): the MNIST preprocessing, the
 * teacher and student classifiers, their step times, labels and parameter counts.
 */
import { QnnClassifierSpec, disposeParams, initModel, paramCount, parseModelSpec } from '../models';

export const KD_PREPROCESSING =
  'MNIST pixel/255, average-pooled p×p inside the model (p the smallest divisor of 28 with (28/p)² ≤ 2^qubits): ' +
  '8 qubits: 2×2 → 14×14 = 196 pixels zero-padded to 256 amplitudes; ' +
  '6 qubits: 4×4 → 7×7 = 49 → 64; 4 qubits: 7×7 → 4×4 = 16; ' +
  'then AmplitudeEmbedding (normalised) → StronglyEntanglingLayers → ⟨Z⟩ per qubit → ' +
  'linear head → 10 logits';

export const KD_TEACHER_MODEL = { kind: 'qnn_classifier', qubits: 8, layers: 4 } as const;
export const KD_STUDENT_MODELS = [
  { kind: 'qnn_classifier', qubits: 4, layers: 1 },
  { kind: 'qnn_classifier', qubits: 4, layers: 2 },
  { kind: 'qnn_classifier', qubits: 6, layers: 1 },
  { kind: 'qnn_classifier', qubits: 6, layers: 2 },
] as const;

/**
 * Seconds per Adam step (batch ≤ 128) by qubit count, measured on the reference machine
 * (2 cores, wasm; the 8-qubit unitary dominates).
 */
export const KD_STEP_SECONDS: Record<number, number> = { 4: 0.006, 6: 0.008, 8: 0.25 };

export const classifierSpec = (m: { qubits: number; layers: number }) =>
  parseModelSpec({ kind: 'qnn_classifier', qubits: m.qubits, layers: m.layers }, 'mnist') as QnnClassifierSpec;
/** `6q×2L`. */
export const modelLabel = (m: { qubits: number; layers: number }) => `${m.qubits}q×${m.layers}L`;
/** Trainable parameters of a classifier (circuit angles + head). */
export function classifierParams(m: { qubits: number; layers: number }): number {
  const spec = classifierSpec(m), p = initModel(spec, 0), n = paramCount(p);
  disposeParams(p);
  return n;
}
