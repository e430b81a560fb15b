/** `qdistill bench distill --scaling`: the distillation benchmark at every worker-thread count, as a table. */
import { DistillBenchModel, MODEL_KEYS, benchDistill } from '../bench/distill_bench';
import * as os from 'os';
import { DEFAULT_SHARDS } from '../util/threads';

/** `bench distill --scaling`: seconds per iteration for 0 … cores − 1 worker threads. */
export async function runScaling(
  opt: (name: 'batch' | 'repeats' | 'warmup' | 'seed') => number,
  models: DistillBenchModel[],
): Promise<void> {
  const max = Math.min(os.cpus().length, DEFAULT_SHARDS) - 1;
  const rows: string[] = [];
  const table: Array<Record<string, number | null>> = [];
  for (let w = 0; w <= max; w++) {
    process.stderr.write(`qdistill bench distill --scaling: ${w} worker thread(s)…\n`);
    const r = await benchDistill({
      batch: opt('batch'),
      repeats: opt('repeats'),
      warmup: opt('warmup'),
      seed: opt('seed'),
      models,
      workers: w,
      split: false,
    });
    const c = r[`${MODEL_KEYS.classical}_s_per_iter`],
      q = r[`${MODEL_KEYS.quantum}_s_per_iter`];
    table.push({ workers: w, threads: w + 1, classical_lenet_s_per_iter: c, quantum_lenet_s_per_iter: q });
    rows.push(
      `${String(w + 1).padStart(8)}` +
        `${(c === null ? '–' : c.toFixed(3)).padStart(14)}` +
        `${(q === null ? '–' : q.toFixed(3)).padStart(14)}`,
    );
  }
  process.stdout.write(
    `${'threads'.padStart(8)}${'classical s'.padStart(14)}${'quantum s'.padStart(14)}\n${rows.join('\n')}\n` +
      `(seconds per outer iteration, median; MNIST, real batch ${opt('batch')}, ` +
      `${DEFAULT_SHARDS} shards; the result is the same for every count)\n` +
      `${JSON.stringify({ bench: 'distill-scaling', batch: opt('batch'), shards: DEFAULT_SHARDS, rows: table })}\n`,
  );
}
