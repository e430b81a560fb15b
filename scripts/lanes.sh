#!/usr/bin/env bash
# Background run lanes for the tracked run store (scripts/run-queue.js), across sessions:
#   scripts/lanes.sh start [STANDARD_LANES=2] [PAPER_LANES=1]   start lanes (nice 19, one thread each)
#   scripts/lanes.sh store ARGS...                             one more run beside the lanes:
#                                  node scripts/store-distill.js ARGS (nice 19, one thread), e.g.
#                                  scripts/lanes.sh store mnist q-authors 2 standard --learn-labels --epochs=71
#                                  (stopped with the lanes; next time the lanes resume it first)
#   scripts/lanes.sh only PROFILE ID[,ID…]                    one more lane for chosen planned runs, now:
#                                  node scripts/run-queue.js PROFILE --only=ID[,ID…] (nice 19, one thread)
#   scripts/lanes.sh stop                                      checkpoint every run and wait for all to exit
#   scripts/lanes.sh status [--all]                            the runs going, each recent log's last line and the
#                                                              hours left at its current rate (--all: every log)
#   scripts/lanes.sh --help                                    this usage
# Bad arguments exit 2 before anything starts (`store` checks them with store-distill.js --check first).
# Logs: runstore/.log-queue-<lane>, runstore/.log-store-<args> (git-ignored). After `stop`, commit the store:
#   scripts/commit-store.sh [--progress] "MESSAGE"   (compacts finished runs, refreshes the outputs, commits;
#     also while runs go, then with --progress: the committed checkpoints of unfinished runs stay)
# Needs `make build && make data` first. Each run's result does not depend on how many lanes run.
set -euo pipefail
cd "$(dirname "$0")/.."
store=runstore
lanes() { pgrep -f "^node scripts/run-queue.js" || true; }
running() { pgrep -f "^node scripts/(run-queue|store-distill).js" || true; }
usage() {
  echo "usage: scripts/lanes.sh start [STANDARD_LANES] [PAPER_LANES] | store ARGS... | only PROFILE ID[,ID…] | stop |" \
    "status [--all] | --help"
  echo "  start   run-queue.js lanes, 2 standard and 1 paper by default (nice 19, one thread each)"
  echo "  store   one more run beside the lanes: node scripts/store-distill.js ARGS"
  echo "          (ARGS: DATASET VARIANT SEED [PROFILE] [--...]; see node scripts/store-distill.js --help)"
  echo "  only    one more lane for the queue's runs whose id contains one of the IDs (comma-separated), now:"
  echo "          node scripts/run-queue.js PROFILE --only=ID[,ID…]"
  echo "  stop    checkpoint every run and wait for all to exit"
  echo "  status  the runs going, each recent log's last line (--all: every log)"
}
need_dist() {
  [ -f dist/experiments/index.js ] || { echo "lanes: no dist/: run make build && make data first" >&2; exit 2; }
}
usage_error() { # message
  echo "lanes: $1" >&2
  usage >&2
  exit 2
}
quoted() { # the arguments, each in single quotes
  local a out=""
  for a in "$@"; do out+="${out:+ }'$a'"; done
  echo "$out"
}

