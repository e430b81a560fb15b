/**
 * The tables of the self-distillation study (`self_distill.ts` runs it): accuracy and circuit
 * executions per epoch, and the summary per model and variant.
 */
import { Row } from '../results/csv';
import { meanStd } from '../util/spread';
import { roundTo } from '../util/round';
import { SELF_DISTILL_VARIANTS, SelfDistillRun } from './self_distill_spec';

export const SELF_DISTILL_CURVE_COLUMNS = [
  'model', 'variant', 'seed', 'epoch', 'accuracy', 'loss', 'taught', 'executions_forward', 'executions_gradient',
  'hardware_circuits', 'teacher_executions',
] as const;
export const SELF_DISTILL_COLUMNS = [
  'model', 'variant', 'n_seeds', 'target_fraction', 'target_accuracy_mean', 'reached', 'epochs_to_target_mean',
  'epochs_to_target_std', 'hardware_circuits_to_target_mean', 'teacher_training_hardware_circuits',
  'final_accuracy_mean', 'final_accuracy_std', 'best_accuracy_mean',
] as const;

export function curveRows(runs: readonly SelfDistillRun[]): Row[] {
  return runs.flatMap((r) =>
    r.run.history.map((h) => ({
      model: r.model,
      variant: r.variant,
      seed: r.seed,
      epoch: h.epoch,
      accuracy: roundTo(h.accuracy, 2),
      loss: h.loss === null ? null : roundTo(h.loss, 4),
      taught: h.taught,
      executions_forward: h.executions.forward,
      executions_gradient: h.executions.gradient,
      hardware_circuits: h.executions.hardwareCircuits,
      teacher_executions: h.teacherExecutions.forward,
    })),
  );
}

export function summaryRows(runs: readonly SelfDistillRun[], fraction: number): Row[] {
  const rows: Row[] = [];
  for (const model of [...new Set(runs.map((r) => r.model))]) {
    for (const v of SELF_DISTILL_VARIANTS) {
      const rs = runs.filter((r) => r.model === model && r.variant === v.key);
      const hit = rs.filter((r) => r.epochsToTarget !== null);
      const e = hit.length ? meanStd(hit.map((r) => r.epochsToTarget!)) : null;
      const fin = meanStd(rs.map((r) => r.run.accuracy));
      rows.push({
        model,
        variant: v.key,
        n_seeds: rs.length,
        target_fraction: fraction,
        target_accuracy_mean: roundTo(meanStd(rs.map((r) => r.target)).mean, 2),
        reached: `${hit.length}/${rs.length}`,
        epochs_to_target_mean: e ? roundTo(e.mean, 2) : null,
        epochs_to_target_std: e ? roundTo(e.std, 2) : null,
        hardware_circuits_to_target_mean: hit.length
          ? Math.round(meanStd(hit.map((r) => r.circuitsToTarget!)).mean)
          : null,
        teacher_training_hardware_circuits: Math.round(meanStd(rs.map((r) => r.teacherTrainingCircuits)).mean),
        final_accuracy_mean: roundTo(fin.mean, 2),
        final_accuracy_std: roundTo(fin.std, 2),
        best_accuracy_mean: roundTo(meanStd(rs.map((r) => Math.max(...r.run.history.map((h) => h.accuracy)))).mean, 2),
      });
    }
  }
  return rows;
}
