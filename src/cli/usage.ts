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
  bench distill     time one outer distillation iteration (classical and quantum LeNet, MNIST)
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
       qdistill bench distill [--json] [--batch 1024] [--repeats 10] [--warmup 2]
                         [--model classical|quantum|both] [--workers N] [--scaling] [--seed 1]
                         [--backend NAME]
       qdistill bench circuits [--json] [--count 20] [--min-wires 8] [--max-wires 11]
                         [--layers 3] [--repeats 3] [--warmup 1] [--seed 1] [--cases-out FILE]
                         [--backend NAME]

bench sim: times the paper's quantum layer: AmplitudeEmbedding of 2^qubits features,
StronglyEntanglingLayers, one trainable one-qubit Hermitian per wire
(qnnLayer with hermitianFromParams(A)). Measures, interleaved, after warm-up rounds:
  forward + backward   gradients of sum(out * fixed random cotangent) w.r.t. the
                       features, the weights and A, read back (dataSync)
  forward only
  PauliZ variant       forward + backward w.r.t. features and weights
and reports median, min and p90 in ms and samples/s (batch / median). Inputs are seeded.

bench distill: times one outer iteration of dataset distillation in the paper's MNIST
setting, for the classical LeNet and the quantum LeNet (6 qubits, 3 layers, trainable
Hermitian, residual), each from a fixed seeded initialisation: 10 synthetic images (1 per
class, 1 step x 3 epochs, lr 0.02), a real batch of MNIST training images, the
hypergradient through the 3 unrolled inner steps, one Adam step (lr 0.01, betas 0.5/0.999),
results read back — exactly a run's iteration, with the real batch's 8 shards shared between
the main thread and --workers worker threads (default: one per extra core on wasm/cpu, none
with tfjs-node). Reports median, min and p90 seconds per iteration, iterations per minute, and
the split (on the main thread alone): forward + backward, and forward only, on the real batch alone
(rest = median - real forward + backward); the phases of one iteration on one thread (value-only
unroll, the shards' first-order gradients, the pull-back through the taped unroll, Adam) and the
TF.js kernels one iteration launches. Rounds are interleaved after warm-up rounds. With
--scaling, prints seconds per iteration for 0, 1, ... cores - 1 worker threads instead.

bench circuits: times single circuits as 'qdistill circuit' runs them (values, the gradients
of every observable with respect to weights and features, the final state): --count seeded
circuits, wire counts cycling from --min-wires to --max-wires, amplitude and angle embeddings,
PauliZ or one-qubit Hermitian on every wire. Reports the median seconds for all cases and per
case by wire count. --cases-out FILE writes the cases in the fixture schema, so that
'qdistill circuit FILE' or PennyLane can run the same circuits.

Options (both):
  --json            print one JSON object (sim: layer_fwd_bwd_ms = median, layer_fwd_ms,
                    pauliz_fwd_bwd_ms, their _min_ms and _p90_ms, samples_per_s, backend,
                    batch, qubits, features, layers, repeats, warmup, seed; distill:
                    classical_lenet_s_per_iter and quantum_lenet_s_per_iter = medians,
                    their _min_s, _p90_s, _iters_per_min, _real_fwd_bwd_s, _real_fwd_s,
                    _rest_s, _unroll_fwd_s, _shards_s, _pull_back_s, _adam_s, _kernels
                    (null for a model not run), backend, batch, workers, threads, shards, ...)
  --batch N         batch size (default 1024; the real batch for distill, at most 60000)
  --repeats N       timed rounds (default 30 for sim, 10 for distill)
  --warmup N        untimed rounds first (default 5 for sim, 2 for distill)
  --seed N          seed of the random inputs / initialisation and batch order (default 1)
  --backend NAME    tensorflow | wasm | cpu | auto (default: $QDISTILL_BACKEND, else auto)
Options (sim):
  --qubits N        qubits, 1 to 10 (default 6)
  --layers N        StronglyEntanglingLayers (default 3)
Options (distill):
  --model WHICH     classical, quantum or both (default both)
  --workers N       worker threads sharing the shards (default: one per extra core, at most 7)
  --scaling         time every worker count from 0 to cores - 1 (no split)
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

/** Usage of `qdistill distill`. */
export const DISTILL_USAGE =
  `Usage: qdistill distill CONFIG [--run-dir DIR] [--resume] [--workers N] [--json] [--backend NAME]

Runs the distillation config CONFIG (a JSON object: dataset, model, imagesPerClass,
distillSteps, distillEpochs, distillLr, epochs, decayEpochs, lr, betas, batchSize, shards, init,
seed, evalEvery, evalInits, evalTestLimit, checkpointEvery, profile, selectOnTrain, lrJitter,
updateClip, learnLabels, truncate; see src/distill/config.ts) into a run directory, default runs/<CONFIG file name
without extension>:
  config.json     the validated config and the input
  metrics.jsonl   {"iteration","epoch","loss","lr","seconds"} per iteration and
                  {"iteration","eval":{accuracies,mean,std},"test_examples"} per evaluation
  checkpoint/     the latest checkpoint (every checkpointEvery iterations, on Ctrl-C, at the end)
  snapshots/      the synthetic set at each intermediate evaluation (images-N.bin, lrs-N.json)
  final/          images.bin (float32 LE) + images.json, lrs.json, grid.png, result.json
                  (with the numerics version, git commit, backend and threads); with
                  learnLabels also labels.json (the learned soft labels, which training uses)
A run is bitwise the same on any machine: each real batch is split into \`shards\` parts
(default 8) summed in a fixed order, and threads only share them out.
Evaluates every evalEvery iterations on the first evalTestLimit test examples and at the end
on the whole test set. With selectOnTrain n, each evaluation also scores the first n training
images, and final/ holds the evaluated set that scores best there (the test set plays no
part). With lrJitter j, each outer iteration trains with the inner learning rates times a
seeded factor in [1 - j, 1 + j] (evaluation uses the learned rates). With updateClip d, an
outer Adam update whose RMS exceeds d is scaled down to d. With learnLabels true, every
synthetic image gets a learned label vector (initially one-hot; Sucholutsky & Schonlau). With
truncate {window: M, clip?: k}, each outer iteration trains a random number t of the T inner
steps and differentiates only the last M (RaT-BPTT); an outer gradient above k times the mean
norm so far is scaled down. Progress with ETA goes to stderr;
the final test accuracy to stdout.
Ctrl-C (or SIGTERM) stops after the current iteration with a checkpoint (exit 130 / 143);
continue with --resume, which must be given the same config (checkpointEvery and profile may
differ) and the same numerics version (src/numerics.ts). A non-finite update stops the run
(exit 1) and keeps the last good checkpoint.

Options:
  --run-dir DIR     run directory (default runs/<CONFIG name>); must be new or empty
                    unless --resume
  --resume          continue the run in the run directory from its latest checkpoint
  --workers N       worker threads sharing each real batch's shards with the main thread
                    (default: one per extra core, at most shards - 1, on wasm/cpu; none with
                    tfjs-node); changes the speed, never the result
  --json            print the final result as one JSON object
  --backend NAME    tensorflow | wasm | cpu | auto (default: $QDISTILL_BACKEND, else auto)

Environment (quick trials and tests): QDISTILL_TRAIN_LIMIT=N uses only the first N training
examples (recorded in the run); QDISTILL_TEST_LIMIT=N limits the final evaluation.
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
  --json            print one JSON object (eval: {accuracies, mean, std}, test_examples, ...)
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

/** Usage of `qdistill plan`. */
export const PLAN_USAGE = `Usage: qdistill plan [--profile quick|standard|paper] [--notebooks LIST] [--json]

Lists every cached run the reproduction notebooks need at the profile (default
$QDISTILL_PROFILE, else quick): distillations, full-data trainings, and the knowledge-
distillation trainings of notebooks 20 and 21 (one 'study' entry each), each once even when
several notebooks read it. Per run: its index, state (done; partial at the iteration of its
last checkpoint; absent), the estimated time left on the reference machine (2 cores, wasm),
its kind, its folder in the run cache, the notebooks that read it and the runs it needs
first ('needs 0,1'); then the totals. --notebooks 01,03 (numbers or file names) restricts
the list. --json prints one object with every run's config, cache folder, state, estimates
and depends_on.
`;

/** Usage of `qdistill run-plan`. */
export const RUN_PLAN_USAGE =
  `Usage: qdistill run-plan [--profile P] [--notebooks LIST | --plan-file FILE] [--executor local|slurm]
         local:  [--jobs N] [--workers W]
         slurm:  [--partition NAME] [--time LIMIT] [--cpus-per-task 2] [--mem SIZE]
                 [--account NAME] [--sbatch-args 'ARGS'] [--max-parallel 8] [--no-wait]
                 [--poll-seconds 15] [--retries 3]

Computes every run of 'qdistill plan' that is not done (partial runs resume from their
checkpoint). The plan is frozen to a file in the run cache (.plans/), so the index of a run
stays the same for the whole execution; --plan-file FILE computes such a file's runs again.

--executor local (default): N runs at once as separate processes, each with W worker threads;
by default N = the cores (at most the runs) and W = cores / N - 1, so threads never exceed
cores. One status line per active run with ETA on stderr; each run's log in the plan's .logs/
folder. Ctrl-C: every run checkpoints and stops; the same command resumes.

--executor slurm: submits one job array (sbatch --parsable --array=I,J,...%M --requeue
--open-mode=append --signal=B:USR1@120) whose task i runs 'qdistill run-one PLAN i'. The run
cache must be on a filesystem all nodes share. Two minutes before the time limit a task
checkpoints and requeues itself; a task that ends without finishing its run (killed, crashed)
is requeued by the executor, up to --retries times. Waits while printing progress, unless
--no-wait. A run directory is locked while in use, so two executors never write one run.
`;

/** Usage of `qdistill run-one`. */
export const RUN_ONE_USAGE = `Usage: qdistill run-one PLAN_FILE INDEX [--workers W] [--backend NAME]

Computes run INDEX of a plan file written by 'qdistill run-plan' (resuming it from its
checkpoint; nothing to do when it is done) and prints one JSON line per event on stdout
(start, progress, done, interrupted). SIGINT, SIGTERM or SIGUSR1: checkpoint, exit 128 + signal.
`;