case "${1:-status}" in
  -h | --help | help)
    usage
    ;;
  start)
    [ "$#" -le 3 ] || usage_error "start expects at most 2 numbers of lanes, received $(($# - 1)): $(quoted "${@:2}")"
    standard=${2:-2} paper=${3:-1}
    [[ "$standard" =~ ^[0-9]+$ && "$paper" =~ ^[0-9]+$ ]] ||
      { echo "lanes: expected numbers of standard and paper lanes, received '${2:-}' '${3:-}'" >&2; exit 2; }
    need_dist
    if [ -n "$(lanes)" ]; then echo "lanes: lanes are running already (scripts/lanes.sh status)" >&2; exit 1; fi
    rm -f "$store/.stop"
    start_lane() { # profile, log name
      (QDISTILL_WORKERS=0 nohup nice -n 19 node scripts/run-queue.js "$1" >> "$store/.log-queue-$2" 2>&1 &)
      echo "lanes: started a $1 lane, log $store/.log-queue-$2"
      sleep 2 # the next lane then finds this one's lock
    }
    names=(A B C D E F G H)
    for ((i = 0; i < standard; i++)); do start_lane standard "${names[i]}"; done
    for ((i = 0; i < paper; i++)); do start_lane paper "paper$([ "$i" -gt 0 ] && echo "-$i" || true)"; done
    ;;
  store)
    shift
    for a in "$@"; do
      case "$a" in -h | --help) exec node scripts/store-distill.js --help ;; esac
    done
    need_dist
    # The arguments are checked here, at once (exit 2), rather than in the background run's log.
    check=0
    QDISTILL_WORKERS=0 node scripts/store-distill.js "$@" --check > /dev/null || check=$?
    if [ "$check" -ne 0 ]; then
      echo "lanes: not started: store expects store-distill.js's arguments (above), received $(quoted "$@")" >&2
      exit "$check"
    fi
    log="$store/.log-store-$(echo "$*" | tr -c 'A-Za-z0-9.=\n-' '_')"
    (QDISTILL_WORKERS=0 nohup nice -n 19 node scripts/store-distill.js "$@" >> "$log" 2>&1 &)
    echo "lanes: started node scripts/store-distill.js $*, log $log"
    ;;
  only)
    [ "$#" -eq 3 ] || usage_error "only expects a profile and run ids (ID[,ID…]), received $(quoted "${@:2}")"
    need_dist
    check=0 # bad profile or ids: exit 2 here, at once, rather than in the background lane's log
    node scripts/run-queue.js "$2" --dry-run "--only=$3" > /dev/null || check=$?
    if [ "$check" -ne 0 ]; then
      echo "lanes: not started: only expects run-queue.js's profile and --only ids (above)," \
        "received $(quoted "$2" "$3")" >&2
      exit "$check"
    fi
    log="$store/.log-queue-only-$(echo "$3" | tr -c 'A-Za-z0-9.=\n-' '_' | cut -c1-80)"
    (QDISTILL_WORKERS=0 nohup nice -n 19 node scripts/run-queue.js "$2" "--only=$3" >> "$log" 2>&1 &)
    echo "lanes: started node scripts/run-queue.js $2 --only=$3, log $log"
    ;;
  stop)
    [ "$#" -le 1 ] || usage_error "stop expects no arguments, received $(quoted "${@:2}")"
    touch "$store/.stop"
    pkill -TERM -f "^node scripts/(run-queue|store-distill).js" || true
    for _ in $(seq 1 120); do [ -z "$(running)" ] && break; sleep 1; done
    if [ -n "$(running)" ]; then echo "lanes: still running after 2 minutes: $(running | tr '\n' ' ')" >&2; exit 1; fi
    rm -f "$store/.stop"
    echo "lanes: stopped (each run saved a checkpoint); commit the store: scripts/commit-store.sh \"MESSAGE\""
    ;;
  status)
    if [ "$#" -gt 2 ] || { [ "$#" -eq 2 ] && [ "$2" != --all ]; }; then
      usage_error "status expects nothing or --all, received $(quoted "${@:2}")"
    fi
    pids=$(running)
    if [ -n "$pids" ]; then echo "lanes: $(echo "$pids" | wc -l) running"; else echo "lanes: none running"; fi
    old=0
    for log in "$store"/.log-queue-* "$store"/.log-store-*; do
      [ -f "$log" ] || continue
      if [ "${2:-}" != --all ] && [ -z "$(find "$log" -mmin -60)" ]; then old=$((old + 1)); continue; fi
      # "RUN: 3024/8190, 1.077 s/iter" -> add the hours left at that rate (the rate moves with the load)
      tail -n 1 "$log" | awk -v f="$log" '{ line = $0; left = "" }
        match(line, /[0-9]+\/[0-9]+, [0-9.]+ s\/iter/) {
          split(substr(line, RSTART, RLENGTH), a, /[\/, ]+/)
          left = sprintf(" (about %.1f h left at this rate)", (a[2] - a[1]) * a[3] / 3600) }
        { print f ": " line left }'
    done
    [ "$old" -eq 0 ] || echo "lanes: $old logs not written for an hour not shown (scripts/lanes.sh status --all)"
    true
    ;;
  *)
    usage_error "expected a command start, store, only, stop, status or --help, received $(quoted "$1")" ;;
esac
