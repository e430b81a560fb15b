/**
 * Help texts of the run-plan commands: `qdistill plan`, `run-plan` and `run-one` (re-exported by
 * `./usage`; no TensorFlow.js import).
 */

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
