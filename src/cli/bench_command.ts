/**
 * `qdistill bench sim | distill | circuits`: times the paper's quantum layer (`src/bench/sim_bench.ts`),
 * one outer distillation iteration of the classical and quantum LeNet (`src/bench/distill_bench.ts`),
 * or single many-wire circuits (`src/bench/circuit_bench.ts`) and prints a table, or with `--json` exactly one
 * JSON object on stdout. Progress on stderr. The tables are made in `./bench_format` (re-exported here), the
 * `bench distill --scaling` run in `./bench_scaling`.
 */
import {
  DISTILL_BENCH_DEFAULTS,
  DistillBenchModel,
  benchDistill,
  distillBenchFigures,
} from '../bench/distill_bench';
import { CIRCUIT_BENCH_DEFAULTS, benchCircuits, circuitBenchCases } from '../bench/circuit_bench';
import { TimingProgress } from '../bench/stats';
import {
  SIM_BENCH_DEFAULTS, SIM_BYTES_PER_AMPLITUDE, benchSim, maxSimBatch, simBenchFigures,
} from '../bench/sim_bench';
import { MAX_SEED } from '../util/rng';
import { DEFAULT_SHARDS } from '../util/threads';
import { MAX_COMPOSED_WIRES } from '../sim/templates/strongly_entangling_layers';
import { ParsedArgs, expectPositionals, parseArgs } from './args';
import { usageError } from './errors';
import { checkOutputFile } from './paths';
import { ticker } from './progress';
import { BACKEND_OPTION, startBackend } from './start_backend';
import { BENCH_USAGE } from './usage';
import * as fs from 'fs';
import { formatDistillBench, formatSimBench } from './bench_format';
import { runScaling } from './bench_scaling';

export { formatDistillBench, formatSimBench };

const COMMON = {
  ...BACKEND_OPTION,
  json: { type: 'boolean' },
  batch: { type: 'integer', min: 1 },
  repeats: { type: 'integer', min: 1 },
  warmup: { type: 'integer', min: 0 },
  seed: { type: 'integer', min: 0, max: MAX_SEED },
} as const;

/** The options of each benchmark. */
const OPTIONS = {
  sim: { ...COMMON, qubits: { type: 'integer', min: 1, max: MAX_COMPOSED_WIRES }, layers: { type: 'integer', min: 1 } },
  circuits: {
    ...BACKEND_OPTION,
    json: { type: 'boolean' },
    repeats: { type: 'integer', min: 1 },
    warmup: { type: 'integer', min: 0 },
    seed: { type: 'integer', min: 0, max: MAX_SEED },
    count: { type: 'integer', min: 1 },
    layers: { type: 'integer', min: 1 },
    'min-wires': { type: 'integer', min: 1, max: 20 },
    'max-wires': { type: 'integer', min: 1, max: 20 },
    'cases-out': { type: 'string', placeholder: 'FILE' },
  },
  distill: {
    ...COMMON,
    model: { type: 'string', placeholder: 'classical|quantum|both' },
    workers: { type: 'integer', min: 0, max: DEFAULT_SHARDS - 1 }, // more would have no shard to compute
    scaling: { type: 'boolean' },
  },
} as const;

/** Warm-up and timing progress on stderr for `qdistill bench <name>`. */
function progress(name: string, warmup: number, repeats: number): { onProgress: TimingProgress; end: () => void } {
  const warm = ticker(`qdistill bench ${name}: warm-up`, warmup);
  const timed = ticker(`qdistill bench ${name}: timing`, repeats);
  process.stderr.write(`qdistill bench ${name}: ${warmup} warm-up and ${repeats} timed rounds…\n`);
  return {
    onProgress: (done, total, phase) => {
      if (phase === 'warmup') {
        warm.update(done);
        if (done === total) warm.end();
      } else {
        timed.update(done);
      }
    },
    end: () => timed.end(),
  };
}

/** `--model classical | quantum | both` as a list of models. */
function parseModels(raw: string | number | boolean | undefined): DistillBenchModel[] {
  if (raw === undefined || raw === 'both') return [...DISTILL_BENCH_DEFAULTS.models];
  if (raw === 'classical' || raw === 'quantum') return [raw];
  throw usageError(`option --model: expected classical, quantum or both, received '${raw}'`);
}

