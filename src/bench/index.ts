/** Benchmarks callable from notebooks, tests and `qdistill bench`. */
export * from './stats';
export * from './sim_bench';
