/**
 * Worker-thread entry of the parallel hypergradient: holds its own TF.js backend, training
 * set and initialisation cache; for each request computes the hypergradient of one shard of the
 * real batch (see `shardHypergradient`) and sends back loss and gradients as float32 buffers.
 */
import { parentPort, workerData } from 'worker_threads';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../backend';
import { NonFiniteError } from '../util/errors';
import { ExecutionCounts, countExecutions } from '../sim/executions';
import { DistillConfig } from './config';
import { DatasetOptions, loadSplit } from './datasets';
import { InitCache, shardHypergradient } from './loop';

export interface WorkerInit {
  cfg: DistillConfig;
  backend: string;
  data: DatasetOptions;
}

export interface ShardRequest {
  images: Float32Array;
  imagesShape: number[];
  rawLrs: Float32Array;
  iteration: number;
  idx: Int32Array;
  batchTotal: number;
}

export interface ShardReply {
  loss: number;
  dImages: Float32Array;
  dRawLrs: Float32Array;
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
  const inits = new InitCache(cfg);
  parentPort!.on('message', (req: ShardRequest) => {
    try {
      const images = tf.tensor(req.images, req.imagesShape);
      const rawLrs = tf.tensor1d(req.rawLrs);
      const { result: g, executions } = countExecutions(() => shardHypergradient(cfg, train, inits, images, rawLrs, req.iteration, req.idx, req.batchTotal));
      const reply: ShardReply = { loss: g.loss, dImages: g.dImages.dataSync() as Float32Array, dRawLrs: g.dRawLrs.dataSync() as Float32Array, executions };
      tf.dispose([images, rawLrs, g.dImages, g.dRawLrs]);
      parentPort!.postMessage(reply, [reply.dImages.buffer, reply.dRawLrs.buffer]);
    } catch (e) {
      parentPort!.postMessage({ loss: NaN, dImages: new Float32Array(0), dRawLrs: new Float32Array(0), error: (e as Error).message, nonFinite: e instanceof NonFiniteError } as ShardReply);
    }
  });
  parentPort!.postMessage('ready');
}

main().catch((e) => parentPort!.postMessage({ error: `worker start-up failed: ${(e as Error).message}` }));
