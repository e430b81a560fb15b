/**
 * Table I's accuracy curves: for every variant and seed, the test accuracy (on `evalTestLimit`
 * images) of the set at each evaluation, and, with `selectOnTrain`, the best-so-far accuracy on
 * training images that picks the published set; the paper's number as a dashed line in the
 * first panel. Read from each run's `metrics.jsonl` (nothing is computed).
 */
import { PlotlyFigure } from '../plot/plotly';
import { VARIANT_COLOURS, VariantCurves, seedPanelsFigure } from '../results/figures';
import { isEvalEvent, readMetrics } from '../runs/metrics';
import { runPaths } from '../runs/run_dir';
import { Table1Result } from './table1';

/** The two kinds of curve of one run: test accuracy, and best-so-far selection accuracy (or none). */
export function runCurves(runDir: string): {
  test: { x: number[]; y: number[] };
  selection: { x: number[]; y: number[] } | null;
} {
  const evals = readMetrics(runPaths(runDir).metrics).filter(isEvalEvent).filter((e) => !e.final);
  const test = { x: evals.map((e) => e.iteration), y: evals.map((e) => e.eval.mean) };
  const sel = evals.filter((e) => e.select);
  if (sel.length === 0) return { test, selection: null };
  let best = -Infinity;
  const y = sel.map((e) => (best = Math.max(best, e.select!.accuracy)));
  return { test, selection: { x: sel.map((e) => e.iteration), y } };
}

/** The curves of `result`'s runs, one colour per variant (see module comment). */
export function table1CurvesFigure(title: string, result: Table1Result): PlotlyFigure {
  const curves = result.variants.map((v) => {
    const cells = result.cells.filter((c) => c.variant === v);
    return { variant: v.label, runs: cells.map((c) => runCurves(c.runDir)) };
  });
  const test: VariantCurves[] = curves.map((c) => ({ variant: c.variant, seeds: c.runs.map((r) => r.test) }));
  const selection: VariantCurves[] = curves
    .map((c) => ({ variant: c.variant, seeds: c.runs.flatMap((r) => (r.selection ? [r.selection] : [])) }))
    .filter((c) => c.seeds.length > 0);
  const fig = seedPanelsFigure(title, 'outer iteration', [
    { title: 'test accuracy (%), 1,000 images', curves: test },
    ...(selection.length ? [{ title: 'best so far on training images (%)', curves: selection }] : []),
  ]);
  const data = fig.data as Array<Record<string, unknown>>;
  // Short runs have one or two evaluations: draw their points too.
  for (const d of data) if ((d.x as number[]).length < 3) d.mode = 'lines+markers';
  const layout = fig.layout as Record<string, Record<string, unknown> | number>;
  layout.legend = { orientation: 'h', x: 0, y: -0.2, yanchor: 'top' };
  layout.margin = { t: 70, b: 230 };
  layout.height = 720;
  layout.width = 1100;
  (layout.yaxis as Record<string, unknown>).range = [0, 100];
  const maxX = Math.max(1, ...test.flatMap((c) => c.seeds.flatMap((s) => s.x)));
  const paper = result.rows.map((r, k) => ({
    label: result.variants[k].label,
    value: r.paper_accuracy as number | null,
  }));
  for (const [k, p] of paper.entries()) {
    if (p.value === null) continue;
    data.push({
      type: 'scatter', mode: 'lines', name: `paper: ${p.label} ${p.value} %`, x: [0, maxX], y: [p.value, p.value],
      xaxis: 'x', yaxis: 'y', line: { color: VARIANT_COLOURS[k % VARIANT_COLOURS.length], dash: 'dash', width: 1 },
    });
  }
  return fig;
}
