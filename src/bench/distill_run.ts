/**
 * One model's state in `benchDistill`: exactly what a distillation run does — the loop's
 * `distillStep` (or `distillStepParallel` with worker threads) on the paper's MNIST setting —
 * plus, to show where time goes, the real-batch forward(+backward) alone and the phases of one
 * iteration on the main thread (`shards.ts`) on a fixed state: the value-only unroll, every
 * shard's first-order gradient, the pull-back through the taped unroll, and the Adam step; and
 * the number of TF.js kernels one iteration launches.
 */
import * as tf from '@tensorflow/tfjs';
import { ImageDataset, toTensors } from '../data';
import { DistillConfig, parseDistillConfig } from '../distill/config';
import {
  DistillState,
  InitCache,
  abortIteration,
  applyOuterUpdate,
  beginIteration,
  disposeState,
  distillStep,
  initState,
  realBatchIndices,
} from '../distill/loop';
import { finishGradient, shardGradient } from '../distill/shards';
import { WorkerPool, distillStepParallel } from '../distill/parallel';
import { RealBatch } from '../distill/outer';
import { Params, applyModel, trainableKeys } from '../models';
import { softmaxCrossEntropyFast } from '../nn';
import { tidy } from '../util/tidy';

/** The paper's MNIST setting of one outer iteration (config fields of `parseDistillConfig`). */
export const DISTILL_ITERATION = {
  imagesPerClass: 1,
  distillSteps: 1,
  distillEpochs: 3,
  distillLr: 0.02,
  lr: 0.01,
  betas: [0.5, 0.999],
} as const;

/** Model names of the benchmark and the keys of their figures. */
export const MODEL_KEYS = { classical: 'classical_lenet', quantum: 'quantum_lenet' } as const;
export type DistillBenchModel = keyof typeof MODEL_KEYS;
export type ModelKey = (typeof MODEL_KEYS)[DistillBenchModel];

export interface DistillModelRun {
  key: ModelKey;
  /** One outer iteration on the next real batch (updates the synthetic set). */
  step(): Promise<void>;
  /** Forward + backward on a fixed real batch alone (gradients in the trainable parameters). */
  realForwardBackward(): void;
  /** Forward on the fixed real batch alone (the loss). */
  realForward(): void;
  /** The phases of one iteration on this thread, on a fixed state (see module comment). */
  phases: { unrollForward(): void; shards(): void; pullBack(): void; adam(): void };
  /** TF.js kernels launched by one whole iteration (every shard on this thread). */
  kernels(): Promise<number>;
  /** Outer loss of every step so far. */
  losses: number[];
  dispose(): Promise<void>;
}

/** The distillation config of the benchmark for `model`. */
export function benchConfig(model: DistillBenchModel, batch: number, seed: number): DistillConfig {
  return parseDistillConfig({
    dataset: 'mnist',
    model: { kind: MODEL_KEYS[model] },
    ...DISTILL_ITERATION,
    betas: [...DISTILL_ITERATION.betas],
    batchSize: batch,
    seed,
    epochs: 1000,
  });
}

/** Sets up one model (fixed initialisation `seed`); `workers` > 0 shares each batch with worker threads. */
export async function createRun(
  model: DistillBenchModel,
  ds: ImageDataset,
  batch: number,
  seed: number,
  workers: number,
): Promise<DistillModelRun> {
  const cfg = benchConfig(model, batch, seed);
  const inits = new InitCache(cfg);
  let state: DistillState = initState(cfg);
  const pool = workers > 0 ? await WorkerPool.start(cfg, workers, tf.getBackend(), { limit: ds.n }) : null;
  const fixed: RealBatch = toTensors(ds, realBatchIndices(cfg, ds.n, 0));
  const params0: Params = inits.get(0);
  const keys = trainableKeys(cfg.model, params0);
  const realLoss = (...p: tf.Tensor[]) =>
    softmaxCrossEntropyFast(
      applyModel(cfg.model, { ...params0, ...Object.fromEntries(keys.map((k, i) => [k, p[i]])) }, fixed.x, 'fast'),
      fixed.y,
    );
  const realGrads = tf.grads(realLoss);
  const losses: number[] = [];
  // The phase split runs on a fixed copy of the initial state and a fixed iteration 0.
  const fixedState = initState(cfg);
  const it = beginIteration(cfg, ds.n, inits, fixedState);
  const shardResults = () => it.parts.map((part) => shardGradient(cfg.model, ds, it.unrolled, part, it.batch.length));
  const results = shardResults();
  const gradient = () =>
    finishGradient(
      cfg.model,
      it.params0,
      fixedState.images,
      fixedState.rawLrs,
      it.labels,
      it.unroll,
      it.unrolled,
      results,
    );
  const copy = (s: DistillState): DistillState => ({
    images: tf.clone(s.images), rawLrs: tf.clone(s.rawLrs), iteration: s.iteration,
      adam: { m: s.adam.m.map((t) => tf.clone(t)), v: s.adam.v.map((t) => tf.clone(t)), t: s.adam.t },
  });
  const phases = {
    unrollForward: () => abortIteration(inits, beginIteration(cfg, ds.n, inits, fixedState)),
    shards: () => void shardResults(),
    pullBack: () => {
      const g = gradient();
      g.dImages.dataSync();
      tf.dispose([g.dImages, g.dRawLrs]);
    },
    adam: () => {
      const next = applyOuterUpdate(cfg, copy(fixedState), { loss: 1, dImages: tf.zerosLike(fixedState.images),
        dRawLrs: tf.zerosLike(fixedState.rawLrs) }, ds.n);
      next.images.dataSync();
      disposeState(next);
    },
  };
  return {
    key: MODEL_KEYS[model],
    losses,
    async step() {
      const r = pool ? await distillStepParallel(cfg, ds, inits, state, pool) : distillStep(cfg, ds, inits, state);
      state = r.state;
      losses.push(r.loss);
    },
    realForwardBackward() {
      tidy(() => realGrads(keys.map((k) => params0[k])).forEach((g) => g.dataSync()));
    },
    realForward() {
      tidy(() => realLoss(...keys.map((k) => params0[k])).dataSync());
    },
    phases,
    async kernels() {
      const info = await tf.profile(() => disposeState(distillStep(cfg, ds, inits, copy(fixedState)).state));
      return info.kernels.length;
    },
    async dispose() {
      await pool?.close();
      abortIteration(inits, it);
      disposeState(fixedState);
      disposeState(state);
      inits.dispose();
      tf.dispose([fixed.x, fixed.y]);
    },
  };
}
