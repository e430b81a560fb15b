/**
 * `qdistill bench sim`: times the paper's quantum layer (see `src/bench/sim_bench.ts`) and
 * prints a table, or with `--json` exactly one JSON object on stdout. Progress on stderr.
 */
import { SIM_BENCH_DEFAULTS, SimBenchResult, benchSim, simBenchFigures } from '../bench/sim_bench';
import { MAX_COMPOSED_WIRES } from '../sim/templates/strongly_entangling_layers';
import { expectPositionals, parseArgs } from './args';
import { usageError } from './errors';
import { ticker } from './progress';
import { BACKEND_OPTION, startBackend } from './start_backend';
import { BENCH_USAGE } from './usage';

const OPTIONS = {
  ...BACKEND_OPTION,
  json: { type: 'boolean' },
  batch: { type: 'integer', min: 1 },
  repeats: { type: 'integer', min: 1 },
  warmup: { type: 'integer', min: 0 },
  qubits: { type: 'integer', min: 1, max: MAX_COMPOSED_WIRES },
  layers: { type: 'integer', min: 1 },
  seed: { type: 'integer', min: 0 },
} as const;

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
    `${'operation'.padEnd(36)}${'median ms'.padStart(10)}${'min ms'.padStart(10)}${'p90 ms'.padStart(10)}${'samples/s'.padStart(12)}`,
  ];
  for (const [label, m] of rows) {
    const s = r.stats[m];
    lines.push(`${label.padEnd(36)}${num(s.median)}${num(s.min)}${num(s.p90)}${((1000 * r.batch) / s.median).toFixed(0).padStart(12)}`);
  }
  return lines.join('\n') + '\n';
}

/** Runs `qdistill bench` with the arguments after the command name. */
export async function benchCommand(argv: readonly string[]): Promise<void> {
  const args = parseArgs(argv, OPTIONS);
  if (args.options.help) {
    process.stdout.write(BENCH_USAGE);
    return;
  }
  const [target] = expectPositionals(args, 1, 1, "one benchmark name ('sim')");
  if (target !== 'sim') throw usageError(`unknown benchmark '${target}' (expected 'sim'); run 'qdistill bench --help' for usage`);
  const opt = (name: keyof typeof SIM_BENCH_DEFAULTS) => (args.options[name] as number | undefined) ?? SIM_BENCH_DEFAULTS[name];

  await startBackend(args.options.backend);
  const warm = ticker('qdistill bench sim: warm-up', opt('warmup'));
  const timed = ticker('qdistill bench sim: timing', opt('repeats'));
  process.stderr.write(`qdistill bench sim: ${opt('warmup')} warm-up and ${opt('repeats')} timed rounds…\n`);
  const result = benchSim({
    batch: opt('batch'),
    qubits: opt('qubits'),
    layers: opt('layers'),
    repeats: opt('repeats'),
    warmup: opt('warmup'),
    seed: opt('seed'),
    onProgress: (done, total, phase) => {
      if (phase === 'warmup') {
        warm.update(done);
        if (done === total) warm.end();
      } else {
        timed.update(done);
      }
    },
  });
  timed.end();
  process.stdout.write(args.options.json ? JSON.stringify(simBenchFigures(result)) + '\n' : formatSimBench(result));
}
