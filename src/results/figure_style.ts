/**
 * The style shared by the figure builders (`figures.ts`, `seed_panels_figure.ts`,
 * `image_figures.ts`): the font, one colour per variant.
 */
export const FONT = { family: 'Arial, sans-serif', size: 13 };

/** Plotly's default colours, one per variant in order. */
export const VARIANT_COLOURS = [
  '#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd', '#8c564b', '#e377c2', '#7f7f7f', '#bcbd22', '#17becf',
];
