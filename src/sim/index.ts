/** The simulator's public API (PennyLane `default.qubit` semantics, batched, float32 re/im). */
export * from './state';
export * from './complex';
export * from './gates';
export * from './operations';
export { applyMatrix, applyUnitary } from './apply_matrix';
export * from './measurements';
export * from './templates/amplitude_embedding';
export * from './templates/angle_embedding';
export * as StronglyEntanglingLayers from './templates/strongly_entangling_layers';
export { stronglyEntanglingLayers } from './templates/strongly_entangling_layers';
export * from './qnn_layer';
export * from './circuit_spec';
export * from './run_circuit';
export * from './shots';
