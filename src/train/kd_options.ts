/**
 * Options of the knowledge-distillation trainer (`trainKd`, see kd_train.ts) and their
 * validation: every invalid field is an error naming it, what was expected and what was received.
 */
import * as tf from '@tensorflow/tfjs';
import { ImageDataset } from '../data/dataset';
import { ModelSpec, Params } from '../models';
import { TrainProgress } from './trainer';

/** A frozen teacher: a model spec (same input shape as the student's) and its parameters. */
export interface KdTeacher {
  spec: ModelSpec;
  params: Params;
}

/** Training examples: a uint8 image dataset, or normalised tensors x `[N, H, W, C]`, y `[N]` int32 (not disposed). */
export type KdTrainSet = ImageDataset | { x: tf.Tensor4D; y: tf.Tensor1D };

export interface KdTrainOptions {
  epochs: number;
  batchSize: number;
  /** Adam learning rate. */
  lr: number;
  /** Seed of the batch order and, without `initParams`, of `initModel(student, seed)`. */
  seed: number;
  /** Starting parameters (copied; default `initModel(student, seed)`). */
  initParams?: Params;
  teacher?: KdTeacher;
  selfDistill?: { fromEpoch: number; refreshEvery?: number };
  /** KD weight λ ∈ [0, 1] (default 0.5 with a teacher or self-distillation; must be 0 or absent otherwise). */
  lambda?: number;
  /** Temperature T > 0 (default 4). */
  temperature?: number;
  /** Test examples evaluated after every epoch (default all). */
  testLimit?: number;
  onProgress?: (p: TrainProgress) => void;
}

/** Throws `trainKd: <field>: expected …, received …`. */
export const optionError = (field: string, expected: string, got: unknown): never => {
  throw new Error(
    `trainKd: ${field}: expected ${expected}, received ${typeof got === 'number' ? String(got) : JSON.stringify(got)}`,
  );
};
const isInt = (v: unknown, lo: number) => typeof v === 'number' && Number.isInteger(v) && v >= lo;

/** Validates the options (errors name the field); returns λ and T in effect. */
export function checkKdTrainOptions(student: ModelSpec, o: KdTrainOptions): { lambda: number; temperature: number } {
  if (!isInt(o.epochs, 1)) optionError('epochs', 'an integer ≥ 1', o.epochs);
  if (!isInt(o.batchSize, 1)) optionError('batchSize', 'an integer ≥ 1', o.batchSize);
  if (!(typeof o.lr === 'number' && o.lr > 0 && Number.isFinite(o.lr))) {
    optionError('lr', 'a positive finite number', o.lr);
  }
  if (!isInt(o.seed, 0)) optionError('seed', 'an integer ≥ 0', o.seed);
  if (o.testLimit !== undefined && !isInt(o.testLimit, 1)) optionError('testLimit', 'an integer ≥ 1', o.testLimit);
  const sd = o.selfDistill;
  if (sd !== undefined) {
    if (o.teacher) optionError('selfDistill', 'no selfDistill together with a teacher (one teacher at a time)', sd);
    if (!isInt(sd.fromEpoch, 1) || sd.fromEpoch >= o.epochs) {
      optionError('selfDistill.fromEpoch', `an integer from 1 to epochs − 1 = ${o.epochs - 1}`, sd.fromEpoch);
    }
    if (sd.refreshEvery !== undefined && !isInt(sd.refreshEvery, 0)) {
      optionError('selfDistill.refreshEvery', 'an integer ≥ 0', sd.refreshEvery);
    }
  }
  if (o.teacher) {
    const a = o.teacher.spec.input, b = student.input;
    if (a.height !== b.height || a.width !== b.width || a.channels !== b.channels) {
      optionError('teacher.spec.input', `the student's input ${JSON.stringify(b)}`, a);
    }
  }
  const taught = o.teacher !== undefined || sd !== undefined;
  const lambda = o.lambda ?? (taught ? 0.5 : 0), temperature = o.temperature ?? 4;
  if (typeof lambda !== 'number' || !(lambda >= 0 && lambda <= 1)) optionError('lambda', 'a number in [0, 1]', lambda);
  if (!taught && lambda !== 0) optionError('lambda', '0 (or absent) without a teacher or selfDistill', lambda);
  if (typeof temperature !== 'number' || !(temperature > 0 && Number.isFinite(temperature))) {
    optionError('temperature', 'a positive finite number', temperature);
  }
  return { lambda, temperature };
}
