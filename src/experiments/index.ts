/** Experiments the notebooks run: cached runs, the paper's protocol, Table I, progress lines. */
export * from './run_cache';
export * from './protocol';
export * from './progress';
export * from './table1';
export * from './estimate';
export * from './stability';
export * from './stability_study';
export * from './random_init';
export * from './plan';
export * from './variant_study';
export * from './layer_probes';
export * from './execution_cost';
export * from './open_questions';
export * from './run_spec';
export * from './notebook_runs';
