/**
 * Data-parallel outer iterations: the real batch is split into equal shards, one computed on
 * this thread and one on each worker thread (each with its own TF.js backend — wasm runs one
 * thread per backend in Node). Shard results are scaled by their share of the batch, so their
 * sum is exactly the batch-mean hypergradient. Results are deterministic for a given number
 * of workers (the summation order is fixed). Workers' circuit executions are added to this
 * thread's counters (`sim/executions.ts`).
 */
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import * as tf from '@tensorflow/tfjs';
import { ImageDataset } from '../data';
import { DistillConfig } from './config';
import { DatasetOptions } from './datasets';
import { DistillState, InitCache, OuterGradient, applyOuterUpdate, realBatchIndices, shardHypergradient } from './loop';
import { ShardReply, ShardRequest, WorkerInit } from './worker';
import { NonFiniteError } from '../util/errors';
import { addExecutionCounts } from '../sim/executions';

/** Worker threads to use by default: one per extra core, none with the native backend. */
export function defaultWorkers(backend: string): number {
  return backend === 'tensorflow' ? 0 : Math.max(0, os.cpus().length - 1);
}

export class WorkerPool {
  private constructor(private readonly workers: Worker[]) {}

  /** Starts `n` workers for `cfg` and waits until each has loaded its data. */
  static async start(cfg: DistillConfig, n: number, backend: string, data: DatasetOptions = {}): Promise<WorkerPool> {
    const ext = path.extname(__filename);
    const entry = path.join(__dirname, `worker${ext}`);
    const workerData: WorkerInit = { cfg, backend, data };
    // From TypeScript sources (tests, tsx) the worker registers tsx's CommonJS hook first.
    const make = () => (ext === '.ts'
      ? new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, { eval: true, workerData })
      : new Worker(entry, { workerData }));
    const workers = Array.from({ length: n }, make);
    const pool = new WorkerPool(workers);
    try {
      await Promise.all(workers.map((w) => new Promise<void>((resolve, reject) => {
        w.once('message', (m) => (m === 'ready' ? resolve() : reject(new Error((m as ShardReply).error ?? 'worker failed to start'))));
        w.once('error', reject);
      })));
    } catch (e) {
      await pool.close();
      throw e;
    }
    return pool;
  }

  get size(): number {
    return this.workers.length;
  }

  /** Sends one request to worker `i` and resolves with its reply. */
  request(i: number, req: ShardRequest): Promise<ShardReply> {
    const w = this.workers[i];
    return new Promise((resolve, reject) => {
      const onError = (e: Error) => reject(e);
      w.once('error', onError);
      w.once('message', (m: ShardReply) => {
        w.off('error', onError);
        if (m.error) reject(m.nonFinite ? new NonFiniteError(m.error) : new Error(`worker ${i}: ${m.error}`));
        else resolve(m);
      });
      w.postMessage(req);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Splits `idx` into `parts` contiguous shards of (nearly) equal size. */
export function shards(idx: Int32Array, parts: number): Int32Array[] {
  const out: Int32Array[] = [];
  for (let p = 0; p < parts; p++) out.push(idx.subarray(Math.floor((p * idx.length) / parts), Math.floor(((p + 1) * idx.length) / parts)));
  return out.filter((s) => s.length > 0);
}

/**
 * One outer iteration with the batch shared between this thread and the pool's workers.
 * Same result as `distillStep` up to floating-point summation order.
 */
export async function distillStepParallel(cfg: DistillConfig, train: ImageDataset, inits: InitCache, state: DistillState, pool: WorkerPool): Promise<{ state: DistillState; loss: number }> {
  const idx = realBatchIndices(cfg, train.n, state.iteration);
  const parts = shards(idx, pool.size + 1);
  const images = state.images.dataSync() as Float32Array;
  const rawLrs = state.rawLrs.dataSync() as Float32Array;
  const remote = parts.slice(1).map((shard, i) =>
    pool.request(i, { images, imagesShape: state.images.shape, rawLrs, iteration: state.iteration, idx: shard, batchTotal: idx.length }));
  let local: OuterGradient;
  try {
    local = shardHypergradient(cfg, train, inits, state.images, state.rawLrs, state.iteration, parts[0], idx.length);
  } catch (e) {
    await Promise.allSettled(remote); // leave no worker reply unhandled
    throw e;
  }
  let replies: ShardReply[];
  try {
    replies = await Promise.all(remote);
  } catch (e) {
    await Promise.allSettled(remote);
    tf.dispose([local.dImages, local.dRawLrs]);
    throw e;
  }
  for (const r of replies) if (r.executions) addExecutionCounts(r.executions);
  const g: OuterGradient = tf.tidy(() => ({
    loss: replies.reduce((s, r) => s + r.loss, local.loss),
    dImages: replies.reduce((acc, r) => tf.add(acc, tf.tensor(r.dImages, state.images.shape)), local.dImages as tf.Tensor),
    dRawLrs: replies.reduce((acc, r) => tf.add(acc, tf.tensor1d(r.dRawLrs)), local.dRawLrs as tf.Tensor) as tf.Tensor1D,
  })) as unknown as OuterGradient;
  if (replies.length) tf.dispose([local.dImages, local.dRawLrs]);
  try {
    return { state: applyOuterUpdate(cfg, state, g, train.n), loss: g.loss };
  } catch (e) {
    if (!g.dImages.isDisposed) tf.dispose([g.dImages, g.dRawLrs]);
    throw e;
  }
}
