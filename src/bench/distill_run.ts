/**
 * One model's state in `benchDistill`: exactly what a distillation run does — the loop's
 * `distillStep` (or `distillStepParallel` with worker threads) on the paper's MNIST setting —
 * plus the real-batch forward(+backward) alone, timed separately to show where time goes.
 */
import * as tf from '@tensorflow/tfjs';
import { ImageDataset, toTensors } from '../data';
import { DistillConfig, parseDistillConfig } from '../distill/config';
import { DistillState, InitCache, disposeState, distillStep, initState, realBatchIndices } from '../distill/loop';
import { WorkerPool, distillStepParallel } from '../distill/parallel';
import { RealBatch } from '../distill/outer';
import { Params, applyModel, trainableKeys } from '../models';
import { softmaxCrossEntropyFast } from '../nn';
import { tidy } from '../util/tidy';

/** The paper's MNIST setting of one outer iteration (config fields of `parseDistillConfig`). */
export const DISTILL_ITERATION = { imagesPerClass: 1, distillSteps: 1, distillEpochs: 3, distillLr: 0.02, lr: 0.01, betas: [0.5, 0.999] } as const;

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
  /** Outer loss of every step so far. */
  losses: number[];
  dispose(): Promise<void>;
}

/** The distillation config of the benchmark for `model`. */
export function benchConfig(model: DistillBenchModel, batch: number, seed: number): DistillConfig {
  return parseDistillConfig({ dataset: 'mnist', model: { kind: MODEL_KEYS[model] }, ...DISTILL_ITERATION, betas: [...DISTILL_ITERATION.betas], batchSize: batch, seed, epochs: 1000 });
}

/** Sets up one model (fixed initialisation `seed`); `workers` > 0 shares each batch with worker threads. */
export async function createRun(model: DistillBenchModel, ds: ImageDataset, batch: number, seed: number, workers: number): Promise<DistillModelRun> {
  const cfg = benchConfig(model, batch, seed);
  const inits = new InitCache(cfg);
  let state: DistillState = initState(cfg);
  const pool = workers > 0 ? await WorkerPool.start(cfg, workers, tf.getBackend(), { limit: ds.n }) : null;
  const fixed: RealBatch = toTensors(ds, realBatchIndices(cfg, ds.n, 0));
  const params0: Params = inits.get(0);
  const keys = trainableKeys(cfg.model, params0);
  const realLoss = (...p: tf.Tensor[]) =>
    softmaxCrossEntropyFast(applyModel(cfg.model, { ...params0, ...Object.fromEntries(keys.map((k, i) => [k, p[i]])) }, fixed.x, 'fast'), fixed.y);
  const realGrads = tf.grads(realLoss);
  const losses: number[] = [];
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
    async dispose() {
      await pool?.close();
      disposeState(state);
      inits.dispose();
      tf.dispose([fixed.x, fixed.y]);
    },
  };
}
