/**
 * Worker-thread entry of the parallel outer step: holds its own TF.js backend and training set;
 * for each iteration's request takes shards from the shared counter (`takeShards`), computes
 * each one's loss share and first-order gradient with respect to the trained weights θ_T
 * (`shardGradient`), and sends them back as float32 buffers, with their circuit executions.
 */
import { parentPort, workerData } from 'worker_threads';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { NonFiniteError } from '../util/errors';
import { ExecutionCounts, countExecutions } from '../sim/executions';
import { Params } from '../models';
import { DistillConfig } from './config';
import { DatasetOptions, loadSplit } from './datasets';
import { ShardGradient, shardGradient, takeShards } from './shards';

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
  /** The real examples of every shard of the iteration. */
  parts: Int32Array[];
  batchTotal: number;
  /** Shared counter of the next shard to take (`takeShards`). */
  counter: Int32Array;
}

export interface ShardReply {
  /** The shards this worker took, with their loss shares and gradients. */
  results: Array<ShardGradient & { shard: number }>;
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
      const results: ShardReply['results'] = [];
      const { executions } = countExecutions(() =>
        takeShards(
          req.counter,
          req.parts.length,
          (s) => shardGradient(cfg.model, train, u, req.parts[s], req.batchTotal),
          results,
        ),
      );
      const reply: ShardReply = { results, executions };
      parentPort!.postMessage(reply, results.flatMap((r) => r.grads.map((g) => g.buffer as ArrayBuffer)));
    } catch (e) {
      Atomics.store(req.counter, 0, req.parts.length); // the others stop after their current shard
      const reply: ShardReply = { results: [], error: (e as Error).message, nonFinite: e instanceof NonFiniteError };
      parentPort!.postMessage(reply);
    } finally {
      tf.dispose(Object.values(trained));
    }
  });
  parentPort!.postMessage('ready');
}

main().catch((e) => parentPort!.postMessage({ error: `worker start-up failed: ${(e as Error).message}` }));
