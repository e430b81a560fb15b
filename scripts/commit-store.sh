#!/usr/bin/env bash
# Commits the tracked run store while its runs go on (scripts/lanes.sh), as one consistent snapshot:
#   scripts/commit-store.sh [--progress] "MESSAGE"
# --progress (mid-session): leaves out the newer checkpoint and snapshots of a run whose older
#   checkpoint is already committed; its metrics go in, and a resume from that commit drops the
#   metrics lines past the committed checkpoint and recomputes them bit for bit. Checkpoints are incompressible
#   (a CIFAR-10 one is 3.7 MB), and every committed version stays in the history of every clone,
#   so commit them at the stop only (without --progress).
# 1. compacts the finished runs (node scripts/compact-store.js: snapshots, gzipped metrics) and
#    rewrites the outputs that only read the store (node scripts/refresh-store-outputs.js);
# 2. runs the README docs test (the headline must quote the regenerated Table I block: when a
#    store cell changed, update the headline and run this again);
# 3. pauses every run (SIGSTOP) while `git add -A runstore results README.md` stages the files, so
#    no checkpoint is half replaced in the commit, and resumes them (SIGCONT, also on error);
# 4. commits what is staged.
# Needs `make build`. Stopping the lanes first (scripts/lanes.sh stop) is the other safe way.
set -euo pipefail
cd "$(dirname "$0")/.."
progress=0
if [ "${1:-}" = "--progress" ]; then progress=1; shift; fi
[ "$#" -eq 1 ] && [ -n "$1" ] || { echo "usage: scripts/commit-store.sh [--progress] \"MESSAGE\"" >&2; exit 2; }
pattern="^node scripts/(run-queue|store-distill).js"
node scripts/compact-store.js > /dev/null
node scripts/refresh-store-outputs.js > /dev/null
docs_log=/tmp/commit-store-docs.log
if ! node --import tsx --import ./test/setup.ts --test test/docs/readme_commands.test.ts > "$docs_log" 2>&1; then
  grep -E "^not ok|headline quotes" "$docs_log" >&2 || true
  echo "commit-store: the README docs test fails (log $docs_log); nothing committed" >&2
  exit 1
fi
trap 'pkill -CONT -f "$pattern" || true' EXIT
pkill -STOP -f "$pattern" || true
sleep 1 # a write already in a system call finishes
git add -A runstore results README.md
pkill -CONT -f "$pattern" || true
trap - EXIT
if [ "$progress" = 1 ]; then scripts/unstage-newer-checkpoints.sh; fi
if git diff --cached --quiet; then echo "commit-store: nothing to commit"; exit 0; fi
git commit -q -m "$1"
echo "commit-store: $(git log --oneline -1)"
