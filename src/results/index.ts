/** The results pipeline: profiles, the one writer of `results/`, figures, Table I. */
export * from './profile';
export * from './paths';
export * from './csv';
export * from './manifest';
export * from './png';
export * from './figures';
export * from './table1';
/** Mean and sample std, for the notebooks (defined in util/spread.ts). */
export { meanStd } from '../util/spread';
export * from './readme';
export * from './writer';
export * from './soft_label_figure';
export * from './summary';
export * from './study_figures';
export * from './notebook_name';
export * from './notebook_writer';
export * from './heatmap';
