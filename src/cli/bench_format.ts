/** The human-readable tables of `qdistill bench sim` and `bench distill` (re-exported by `./bench_command`). */
import { DistillBenchResult, MODEL_KEYS } from '../bench/distill_bench';
import { SimBenchResult } from '../bench/sim_bench';

/** The human-readable table of a result. */
export function formatSimBench(r: SimBenchResult): string {
  const rows: Array<[string, 'layer_fwd_bwd' | 'layer_fwd' | 'pauliz_fwd_bwd']> = [
    ['Hermitian layer, forward + backward', 'layer_fwd_bwd'],
    ['Hermitian layer, forward only', 'layer_fwd'],
    ['PauliZ layer, forward + backward', 'pauliz_fwd_bwd'],
  ];
  const num = (v: number) => v.toFixed(2).padStart(10);
  const lines = [
    `qdistill bench sim: backend ${r.backend}, batch ${r.batch}, ${r.qubits} qubits (${r.features} features), ` +
      `${r.layers} layers; median of ${r.repeats} runs after ${r.warmup} warm-up runs`,
    '',
    `${'operation'.padEnd(36)}${'median ms'.padStart(10)}` +
      `${'min ms'.padStart(10)}${'p90 ms'.padStart(10)}${'samples/s'.padStart(12)}`,
  ];
  for (const [label, m] of rows) {
    const s = r.stats[m];
    lines.push(
      `${label.padEnd(36)}${num(s.median)}${num(s.min)}${num(s.p90)}` +
        `${((1000 * r.batch) / s.median).toFixed(0).padStart(12)}`,
    );
  }
  return lines.join('\n') + '\n';
}

/** The human-readable table of a `bench distill` result (seconds per outer iteration). */
export function formatDistillBench(r: DistillBenchResult): string {
  const num = (v: number | null, w = 10, d = 3) => (v === null ? '–' : v.toFixed(d)).padStart(w);
  const lines = [
    `qdistill bench distill: backend ${r.backend}, MNIST, ` +
      `real batch ${r.batch}, ${r.synthetic_images} synthetic images ` +
      `(${r.distill_steps} step × ${r.distill_epochs} epochs, lr ${r.distill_lr}), Adam lr ${r.adam_lr}; ` +
      `median of ${r.repeats} runs after ${r.warmup} warm-up runs; ${r.threads} thread(s), ${r.shards} shards`,
    '',
    `${'model'.padEnd(18)}${'median s'.padStart(10)}${'min s'.padStart(10)}` +
      `${'p90 s'.padStart(10)}${'iter/min'.padStart(10)}` +
      `${'real f+b s'.padStart(12)}${'real fwd s'.padStart(12)}${'rest s'.padStart(10)}`,
  ];
  for (const [label, k] of [
    ['classical LeNet', MODEL_KEYS.classical],
    ['quantum LeNet', MODEL_KEYS.quantum],
  ] as const) {
    if (r[`${k}_s_per_iter`] === null) continue;
    lines.push(
      `${label.padEnd(18)}${num(r[`${k}_s_per_iter`])}${num(r[`${k}_min_s`])}` +
        `${num(r[`${k}_p90_s`])}${num(r[`${k}_iters_per_min`], 10, 1)}` +
        `${num(r[`${k}_real_fwd_bwd_s`], 12)}${num(r[`${k}_real_fwd_s`], 12)}${num(r[`${k}_rest_s`])}`,
    );
  }
  lines.push(
    '',
    'real f+b: forward + backward on the real batch alone; rest = median − real f+b (unrolled inner loop and its',
    'second-order backward, batch conversion, Adam).',
  );
  if (r[`${MODEL_KEYS.quantum}_unroll_fwd_s`] !== null || r[`${MODEL_KEYS.classical}_unroll_fwd_s`] !== null) {
    lines.push(
      '',
      `${'phases on one thread'.padEnd(18)}${'unroll s'.padStart(10)}` +
        `${'shards s'.padStart(10)}${'pull-back s'.padStart(12)}` +
        `${'adam s'.padStart(10)}${'kernels'.padStart(10)}`,
    );
    for (const [label, k] of [
      ['classical LeNet', MODEL_KEYS.classical],
      ['quantum LeNet', MODEL_KEYS.quantum],
    ] as const) {
      if (r[`${k}_unroll_fwd_s`] === null) continue;
      lines.push(
        `${label.padEnd(18)}${num(r[`${k}_unroll_fwd_s`])}${num(r[`${k}_shards_s`])}${num(r[`${k}_pull_back_s`], 12)}` +
          `${num(r[`${k}_adam_s`])}${num(r[`${k}_kernels`], 10, 0)}`,
      );
    }
    lines.push(
      "unroll: value-only inner loop; shards: every shard's first-order gradient (shared among threads in a run);",
      'pull-back: the taped inner loop and its reverse pass; kernels: TF.js kernels of one whole iteration.',
    );
  }
  return lines.join('\n') + '\n';
}
