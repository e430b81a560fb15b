/**
 * Worker-thread entry of the parallel outer step: holds its own TF.js backend and training set;
 * for each request computes one shard's loss share and first-order gradient with respect to the
 * trained weights θ_T (`shardGradient`) and sends them back as float32 buffers, with the shard's
 * circuit executions.
 */
import { parentPort, workerData } from 'worker_threads';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { NonFiniteError } from '../util/errors';
import { ExecutionCounts, countExecutions } from '../sim/executions';
import { Params } from '../models';
import { DistillConfig } from './config';
import { DatasetOptions, loadSplit } from './datasets';
import { shardGradient } from './shards';

export interface WorkerInit {
  cfg: DistillConfig;
  backend: string;
  data: DatasetOptions;
}

/** θ_T as name → values and shape. */
export type TensorRecord = Record<string, { values: Float32Array; shape: number[] }>;

export interface ShardRequest {
  /** Every parameter of θ_T (trained ones and those passed through). */
  trained: TensorRecord;
  /** Trained parameter names, the order of the reply's gradients. */
  keys: string[];
  idx: Int32Array;
  batchTotal: number;
}

export interface ShardReply {
  loss: number;
  grads: Float32Array[];
  /** Circuit executions of this shard (added to the main thread's counters). */
  executions?: ExecutionCounts;
  error?: string;
  /** The error was a NonFiniteError (a diverged run, not a crash). */
  nonFinite?: boolean;
}

async function main(): Promise<void> {
  const { cfg, backend, data } = workerData as WorkerInit;
  await initBackend({ backend, report: false });
  const train = loadSplit(cfg.dataset, 'train', data);
  parentPort!.on('message', (req: ShardRequest) => {
    const trained: Params = {};
    try {
      for (const [k, v] of Object.entries(req.trained)) trained[k] = tf.tensor(v.values, v.shape);
      const u = { trained, keys: req.keys };
      const { result, executions } = countExecutions(() => shardGradient(cfg.model, train, u, req.idx, req.batchTotal));
      const reply: ShardReply = { ...result, executions };
      parentPort!.postMessage(reply, result.grads.map((g) => g.buffer as ArrayBuffer));
    } catch (e) {
      const reply: ShardReply = { loss: NaN, grads: [], error: (e as Error).message, nonFinite: e instanceof NonFiniteError };
      parentPort!.postMessage(reply);
    } finally {
      tf.dispose(Object.values(trained));
    }
  });
  parentPort!.postMessage('ready');
}

main().catch((e) => parentPort!.postMessage({ error: `worker start-up failed: ${(e as Error).message}` }));
