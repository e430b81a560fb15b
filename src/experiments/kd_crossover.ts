/**
 * The cross-over of dataset distillation and knowledge distillation (notebook 20): MNIST is
 * distilled for the 6q×2L student QNN with the bilevel distiller (the paper's MNIST protocol: 1
 * image per class, distillSteps 1, distillEpochs 3, fixed initialisation), then the student is
 * trained from that same initialisation with Adam (full batch of the 10 images, the students'
 * lr, `crossover.epochs` steps) on the distilled set, without and with the teacher's soft labels
 * (the teacher's logits on the distilled images, which it sees 2×2-pooled). Reference rows: the
 * distiller's own evaluation (3 gradient steps with the learned learning rates), and the same
 * two trainings on 10 random real training images (1 per class, seeded).
 */
import * as tf from '@tensorflow/tfjs';
import { subsetDataset } from '../data/dataset';
import { classBalancedSubset } from '../data/sampling';
import { DistillConfig } from '../distill/config';
import { KdTrainSet, trainKd } from '../train/kd_train';
import { NUM_CLASSES } from '../models';
import { Row } from '../results/csv';
import { Profile } from '../results/profile';
import { loadSplits } from '../runs/datasets';
import { readDistilledSet } from '../runs/final_set';
import { readRunInfo, runPaths } from '../runs/run_dir';
import { roundTo } from '../util/round';
import { stream } from '../util/streams';
import {
  KD_STUDENT_MODELS,
  KD_TEACHER_MODEL,
  KdTeacherRun,
  classifierParams,
  classifierSpec,
  kdDetailRow,
  modelLabel,
} from './kd';
import { kdRunCached } from './kd_cache';
import { PlanProgress } from './progress';
import { distillConfig } from './protocol';
import { DistillRunSpec, computeCached, distillSpec } from './run_specs';

/** The student of the cross-over: 6 qubits × 2 layers. */
export const CROSSOVER_STUDENT = KD_STUDENT_MODELS[3];
export const DISTILLED_SET = 'distilled (10 images)';
export const RANDOM_REAL_SET = 'random real (10 images)';
/** The distiller's own evaluation: 3 gradient steps with the learned learning rates (CSV-safe: no commas or quotes). */
export const DISTILLER_EVAL_SET = 'distilled (10 images) via the distiller (3 learned-lr steps)';

/** Jobs the cross-over adds to a progress plan: per seed a distillation and four trainings. */
export const crossoverJobs = (profile: Profile) => profile.kd.crossover.distill.seeds.length * 5;

export interface CrossoverResult {
  details: Row[];
  configs: DistillConfig[];
}

/** The cached distillations of the cross-over: one per seed, for the cross-over student. */
export function crossoverRuns(profile: Profile): Array<{ seed: number; run: DistillRunSpec }> {
  const scale = profile.kd.crossover.distill, m = CROSSOVER_STUDENT;
  return scale.seeds.map((seed) => ({
    seed,
    run: distillSpec(
      `MNIST for the ${modelLabel(m)} student, seed ${seed}`,
      distillConfig('mnist', { ...m }, seed, scale, profile.name),
      scale,
    ),
  }));
}

/** Runs (or reuses) the cross-over at the profile's scale; `teacher` is the notebook's cached teacher. */
export async function runKdCrossover(
  profile: Profile,
  teacher: KdTeacherRun,
  plan: PlanProgress,
): Promise<CrossoverResult> {
  const s = profile.kd,
    scale = s.crossover.distill,
    m = CROSSOVER_STUDENT,
    spec = classifierSpec(m),
    label = modelLabel(m);
  const { train, test } = loadSplits('mnist', { trainLimit: s.trainLimit });
  const details: Row[] = [];
  const configs: DistillConfig[] = [];
  for (const { seed, run: distillRun } of crossoverRuns(profile)) {
    const cfg = distillRun.cfg;
    configs.push(cfg);
    plan.begin(`distilling MNIST for the ${label} student, seed ${seed} (1 image/class, 3 steps)`);
    const run = await computeCached(distillRun, profile.name, { onDistill: plan.distill });
    plan.end(`distiller's own evaluation (3 learned-lr steps): ${run.final.eval.mean.toFixed(2)}%`, run.reused);
    details.push({
      experiment: 'crossover',
      model: label,
      parameters: classifierParams(m),
      train_set: DISTILLER_EVAL_SET,
      train_examples: 10,
      teacher: 'none',
      lambda: 0,
      temperature: null,
      seed,
      epochs: null,
      accuracy: roundTo(run.final.eval.mean, 2),
      final_loss: null,
      executions_forward: null,
      executions_gradient: null,
      hardware_circuits: null,
      teacher_executions: null,
      seconds: roundTo(run.final.seconds, 1),
    });
    const set = readDistilledSet(runPaths(run.runDir), cfg, readRunInfo(run.runDir).configHash);
    if (set.labels) {
      throw new Error(
        `${run.runDir}: the KD cross-over trains on hard labels; ` +
          'this set was distilled with learned soft labels (learnLabels)',
      );
    }
    const n = set.shape[0] * set.shape[1];
    const labels = Array.from(
      { length: n },
      (_, i) => Math.floor((i % set.shape[1]) / cfg.imagesPerClass) % NUM_CLASSES,
    );
    const distilled = { x: tf.tensor4d(set.images, [n, 28, 28, 1]), y: tf.tensor1d(labels, 'int32') };
    const real = subsetDataset(train, classBalancedSubset(train.labels, 1, stream(seed, 'kdRealSubset')));
    try {
      for (const [name, data, source] of [
        [DISTILLED_SET, distilled, run.runDir.split(/[\\/]/).pop()],
        [RANDOM_REAL_SET, real, `mnist first ${train.n}, classBalancedSubset(1, stream(${seed}, 'kdRealSubset'))`],
      ] as Array<[string, KdTrainSet, string]>) {
        for (const withTeacher of [false, true]) {
          const o = {
            epochs: s.crossover.epochs,
            batchSize: 10,
            lr: s.students.lr,
            seed,
            testLimit: s.testLimit ?? undefined,
            ...(withTeacher ? { lambda: s.lambda, temperature: s.temperature } : {}),
          };
          const key = {
            model: spec,
            options: o,
            data: source,
            teacher: withTeacher ? teacher.dir.split(/[\\/]/).pop() : null,
          };
          plan.begin(
            `${label} on ${name}, seed ${seed}, ${withTeacher ? "with the teacher's soft labels" : 'cross-entropy'}`,
          );
          const r = await kdRunCached(
            profile.name,
            `kd-crossover-${label}-s${seed}-` +
              `${name.startsWith('distilled') ? 'distilled' : 'real'}-${withTeacher ? 'kd' : 'ce'}`,
            key,
            () => trainKd(spec, data, test, { ...o, ...(withTeacher ? { teacher: teacher.teacher } : {}) }),
          );
          plan.end(`test accuracy ${r.accuracy.toFixed(2)}%`, r.reused);
          details.push(
            kdDetailRow(
              'crossover',
              m,
              name,
              withTeacher ? modelLabel(KD_TEACHER_MODEL) : 'none',
              s.lambda,
              s.temperature,
              seed,
              r,
            ),
          );
        }
      }
    } finally {
      tf.dispose([distilled.x, distilled.y]);
    }
  }
  return { details, configs };
}
