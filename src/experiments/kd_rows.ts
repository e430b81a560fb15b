/**
 * The output tables of the knowledge-distillation study (`kd.ts` runs it): the details row of one
 * cached run and the summary over seeds.
 */
import { Row } from '../results/csv';
import { meanStd } from '../util/spread';
import { roundTo } from '../util/round';
import { CachedKdRun } from './kd_cache';
import { classifierParams, modelLabel } from './kd_models';

export const KD_DETAIL_COLUMNS = [
  'experiment', 'model', 'parameters', 'train_set', 'train_examples', 'teacher', 'lambda', 'temperature', 'seed',
  'epochs', 'accuracy', 'final_loss', 'executions_forward', 'executions_gradient', 'hardware_circuits',
  'teacher_executions', 'seconds',
] as const;

/** One details row of a cached run. */
export function kdDetailRow(
  experiment: string,
  m: { qubits: number; layers: number },
  trainSet: string,
  teacher: string,
  lambda: number,
  temperature: number,
  seed: number,
  r: CachedKdRun,
): Row {
  const last = r.history[r.history.length - 1];
  return {
    experiment,
    model: modelLabel(m),
    parameters: classifierParams(m),
    train_set: trainSet,
    train_examples: r.train_examples,
    teacher,
    lambda: teacher === 'none' ? 0 : lambda,
    temperature: teacher === 'none' ? null : temperature,
    seed,
    epochs: last.epoch,
    accuracy: roundTo(r.accuracy, 2),
    final_loss: last.loss === null ? null : roundTo(last.loss, 4),
    executions_forward: last.executions.forward,
    executions_gradient: last.executions.gradient,
    hardware_circuits: last.executions.hardwareCircuits,
    teacher_executions: last.teacherExecutions.forward,
    seconds: roundTo(r.seconds, 1),
  };
}

export const KD_SUMMARY_COLUMNS = [
  'experiment', 'model', 'train_set', 'teacher', 'n_seeds', 'accuracy_mean', 'accuracy_std', 'delta_vs_no_teacher',
  'teacher_accuracy', 'hardware_circuits_per_run',
] as const;

/**
 * Summary rows from details rows: one per (experiment, model, train set, teacher), mean ± std
 * (sample std, `meanStd`) of the accuracy over seeds, the difference to the same group without a teacher.
 */
export function kdSummary(details: readonly Row[], teacherAccuracy: number): Row[] {
  const groups = new Map<string, Row[]>();
  for (const r of details) {
    const k = [r.experiment, r.model, r.train_set, r.teacher].join('|');
    groups.set(k, [...(groups.get(k) ?? []), r]);
  }
  const mean = (rows: Row[]) => meanStd(rows.map((r) => r.accuracy as number));
  return [...groups.values()].map((rows) => {
    const r0 = rows[0], a = mean(rows);
    const base = r0.teacher === 'none' ? null : groups.get([r0.experiment, r0.model, r0.train_set, 'none'].join('|'));
    return {
      experiment: r0.experiment,
      model: r0.model,
      train_set: r0.train_set,
      teacher: r0.teacher,
      n_seeds: rows.length,
      accuracy_mean: roundTo(a.mean, 2),
      accuracy_std: roundTo(a.std, 2),
      delta_vs_no_teacher: base ? roundTo(a.mean - mean(base).mean, 2) : null,
      teacher_accuracy: roundTo(teacherAccuracy, 2),
      hardware_circuits_per_run: rows.some((r) => r.hardware_circuits === null)
        ? null
        : Math.round(rows.reduce((t, r) => t + (r.hardware_circuits as number), 0) / rows.length),
    };
  });
}
