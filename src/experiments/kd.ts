/**
 * QNN → QNN knowledge distillation on MNIST (notebook 20): an 8-qubit × 4-layer `qnn_classifier`
 * teacher trained with cross-entropy, and students of 4-6 qubits × 1-2 layers trained per seed
 * without and with the teacher (`trainKd`, λ and T from the profile). Every run is cached
 * (`kdRunCached`); the teacher's parameters too, so a rerun reuses them.
 *
 * Preprocessing (`KD_PREPROCESSING`): the MNIST image (pixel/255) is average-pooled p×p by the
 * model itself, p the smallest divisor of 28 with (28/p)² ≤ 2^n: 8 qubits → 2×2 pooling, 14×14 =
 * 196 pixels zero-padded to 256 amplitudes; 6 qubits → 4×4, 7×7 = 49 → 64; 4 qubits → 7×7, 4×4 =
 * 16. Teacher and student see differently pooled versions of the same image; KD uses only the
 * teacher's logits per example.
 */
import { ImageDataset } from '../data/dataset';
import { KdTeacher, trainKd } from '../train/kd_train';
import { QnnClassifierSpec, disposeParams, initModel, paramCount, parseModelSpec } from '../models';
import { Row } from '../results/csv';
import { KdScale, Profile } from '../results/profile';
import { meanStd } from '../results/table1';
import { loadSplits } from '../runs/datasets';
import { roundTo } from '../util/round';
import { CachedKdRun, kdRunCached } from './kd_cache';
import { PlanProgress } from './progress';
import { whileInterruptible } from '../runs/interrupt';

export const KD_PREPROCESSING =
  'MNIST pixel/255, average-pooled p×p inside the model (p the smallest divisor of 28 with (28/p)² ≤ 2^qubits): ' +
  '8 qubits: 2×2 → 14×14 = 196 pixels zero-padded to 256 amplitudes; ' +
  '6 qubits: 4×4 → 7×7 = 49 → 64; 4 qubits: 7×7 → 4×4 = 16; ' +
  'then AmplitudeEmbedding (normalised) → StronglyEntanglingLayers → ⟨Z⟩ per qubit → ' +
  'linear head → 10 logits';

export const KD_TEACHER_MODEL = { kind: 'qnn_classifier', qubits: 8, layers: 4 } as const;
export const KD_STUDENT_MODELS = [
  { kind: 'qnn_classifier', qubits: 4, layers: 1 },
  { kind: 'qnn_classifier', qubits: 4, layers: 2 },
  { kind: 'qnn_classifier', qubits: 6, layers: 1 },
  { kind: 'qnn_classifier', qubits: 6, layers: 2 },
] as const;

/**
 * Seconds per Adam step (batch ≤ 128) by qubit count, measured on the reference machine
 * (2 cores, wasm; the 8-qubit unitary dominates).
 */
export const KD_STEP_SECONDS: Record<number, number> = { 4: 0.006, 6: 0.008, 8: 0.25 };

export const classifierSpec = (m: { qubits: number; layers: number }) =>
  parseModelSpec({ kind: 'qnn_classifier', qubits: m.qubits, layers: m.layers }, 'mnist') as QnnClassifierSpec;
/** `6q×2L`. */
export const modelLabel = (m: { qubits: number; layers: number }) => `${m.qubits}q×${m.layers}L`;
/** Trainable parameters of a classifier (circuit angles + head). */
export function classifierParams(m: { qubits: number; layers: number }): number {
  const spec = classifierSpec(m), p = initModel(spec, 0), n = paramCount(p);
  disposeParams(p);
  return n;
}

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

export interface KdTeacherRun extends CachedKdRun {
  teacher: KdTeacher;
}

/**
 * The teacher (seed 0, cross-entropy) at the profile's scale, trained or read from the cache. The caller
 * disposes `teacher.params`.
 */
export async function kdTeacher(
  profile: Profile,
  data: { train: ImageDataset; test: ImageDataset },
  plan?: PlanProgress,
): Promise<KdTeacherRun> {
  const s = profile.kd,
    spec = classifierSpec(KD_TEACHER_MODEL);
  const o = { ...s.teacher, seed: 0, testLimit: s.testLimit ?? undefined };
  const key = { model: spec, options: o, trainLimit: s.trainLimit };
  plan?.begin(`teacher ${modelLabel(spec)}, cross-entropy`);
  const run = await kdRunCached(
    profile.name,
    `kd-teacher-${modelLabel(spec)}-s0`,
    key,
    () => trainKd(spec, data.train, data.test, { ...o, onProgress: plan?.train }),
    true,
  );
  plan?.end(`test accuracy ${run.accuracy.toFixed(2)}%`, run.reused);
  return { ...run, teacher: { spec, params: run.params! } };
}

