/**
 * Data-parallel outer iterations: the trained weights θ_T are computed once on this thread, and
 * the `cfg.shards` shards of the real batch (`shards.ts`) are computed by this thread and worker
 * threads (each with its own TF.js backend: wasm runs one thread per backend in Node). Results
 * are combined in shard order, so a run is bitwise the same for any number of workers. Workers'
 * circuit executions are added to this thread's counters (`sim/executions.ts`); the totals are
 * those of the computation, whoever computes each shard.
 */
import * as path from 'path';
import { Worker } from 'worker_threads';
import * as tf from '@tensorflow/tfjs';
import { ImageDataset } from '../data';
import { DistillConfig } from './config';
import { DatasetOptions } from './datasets';
import {
  DistillState,
  InitCache,
  OuterGradient,
  abortIteration,
  applyOuterUpdate,
  beginIteration,
  endIteration,
} from './loop';
import { ShardGradient, shardGradient, takeShards } from './shards';
import { ShardReply, ShardRequest, TensorRecord, WorkerInit } from './worker';
import { Params } from '../models';
import { defaultWorkers } from '../util/threads';
import { NonFiniteError } from '../util/errors';
import { addExecutionCounts } from '../sim/executions';

export { defaultWorkers };

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
        w.once('message', (m) =>
          m === 'ready' ? resolve() : reject(new Error((m as ShardReply).error ?? 'worker failed to start')),
        );
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

/** θ_T as transferable values (a copy per request: transfers detach their buffers). */
function tensorRecord(p: Params): TensorRecord {
  return Object.fromEntries(
    Object.entries(p).map(([k, t]) => [k, { values: t.dataSync() as Float32Array, shape: t.shape }]),
  );
}

/**
 * One outer iteration with the batch's shards shared between this thread and the pool's
 * workers (`takeShards`). Shard results are combined in shard order, so the result is bitwise
 * that of `distillStep` (same shards, one thread) whatever the number of workers.
 */
export async function distillStepParallel(
  cfg: DistillConfig,
  train: ImageDataset,
  inits: InitCache,
  state: DistillState,
  pool: WorkerPool,
): Promise<{ state: DistillState; loss: number }> {
  const it = beginIteration(cfg, train.n, inits, state);
  const results: ShardGradient[] = new Array(it.parts.length);
  const counter = new Int32Array(new SharedArrayBuffer(4));
  let g: OuterGradient;
  try {
    const req: ShardRequest = {
      trained: tensorRecord(it.unrolled.trained),
      keys: it.unrolled.keys,
      parts: it.parts,
      batchTotal: it.batch.length,
      counter,
    };
    const remote = Array.from({ length: Math.min(pool.size, it.parts.length) }, (_, w) => pool.request(w, req));
    const local: Array<ShardGradient & { shard: number }> = [];
    let failure: unknown = null;
    try {
      takeShards(
        counter,
        it.parts.length,
        (s) => shardGradient(cfg.model, train, it.unrolled, it.parts[s], it.batch.length),
        local,
      );
    } catch (e) {
      failure = e;
      Atomics.store(counter, 0, it.parts.length); // workers stop after their current shard
    }
    const settled = await Promise.allSettled(remote);
    const rejected = settled.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failure !== null) throw failure;
    if (rejected) throw rejected.reason;
    for (const r of settled as Array<PromiseFulfilledResult<ShardReply>>) {
      if (r.value.executions) addExecutionCounts(r.value.executions);
      local.push(...r.value.results);
    }
    for (const { shard, loss, grads } of local) results[shard] = { loss, grads };
  } catch (e) {
    abortIteration(inits, it);
    throw e;
  }
  g = endIteration(cfg, inits, state, it, results);
  try {
    return { state: applyOuterUpdate(cfg, state, g, train.n), loss: g.loss };
  } catch (e) {
    if (!g.dImages.isDisposed) tf.dispose([g.dImages, g.dRawLrs]);
    throw e;
  }
}
