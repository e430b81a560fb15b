/**
 * Help texts of `qdistill` and its commands (kept apart from the commands so that `--help`
 * does not load TensorFlow.js). The longer ones have their own files, re-exported here:
 * `./bench_usage`, `./distill_usage` and `./plan_usage` (plan, run-plan, run-one).
 */
export { BENCH_USAGE } from './bench_usage';
export { DISTILL_USAGE } from './distill_usage';
export { PLAN_USAGE, RUN_ONE_USAGE, RUN_PLAN_USAGE } from './plan_usage';

/** Top-level usage: the list of commands. */
export const MAIN_USAGE = `Usage: qdistill <command> [options]

Commands:
  circuit FILE      evaluate circuits in the PennyLane fixture schema: one JSON line per
                    case with expvals, grad_weights, grad_features (FILE may be - for stdin)
  bench sim         time forward + backward of the paper's quantum layer
  bench distill     time one outer distillation iteration (classical and quantum LeNet, MNIST)
  bench circuits    time single circuits as 'qdistill circuit' runs them, by wire count
  data cifar10      download and verify CIFAR-10 into the data directory
  distill CONFIG    run a distillation config into a run directory (checkpoints, --resume)
  eval RUN_DIR      re-evaluate a run's distilled set: test accuracy mean ± std
  train CONFIG      train on the full training set (the baseline) and print test accuracy
  plan              list the runs the notebooks need at a profile: state, estimated cost
  run-plan          compute them: --executor local (every core) or slurm (a job array)
  run-one PLAN I    compute run I of a plan file (what the executors' tasks run)
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
The fixtures' answer fields (expvals, grad_weights, grad_features, state, padded_normalized)
and their meta are ignored: everything is computed. Any other key is an error (a misspelt
optional key, such as rotaton, would otherwise silently take its default).

Every case is validated before anything runs. On malformed input (invalid JSON, a missing
or wrongly shaped field, a non-Hermitian matrix, more than 20 wires, ...) it prints one
line "qdistill circuit: <field>: expected ..., received ..." on stderr, nothing on
stdout, and exits with code 2.

Options:
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

/** Usage of `qdistill eval`. */
export const EVAL_USAGE = `Usage: qdistill eval RUN_DIR [--test-limit N] [--random-real N] [--json] [--backend NAME]

Re-evaluates the distilled set of a run directory (final/, or the latest checkpoint of an
unfinished run): trains a network from each of the config's evaluation initialisations
(the fixed one, or evalInits unseen ones for init 'random') on the distilled images with the
learned learning rates and prints the test accuracy, mean ± std and each value, on stdout.

Options:
  --test-limit N    use only the first N test examples (default: all)
  --random-real N   also the baseline: N random class-balanced draws of as many real images,
                    trained the same way at the fixed learning rate distillLr
  --json            print one JSON object (eval: {accuracies, mean, std}, test_examples, ...);
                    std there is the population std, as result.json keeps it (the text prints the sample std)
  --backend NAME    tensorflow | wasm | cpu | auto (default: $QDISTILL_BACKEND, else auto)
`;

/** Usage of `qdistill train`. */
export const TRAIN_USAGE = `Usage: qdistill train CONFIG [--json] [--backend NAME]

The full-data baseline: trains the model of CONFIG, a JSON object
  {"dataset": "mnist" | "cifar10", "model": {...}, "epochs": 10, "batchSize": 128,
   "lr": 0.001, "seed": 0}
from its seeded initialisation on the whole training set with Adam (betas 0.9, 0.999),
batches in a seeded order, and prints the test accuracy on stdout. Progress with ETA on stderr.

Options:
  --json            print one JSON object (accuracy, test_examples, train_examples, epochs,
                    epoch_losses, seconds)
  --backend NAME    tensorflow | wasm | cpu | auto (default: $QDISTILL_BACKEND, else auto)

Environment: QDISTILL_TRAIN_LIMIT=N / QDISTILL_TEST_LIMIT=N use only the first N training /
test examples (quick trials and tests).
`;
