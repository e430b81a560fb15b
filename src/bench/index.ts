/** Benchmarks callable from notebooks, tests and `qdistill bench`. */
export * from './stats';
export * from './sim_bench';
export * from './nn_bench';
export * from './distill_bench';
export * from './circuit_bench';
