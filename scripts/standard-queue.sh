#!/usr/bin/env bash
# Computes the standard profile's Table I runs into the tracked run store (runstore/standard/),
# headline rows first: for each seed, the classical LeNet and the quantum LeNet R+H on MNIST,
# then on CIFAR-10; then the other variants. Start it once per lane (two lanes on 2 cores, each
# run on one thread); every run is locked, so lanes never compute the same one, and finished runs
# are skipped, so the same command resumes in a later session (after `make build && make data`):
#   (QDISTILL_WORKERS=0 nohup nice -n 19 scripts/standard-queue.sh >> runstore/.log-standard-A 2>&1 &)
# Stop: `touch runstore/.stop; pkill -TERM -f store-distill.js` (each run checkpoints); then commit
# runstore/ and `rm runstore/.stop` before resuming.
set -u
cd "$(dirname "$0")/.."
order=()
for seed in 1 2 3; do
  for dataset in mnist cifar10; do order+=("$dataset classical $seed" "$dataset q-res-hermitian $seed"); done
done
for dataset in mnist cifar10; do
  for seed in 1 2 3; do
    for variant in q-hermitian q-pauliz q-res-pauliz q-res-hermitian-fixed; do order+=("$dataset $variant $seed"); done
  done
done
for run in "${order[@]}"; do
  [ -e runstore/.stop ] && { echo "standard-queue: runstore/.stop exists, stopping"; exit 0; }
  # shellcheck disable=SC2086 # dataset, variant, seed
  node scripts/store-distill.js $run standard || echo "standard-queue: $run: not computed here (locked by another lane, or failed)"
done