/** A student run's key and options: without (`teacherDir` null) or with the cached teacher. */
function studentRun(
  profile: Profile,
  s: KdScale,
  m: { qubits: number; layers: number },
  seed: number,
  teacherDir: string | null,
) {
  const o = {
    epochs: s.students.epochs,
    batchSize: s.students.batchSize,
    lr: s.students.lr,
    seed,
    testLimit: s.testLimit ?? undefined,
  };
  const kd = teacherDir === null ? {} : { lambda: s.lambda, temperature: s.temperature };
  return {
    o: { ...o, ...kd },
    key: {
      model: classifierSpec(m),
      options: { ...o, ...kd },
      trainLimit: s.trainLimit,
      teacher: teacherDir === null ? null : teacherDir.split(/[\\/]/).pop(),
    },
  };
}

export interface KdStudentsResult {
  teacher: KdTeacherRun;
  /** Runs per student label: seeds in order, without and with the teacher. */
  runs: Record<string, { without: CachedKdRun[]; with: CachedKdRun[] }>;
  details: Row[];
}

/**
 * Teacher and students at the profile's scale (module comment). Returns the teacher with its
 * parameters (the caller disposes `teacher.teacher.params`).
 */
export async function runKdStudents(
  profile: Profile,
  o: { print?: (line: string) => void; plan?: PlanProgress; extraJobs?: number } = {},
): Promise<KdStudentsResult> {
  return whileInterruptible(() => runKdStudentsNow(profile, o));
}

async function runKdStudentsNow(
  profile: Profile,
  o: { print?: (line: string) => void; plan?: PlanProgress; extraJobs?: number } = {},
): Promise<KdStudentsResult> {
  const s = profile.kd;
  const plan =
    o.plan ??
    new PlanProgress(1 + KD_STUDENT_MODELS.length * s.students.seeds.length * 2 + (o.extraJobs ?? 0), o.print);
  const data = loadSplits('mnist', { trainLimit: s.trainLimit });
  const teacher = await kdTeacher(profile, data, plan);
  const trainSet = `mnist first ${data.train.n}`;
  const details: Row[] = [kdDetailRow('teacher', KD_TEACHER_MODEL, trainSet, 'none', 0, s.temperature, 0, teacher)];
  const runs: KdStudentsResult['runs'] = {};
  try {
    for (const m of KD_STUDENT_MODELS) {
      const spec = classifierSpec(m), label = modelLabel(m);
      runs[label] = { without: [], with: [] };
      for (const seed of s.students.seeds) {
        for (const withTeacher of [false, true]) {
          const { o: opts, key } = studentRun(profile, s, m, seed, withTeacher ? teacher.dir : null);
          plan.begin(
            `student ${label}, seed ${seed}, ` +
              `${
                withTeacher
                  ? `KD from ${modelLabel(KD_TEACHER_MODEL)} (λ ${s.lambda}, T ${s.temperature})`
                  : 'cross-entropy'
              }`,
          );
          const run = await kdRunCached(
            profile.name,
            `kd-student-${label}-s${seed}-${withTeacher ? 'kd' : 'ce'}`,
            key,
            () =>
              trainKd(spec, data.train, data.test, {
                ...opts,
                ...(withTeacher ? { teacher: teacher.teacher } : {}),
                onProgress: plan.train,
              }),
          );
          plan.end(`test accuracy ${run.accuracy.toFixed(2)}%`, run.reused);
          runs[label][withTeacher ? 'with' : 'without'].push(run);
          details.push(
            kdDetailRow(
              'students',
              m,
              trainSet,
              withTeacher ? modelLabel(KD_TEACHER_MODEL) : 'none',
              s.lambda,
              s.temperature,
              seed,
              run,
            ),
          );
        }
      }
    }
  } catch (e) {
    disposeParams(teacher.teacher.params);
    throw e;
  }
  return { teacher, runs, details };
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