async function runSim(args: ParsedArgs): Promise<void> {
  const opt = (name: keyof typeof SIM_BENCH_DEFAULTS) =>
    (args.options[name] as number | undefined) ?? SIM_BENCH_DEFAULTS[name];
  const max = maxSimBatch(opt('qubits'));
  if (opt('batch') > max) {
    throw usageError(
      `option --batch: expected at most ${max} with ${opt('qubits')} qubits (batch × 2^qubits amplitudes × about ` +
        `${SIM_BYTES_PER_AMPLITUDE} bytes of working memory each must stay within 2 GiB), received ${opt('batch')}`,
    );
  }
  await startBackend(args.options.backend);
  const p = progress('sim', opt('warmup'), opt('repeats'));
  const result = await benchSim({
    batch: opt('batch'),
    qubits: opt('qubits'),
    layers: opt('layers'),
    repeats: opt('repeats'),
    warmup: opt('warmup'),
    seed: opt('seed'),
    onProgress: p.onProgress,
  }).finally(p.end);
  process.stdout.write(args.options.json ? JSON.stringify(simBenchFigures(result)) + '\n' : formatSimBench(result));
}

async function runDistill(args: ParsedArgs): Promise<void> {
  const opt = (name: 'batch' | 'repeats' | 'warmup' | 'seed') =>
    (args.options[name] as number | undefined) ?? DISTILL_BENCH_DEFAULTS[name];
  const models = parseModels(args.options.model);
  await startBackend(args.options.backend);
  process.stderr.write(
    `qdistill bench distill: ${models.join(' and ')} LeNet, MNIST train, real batch ${opt('batch')}\n`,
  );
  const p = progress('distill', opt('warmup'), opt('repeats'));
  const workers = args.options.workers as number | undefined;
  if (args.options.scaling) return runScaling(opt, models);
  const result = await benchDistill({
    batch: opt('batch'),
    repeats: opt('repeats'),
    warmup: opt('warmup'),
    seed: opt('seed'),
    models,
    workers,
    onProgress: p.onProgress,
  }).finally(p.end);
  process.stdout.write(
    args.options.json ? JSON.stringify(distillBenchFigures(result)) + '\n' : formatDistillBench(result),
  );
}

/** `qdistill bench circuits`: single many-wire circuits, values and all gradients (`--cases-out` writes the cases). */
async function runCircuits(args: ParsedArgs): Promise<void> {
  const num = (k: string) => args.options[k] as number | undefined;
  const d = CIRCUIT_BENCH_DEFAULTS;
  const o = {
    count: num('count') ?? d.count,
    minWires: num('min-wires') ?? d.minWires,
    maxWires: num('max-wires') ?? d.maxWires,
    layers: num('layers') ?? d.layers,
    repeats: num('repeats') ?? d.repeats,
    warmup: num('warmup') ?? d.warmup,
    seed: num('seed') ?? d.seed,
  };
  if (o.maxWires < o.minWires) {
    throw usageError(`option --max-wires: expected at least --min-wires (${o.minWires}), received ${o.maxWires}`);
  }
  const out = args.options['cases-out'] as string | undefined;
  if (out !== undefined) {
    checkOutputFile('--cases-out', out);
    try {
      fs.writeFileSync(out, JSON.stringify({ cases: circuitBenchCases(o) }) + '\n');
    } catch (e) {
      const why = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
      throw usageError(`--cases-out: expected a writable file, cannot write ${out} (${why})`);
    }
  }
  await startBackend(args.options.backend);
  const p = progress('circuits', o.warmup, o.repeats);
  const r = await benchCircuits({ ...o, onProgress: p.onProgress }).finally(p.end);
  const { stats: _stats, ...figures } = r;
  const perCase = Object.entries(r.per_case_s).map(([n, s]) => `${n} wires ${s.toFixed(3)} s`).join(', ');
  process.stdout.write(
    args.options.json
      ? JSON.stringify(figures) + '\n'
      : `qdistill bench circuits: backend ${r.backend}, ` +
          `${r.count} circuits of ${r.min_wires}–${r.max_wires} wires, ${r.layers} layers, ` +
          `values + gradients of every observable + final state\n` +
          `all cases: median ${r.total_s.toFixed(3)} s (min ${r.total_min_s.toFixed(3)} s) ` +
          `over ${r.repeats} rounds after ${r.warmup} warm-up\n` +
          `per case (median): ${perCase}\n`,
  );
}

/** Runs `qdistill bench` with the arguments after the command name. */
export async function benchCommand(argv: readonly string[]): Promise<void> {
  // First pass with every option (finds the benchmark and --help), then with the benchmark's own.
  const all = parseArgs(argv, { ...OPTIONS.sim, ...OPTIONS.distill, ...OPTIONS.circuits });
  if (all.options.help) {
    process.stdout.write(BENCH_USAGE);
    return;
  }
  const [target] = expectPositionals(all, 1, 1, "one benchmark name ('sim', 'distill' or 'circuits')");
  if (target === 'sim') return runSim(parseArgs(argv, OPTIONS.sim));
  if (target === 'circuits') return runCircuits(parseArgs(argv, OPTIONS.circuits));
  if (target === 'distill') return runDistill(parseArgs(argv, OPTIONS.distill));
  throw usageError(
    `unknown benchmark '${target}' (expected 'sim', 'distill' or 'circuits'); run 'qdistill bench --help' for usage`,
  );
}
