#!/usr/bin/env bash
# Unstages the newer checkpoint of every run whose older checkpoint is already committed, so the
# commit keeps that older one (scripts/commit-store.sh --progress), and that run's snapshots with
# it (added, changed or deleted: a CIFAR-10 snapshot is 1.2 MB that would stay in every clone's
# history; a resume from the older checkpoint recomputes the later ones bit for bit). Staged
# checkpoints of new runs (added files) and of finished runs (deleted folders) stay staged. Run
# from the repository root after `git add`; prints one line per run it leaves at its committed
# checkpoint.
set -euo pipefail
# Files changed (not added, not deleted) under a run's checkpoint/ mean that run has one committed.
git diff --cached --name-only --diff-filter=M -z -- 'runstore/*/*/checkpoint/*' |
  sed -z 's#/checkpoint/.*#/checkpoint#' | sort -zu |
  while IFS= read -r -d '' dir; do
    git reset -q -- "$dir" "${dir%/checkpoint}/snapshots"
    echo "commit-store: kept the committed checkpoint of ${dir%/checkpoint}"
  done
