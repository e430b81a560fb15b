/**
 * Help texts of `qdistill` and its commands (kept apart from the commands so that `--help`
 * does not load TensorFlow.js).
 */

/** Top-level usage: the list of commands. */
export const MAIN_USAGE = `Usage: qdistill <command> [options]

Commands:
  circuit FILE      evaluate circuits in the PennyLane fixture schema: one JSON line per
                    case with expvals, grad_weights, grad_features (FILE may be - for stdin)
  bench sim         time forward + backward of the paper's quantum layer
  data cifar10      download and verify CIFAR-10 into the data directory
  help [COMMAND]    show this help, or a command's help

Options:
  -h, --help        show help (also after a command: qdistill circuit --help)
  --version         print the version

Environment: QDISTILL_BACKEND (tensorflow | wasm | cpu | auto), QDISTILL_DATA_DIR.
Exit codes: 0 success, 1 failure while running, 2 wrong command line or malformed input.
Output goes to stdout; progress, the backend report and errors go to stderr.
`;

/** Usage of `qdistill circuit`. */
export const CIRCUIT_USAGE = `Usage: qdistill circuit FILE [--backend NAME]

Reads one circuit case, or {"cases": [ ... ]}, in the schema of
test/fixtures/pennylane_reference_cases.json (id, n_wires, embedding, layers,
observables), from FILE or from stdin when FILE is -. Prints one JSON line per case:
  {"id": ..., "expvals": [n_obs], "grad_weights": [n_obs][L][n][3],
   "grad_features": [n_obs][n_features]}
Other fields of the input (expvals, state, ...) are ignored: everything is computed.

Every case is validated before anything runs. On malformed input (invalid JSON, a missing
or wrongly shaped field, a non-Hermitian matrix, more than 20 wires, ...) it prints one
line "qdistill circuit: <field>: expected ..., received ..." on stderr, nothing on
stdout, and exits with code 2.

Options:
  --backend NAME    tensorflow | wasm | cpu | auto (default: $QDISTILL_BACKEND, else auto)
`;

/** Usage of `qdistill bench`. */
export const BENCH_USAGE = `Usage: qdistill bench sim [--json] [--batch 1024] [--repeats 30] [--warmup 5]
                         [--qubits 6] [--layers 3] [--seed 1] [--backend NAME]

Times the paper's quantum layer: AmplitudeEmbedding of 2^qubits features,
StronglyEntanglingLayers, one trainable one-qubit Hermitian per wire
(qnnLayer with hermitianFromParams(A)). Measures, interleaved, after warm-up rounds:
  forward + backward   gradients of sum(out * fixed random cotangent) w.r.t. the
                       features, the weights and A, read back (dataSync)
  forward only
  PauliZ variant       forward + backward w.r.t. features and weights
and reports median, min and p90 in ms and samples/s (batch / median). Inputs are seeded.

Options:
  --json            print one JSON object (layer_fwd_bwd_ms = median, layer_fwd_ms,
                    pauliz_fwd_bwd_ms, their _min_ms and _p90_ms, samples_per_s, backend,
                    batch, qubits, features, layers, repeats, warmup, seed)
  --batch N         batch size (default 1024)
  --repeats N       timed rounds (default 30)
  --warmup N        untimed rounds first (default 5)
  --qubits N        qubits, 1 to 10 (default 6)
  --layers N        StronglyEntanglingLayers (default 3)
  --seed N          seed of the random inputs (default 1)
  --backend NAME    tensorflow | wasm | cpu | auto (default: $QDISTILL_BACKEND, else auto)
`;

/** Usage of `qdistill data`. */
export const DATA_USAGE = `Usage: qdistill data cifar10 [--data-dir DIR] [--force]

Downloads the CIFAR-10 binary release (about 163 MiB), extracts it and verifies every file
against its sha256, then prints the folder holding the files (cifar-10-batches-bin) on
stdout. If verified files are already there, it says so and downloads nothing. Progress
goes to stderr.

Options:
  --data-dir DIR    data directory (default: $QDISTILL_DATA_DIR, else <repo>/data)
  --force           download again even if verified files are present
`;
