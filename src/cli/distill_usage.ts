/** Help text of `qdistill distill` (re-exported by `./usage`; no TensorFlow.js import). */

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
                  {"iteration","eval":{accuracies,mean,std},"test_examples"} per evaluation;
                  {"iteration","epoch","skipped","seconds"} for an iteration that diverged (its inner
                  training or loss not finite: skipped, the set unchanged; 4 in a row stop the run)
  checkpoint/     the latest checkpoint (every checkpointEvery iterations, on Ctrl-C); gone once final/ is written
  snapshots/      the synthetic set at up to 16 evenly spaced evaluations (images-N.bin, lrs-N.json; which:
                  src/runs/snapshot_retention.ts)
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
  --workers N       worker threads sharing each real batch's shards with the main thread,
                    0 to shards - 1 (default: one per extra core, at most shards - 1, on
                    wasm/cpu; none with tfjs-node); changes the speed, never the result
  --json            print the final result as one JSON object
  --backend NAME    tensorflow | wasm | cpu | auto (default: $QDISTILL_BACKEND, else auto)

Environment (quick trials and tests): QDISTILL_TRAIN_LIMIT=N uses only the first N training
examples (recorded in the run); QDISTILL_TEST_LIMIT=N limits the final evaluation.
`;
