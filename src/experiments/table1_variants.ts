/**
 * The model variants of Table I (notebooks 01 and 02): `Variant` is a plain model spec with a key
 * and a label, as notebooks' configuration cells hold them (`VARIANT_SPECS`).
 */

export interface Variant {
  /** Short key (file names, CSV). */
  key: string;
  /** Label for tables and figures. */
  label: string;
  /** Model spec as JSON (see `parseModelSpec`). */
  model: Record<string, unknown>;
}

const q = (observable: string, residual: boolean): Record<string, unknown> => ({
  kind: 'quantum_lenet',
  qubits: 6,
  layers: 3,
  observable,
  residual,
});

/**
 * The rows of Table I, plus the combination the paper leaves out (residual + PauliZ) and QLeNet R+H
 * as the authors' code runs it (notebook 08, docs/models-and-distillation.md: circuit weights never
 * updated, residual weight 0.5, real symmetric observables), which their published R+H numbers
 * come from: the variants of notebooks 01 and 02's configuration cells (`VARIANT_SPECS`; a test
 * keeps them equal).
 */
export const TABLE1_VARIANTS: readonly Variant[] = [
  { key: 'classical', label: 'classical LeNet', model: { kind: 'classical_lenet' } },
  { key: 'q-res-hermitian', label: 'QLeNet residual, trainable Hermitian', model: q('hermitian', true) },
  { key: 'q-hermitian', label: 'QLeNet no residual, trainable Hermitian', model: q('hermitian', false) },
  { key: 'q-pauliz', label: 'QLeNet no residual, PauliZ', model: q('pauliz', false) },
  { key: 'q-res-pauliz', label: 'QLeNet residual, PauliZ', model: q('pauliz', true) },
  { key: 'q-res-hermitian-fixed', label: 'QLeNet residual, fixed Hermitian', model: q('hermitian_fixed', true) },
  {
    key: 'q-authors',
    label: "QLeNet residual, trainable Hermitian, as the authors' code runs it",
    model: { ...q('hermitian', true), freezeCircuit: true, residualBeta: 0.5, hermitianForm: 'real' },
  },
];
