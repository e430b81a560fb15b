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
import { disposeParams } from '../models';
import { Row } from '../results/csv';
import { KdScale, Profile } from '../results/profile';
import { loadSplits } from '../runs/datasets';
import { CachedKdRun, kdRunCached } from './kd_cache';
import { KD_STUDENT_MODELS, KD_TEACHER_MODEL, classifierSpec, modelLabel } from './kd_models';
import { kdDetailRow } from './kd_rows';
import { PlanProgress } from './progress';
import { whileInterruptible } from '../runs/interrupt';
import { streamSeed } from '../util/streams';

export * from './kd_models';
export * from './kd_rows';

export interface KdTeacherRun extends CachedKdRun {
  teacher: KdTeacher;
}

/**
 * The teacher (of run seed 0, cross-entropy) at the profile's scale, trained or read from the cache. Its
 * training seed is the `kdTeacher` stream's of seed 0, so that it shares neither initial weights nor batch
 * order with the student of seed 0 (before numerics v3 both used seed 0). The caller disposes `teacher.params`.
 */
export async function kdTeacher(
  profile: Profile,
  data: { train: ImageDataset; test: ImageDataset },
  plan?: PlanProgress,
): Promise<KdTeacherRun> {
  const s = profile.kd,
    spec = classifierSpec(KD_TEACHER_MODEL);
  const o = { ...s.teacher, seed: streamSeed(0, 'kdTeacher'), testLimit: s.testLimit ?? undefined };
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
