/**
 * The convergence figure of the self-distillation study (`self_distill.ts` runs it).
 */
import { curvesFigure } from '../results/figures';
import { meanStd } from '../util/spread';
import { PlotlyFigure } from '../plot/plotly';
import { SELF_DISTILL_VARIANTS, SelfDistillRun, SelfDistillVariant } from './self_distill_spec';

/** Test accuracy per epoch (mean over seeds) per model and variant, with each model's mean target as a dotted line. */
export function selfDistillFigure(runs: readonly SelfDistillRun[], title: string): PlotlyFigure {
  const DASH: Record<SelfDistillVariant, string> = { plain: 'solid', snapshot: 'dash', copy: 'dashdot' };
  const series = [...new Set(runs.map((r) => r.model))].flatMap((model) => {
    const rs = runs.filter((r) => r.model === model);
    const epochs = rs[0].run.history.map((h) => h.epoch);
    const target = meanStd(rs.filter((r) => r.variant === 'plain').map((r) => r.target)).mean;
    return [
      ...SELF_DISTILL_VARIANTS.map((v) => {
        const vs = rs.filter((r) => r.variant === v.key);
        return {
          name: `${model}, ${v.label}`,
          x: epochs,
          y: epochs.map((_, i) => meanStd(vs.map((r) => r.run.history[i].accuracy)).mean),
          dash: DASH[v.key],
        };
      }),
      {
        name: `${model}, target ${target.toFixed(1)}%`,
        x: [epochs[0], epochs[epochs.length - 1]],
        y: [target, target],
        dash: 'dot',
      },
    ];
  });
  return curvesFigure(title, series, 'epoch', 'test accuracy (%), mean over seeds');
}
