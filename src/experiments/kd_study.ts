/**
 * Notebook 20 in one call: teacher, students with and without KD, and the cross-over, as details
 * and summary rows (`KD_DETAIL_COLUMNS`, `KD_SUMMARY_COLUMNS`), its figure, and its estimated
 * duration on the reference machine.
 */
import { disposeParams } from '../models';
import { Row } from '../results/csv';
import { Profile } from '../results/profile';
import { PlotlyFigure } from '../plot/plotly';
import { KD_STEP_SECONDS, KD_STUDENT_MODELS, KD_TEACHER_MODEL, kdSummary, modelLabel, runKdStudents } from './kd';
import {
  CROSSOVER_STUDENT,
  DISTILLED_SET,
  DISTILLER_EVAL_SET,
  RANDOM_REAL_SET,
  crossoverJobs,
  runKdCrossover,
} from './kd_crossover';
import { PlanProgress } from './progress';
import { distillSeconds } from './estimate';
import { whileInterruptible } from '../runs/interrupt';

export interface KdStudyResult {
  details: Row[];
  summary: Row[];
  teacherAccuracy: number;
  /** Everything that determined the results (for the manifests). */
  config: unknown;
}

/** Runs (or reuses) every run of notebook 20 at the profile's scale. */
export async function runKdStudy(profile: Profile, o: { print?: (line: string) => void } = {}): Promise<KdStudyResult> {
  return whileInterruptible(() => runKdStudyNow(profile, o));
}

async function runKdStudyNow(profile: Profile, o: { print?: (line: string) => void } = {}): Promise<KdStudyResult> {
  const s = profile.kd;
  const plan = new PlanProgress(
    1 + KD_STUDENT_MODELS.length * s.students.seeds.length * 2 + crossoverJobs(profile),
    o.print,
  );
  const students = await runKdStudents(profile, { plan });
  try {
    const cross = await runKdCrossover(profile, students.teacher, plan);
    const details = [...students.details, ...cross.details];
    return {
      details,
      summary: kdSummary(details, students.teacher.accuracy),
      teacherAccuracy: students.teacher.accuracy,
      config: {
        kd: s,
        teacher: KD_TEACHER_MODEL,
        students: KD_STUDENT_MODELS,
        crossoverStudent: CROSSOVER_STUDENT,
        crossoverDistillConfigs: cross.configs,
      },
    };
  } finally {
    disposeParams(students.teacher.teacher.params);
  }
}

/**
 * Grouped bars: test accuracy (mean ± std over seeds) without and with the teacher, per student
 * and for the cross-over trainings, the distiller's own evaluation as a marker, the teacher's
 * accuracy as a dashed line.
 */
export function kdFigure(summary: readonly Row[], teacherAccuracy: number, title: string): PlotlyFigure {
  const cross = modelLabel(CROSSOVER_STUDENT);
  const groups = [
    ...KD_STUDENT_MODELS.map((m) => ({
      x: modelLabel(m),
      experiment: 'students',
      model: modelLabel(m),
      set: null as string | null,
    })),
    { x: `${cross}<br>on the distilled set`, experiment: 'crossover', model: cross, set: DISTILLED_SET },
    { x: `${cross}<br>on 10 random real images`, experiment: 'crossover', model: cross, set: RANDOM_REAL_SET },
  ];
  const find = (g: (typeof groups)[number], teacher: boolean) =>
    summary.find(
      (r) =>
        r.experiment === g.experiment &&
        r.model === g.model &&
        (g.set === null || r.train_set === g.set) &&
        (r.teacher === 'none') !== teacher,
    );
  const series = [false, true].map((teacher) => {
    const rows = groups.map((g) => find(g, teacher));
    return {
      type: 'bar',
      name: teacher ? `with the ${modelLabel(KD_TEACHER_MODEL)} teacher (KD)` : 'without teacher (cross-entropy)',
      x: groups.map((g) => g.x),
      y: rows.map((r) => r?.accuracy_mean ?? null),
      error_y: { type: 'data', array: rows.map((r) => r?.accuracy_std ?? 0), visible: true },
    };
  });
  const own = summary.find((r) => r.experiment === 'crossover' && r.train_set === DISTILLER_EVAL_SET);
  const x = groups.map((g) => g.x);
  return {
    data: [
      ...series,
      {
        type: 'scatter',
        mode: 'markers',
        name: "distiller's own evaluation (3 learned-lr steps)",
        x: [x[4]],
        y: [own?.accuracy_mean ?? null],
        marker: { symbol: 'diamond', size: 12, color: 'black' },
      },
      {
        type: 'scatter',
        mode: 'lines',
        name: `teacher ${modelLabel(KD_TEACHER_MODEL)}: ${teacherAccuracy.toFixed(1)}%`,
        x: [x[0], x[x.length - 1]],
        y: [teacherAccuracy, teacherAccuracy],
        line: { dash: 'dash', color: 'gray' },
      },
    ],
    layout: {
      title: { text: title },
      barmode: 'group',
      font: { family: 'Arial, sans-serif', size: 13 },
      yaxis: { title: { text: 'test accuracy (%)' }, range: [0, 100] },
      xaxis: { automargin: true },
      legend: { orientation: 'h', y: -0.25 },
      margin: { b: 160 },
    },
  };
}

/** Estimated seconds of notebook 20 at a profile (cached runs excluded). */
export function estimateKdSeconds(profile: Profile): number {
  const s = profile.kd, n = s.trainLimit ?? 60000, evals = (s.testLimit ?? 10000) / 1000;
  const t = s.teacher.epochs * (Math.ceil(n / s.teacher.batchSize) * KD_STEP_SECONDS[8] + 0.15 * evals);
  const st = KD_STUDENT_MODELS.reduce(
    (a, m) =>
      a +
      s.students.seeds.length * 2 * s.students.epochs *
        (Math.ceil(n / s.students.batchSize) * KD_STEP_SECONDS[m.qubits] + 0.02 * evals),
    0,
  );
  const c =
    s.crossover.distill.seeds.length *
    (distillSeconds('mnist', { ...CROSSOVER_STUDENT }, s.crossover.distill) * 0.5 +
      4 * s.crossover.epochs * (KD_STEP_SECONDS[6] + 0.02 * evals));
  return 20 + t + st + c;
}
