/**
 * The variants of the open-question notebooks (10-12) and of notebook 08. Each list starts with Table I's best row
 * (quantum LeNet, residual, trainable one-qubit Hermitians, AmplitudeEmbedding on 6 qubits), the
 * reference every variant is compared with; at the same scale it is the run of notebook 01.
 * The notebooks hold these variants as plain specs in their configuration cells (`VARIANT_SPECS`,
 * which a user edits); the lists here are the committed cells' variants (a test keeps them equal),
 * used where the notebooks are not at hand.
 */
import { pauliCost } from '../sim/hermitian_groups';
import { TABLE1_VARIANTS, Variant } from './table1';

export const BEST_ROW = TABLE1_VARIANTS.find((v) => v.key === 'q-res-hermitian')!;
const best = BEST_ROW.model;

/** OQ1: the first convolution (+ its pool) replaced by a 2×2 quanvolution. */
export const QUANV_VARIANTS: readonly Variant[] = [
  BEST_ROW,
  {
    key: 'q-quanv-random',
    label: 'QLeNet + quanvolution, fixed random circuit',
    model: { ...best, quanv: { circuit: 'random', layers: 1 } },
  },
  {
    key: 'q-quanv-sel',
    label: 'QLeNet + quanvolution, trainable circuit (1 SEL layer)',
    model: { ...best, quanv: { circuit: 'sel', layers: 1 } },
  },
];

/**
 * Notebook 08: Table I's best row and the model the authors' code runs (frozen circuit, residual
 * weight 0.5, real symmetric observables; `src/models/spec.ts`).
 */
export const AUTHORS_MODEL_VARIANTS: readonly Variant[] = [
  { ...BEST_ROW, label: 'QLeNet residual, trainable Hermitian (Table I best row)' },
  {
    key: 'q-authors',
    label: "the authors' code: frozen circuit, residual weight 0.5, real observables",
    model: { ...best, freezeCircuit: true, residualBeta: 0.5, hermitianForm: 'real' },
  },
];

/** OQ2: AngleEmbedding (RX, one FC2 output per qubit) on 6 and 8 qubits vs AmplitudeEmbedding. */
export const EMBEDDING_VARIANTS: readonly Variant[] = [
  { ...BEST_ROW, label: 'amplitude embedding, 6 qubits (Table I best row)' },
  { key: 'q-angle-6', label: 'angle embedding (RX), 6 qubits', model: { ...best, embedding: 'angle', rotation: 'X' } },
  {
    key: 'q-angle-8',
    label: 'angle embedding (RX), 8 qubits',
    model: { ...best, qubits: 8, embedding: 'angle', rotation: 'X' },
  },
];

/** OQ3: trainable Hermitians on groups of k = 1, 2, 3 adjacent qubits (6 qubits). */
export const HERMITIAN_GROUP_VARIANTS: readonly Variant[] = [
  { ...BEST_ROW, label: 'k = 1 (one-qubit Hermitians, Table I best row)' },
  { key: 'q-herm-k2', label: 'k = 2 (3 two-qubit Hermitians)', model: { ...best, hermitianQubits: 2 } },
  { key: 'q-herm-k3', label: 'k = 3 (2 three-qubit Hermitians)', model: { ...best, hermitianQubits: 3 } },
];

export const PAULI_COST_COLUMNS = [
  'k', 'groups', 'pauli_terms_per_group', 'pauli_terms_total', 'measurement_settings', 'observable_parameters',
  'layer_ms',
] as const;

/** Hardware cost of the observables of a 6-qubit layer with k-qubit groups (see `pauliCost`). */
export function pauliCostRow(k: number, qubits: number, layerMs: number): Record<string, number> {
  const c = pauliCost(k), groups = qubits / k;
  return {
    k,
    groups,
    pauli_terms_per_group: c.pauliTerms,
    pauli_terms_total: groups * c.pauliTerms,
    measurement_settings: c.measurementSettings,
    observable_parameters: groups * 4 ** k,
    layer_ms: Number(layerMs.toFixed(2)),
  };
}

/** `pauliCostRow` of a variant's model: k its `hermitianQubits` (1 when absent) on its `qubits` (6 when absent). */
export function pauliCostRowOf(model: Record<string, unknown>, layerMs: number): Record<string, number> {
  return pauliCostRow(Number(model.hermitianQubits ?? 1), Number(model.qubits ?? 6), layerMs);
}
