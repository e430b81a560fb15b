/**
 * `qdistill circuit FILE`: evaluates circuits given in the PennyLane fixture schema and
 * prints one JSON line per case, `{"id", "expvals", "grad_weights", "grad_features"}`, in the
 * fixture layouts. All cases are validated before the backend starts and all are computed
 * before anything is printed, so a failure leaves stdout empty.
 */
import { CircuitResult, runCircuit } from '../sim/run_circuit';
import { expectPositionals, parseArgsOrHelp } from './args';
import { parseCircuitInput, readSource } from './circuit_input';
import { ticker } from './progress';
import { BACKEND_OPTION, startBackend } from './start_backend';
import { CIRCUIT_USAGE } from './usage';

/** One output line of `qdistill circuit` (the fixture layouts, without the state). */
export type CircuitOutput = Omit<CircuitResult, 'state'>;

/** Runs `qdistill circuit` with the arguments after the command name. */
export async function circuitCommand(argv: readonly string[]): Promise<void> {
  const args = parseArgsOrHelp(argv, BACKEND_OPTION, CIRCUIT_USAGE);
  if (args === null) return;
  const [file] = expectPositionals(args, 1, 1, "one FILE argument (a path, or - for stdin)");
  const specs = parseCircuitInput(await readSource(file), file === '-' ? 'stdin' : file);

  await startBackend(args.options.backend);
  const progress = ticker('qdistill circuit', specs.length);
  const lines: string[] = [];
  try {
    specs.forEach((spec, i) => {
      progress.update(i, `case ${JSON.stringify(spec.id)} (${spec.nWires} wires)`);
      const r = runCircuit(spec);
      const out: CircuitOutput = {
        id: r.id,
        expvals: r.expvals,
        grad_weights: r.grad_weights,
        grad_features: r.grad_features,
      };
      lines.push(JSON.stringify(out));
    });
  } finally {
    progress.end(); // an error message starts on a clean line
  }
  process.stdout.write(lines.map((l) => l + '\n').join(''));
}
