#!/usr/bin/env node
/**
 * Computes a profile's runs into its run cache (for `standard` and `paper`, the tracked run store
 * runstore/<profile>/): first the runs an earlier session started (partial), so nothing started
 * waits: those of no plan first (started by hand with scripts/store-distill.js; resumed from their
 * own config.json, `orphanPartialRuns` in src/experiments/orphan_runs.ts), then the planned ones;
 * then in the order of `prioritizedRuns` (src/experiments/run_priority.ts): Table I's headline
 * rows first. For `paper`, only Table I's headline runs at seed 0
 * (`PAPER_BUDGET_HEADLINE` in src/experiments/paper_budget.ts, in its order): the whole profile
 * is some 700 hours. Each run is locked while it computes, so two queues (two lanes on
 * 2 cores, each run on one thread) never compute the same run, and finished runs are skipped: the
 * same command resumes in a later session, on any machine with the committed store.
 *
 *   make build && make data
 *   (QDISTILL_WORKERS=0 nohup nice -n 19 node scripts/run-queue.js standard >> runstore/.log-queue-A 2>&1 &)
 *   (QDISTILL_WORKERS=0 nohup nice -n 19 node scripts/run-queue.js standard >> runstore/.log-queue-B 2>&1 &)
 *
 * One planned run now, beside the lanes, whatever its rank: add `--only=ID` (parts of run ids, comma-separated).
 *
 * Stop: `touch runstore/.stop; pkill -TERM -f run-queue.js` (each run checkpoints, no new run
 * starts), commit runstore/, and `rm runstore/.stop` before resuming.
 * $QDISTILL_WORKERS: worker threads per run (default 0). Results never depend on it.
 */
const fs = require('fs');
const path = require('path');
const dist = path.join(__dirname, '..', 'dist');
const { initBackend } = require(path.join(dist, 'backend'));
const { profileNamed } = require(path.join(dist, 'results/profile'));
const {
  planRuns, prioritizedRuns, paperBudgetQueue, computeRun, runState, orphanPartialRuns, orphanFinished, resumeOrphan,
} = require(path.join(dist, 'experiments'));

const STOP = path.join(__dirname, '..', 'runstore', '.stop');

const USAGE = `usage: node scripts/run-queue.js [standard|paper|quick] [--dry-run] [--only=ID[,ID…]]   (default standard)

Computes the profile's runs into its run cache, highest priority first (see the header of this file
and src/experiments/run_priority.ts); first of all, partial runs no plan names (started by hand with
scripts/store-distill.js), from their own config.json. --dry-run prints the queue instead: each run left, its
estimated hours and the running total (on the reference machine, as \`qdistill plan\`).
--only=ID[,ID…]: only the queue's runs whose id contains one of these (comma-separated), in queue order, e.g.
  --only=mnist-classical-random-s1-264d16fe8162 to compute one planned run now, beside the lanes.
$QDISTILL_WORKERS: worker threads per run (default 0). Stop: touch runstore/.stop; pkill -TERM -f run-queue.js`;

/** The queue's runs left, one line each, with estimated and cumulative hours; the orphans first. */
function printQueue(queue, orphans) {
  let total = 0;
  for (const o of orphans.skipped) console.log(o);
  if (orphans.runs.length > 0) console.log(`${orphans.runs.length} partial run(s) of no plan, resumed first:`);
  for (const o of orphans.runs) {
    console.log(`  partial at iteration ${o.iteration}  ${o.id}  (started by hand, e.g. scripts/store-distill.js)`);
  }
  const left = queue.filter((r) => r.state.status !== 'done');
  console.log(`${left.length} of ${queue.length} runs left, in queue order (hours on the reference machine)`);
  for (const r of left) {
    total += r.remaining;
    const state = r.state.status === 'partial' ? 'partial' : 'absent';
    console.log(`${(r.remaining / 3600).toFixed(2).padStart(6)} h  total ${(total / 3600).toFixed(1).padStart(6)} h  ` +
      `${state.padEnd(7)}  ${r.id}  (${r.notebooks.join(', ')})`);
  }
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) return console.log(USAGE);
  const usageError = (message) => {
    console.error(`run-queue: ${message}\n\n${USAGE}`);
    process.exit(2);
  };
  const isOnly = (a) => a.startsWith('--only=');
  const unknown = args.find((a) => a.startsWith('-') && a !== '--dry-run' && !isOnly(a));
  if (unknown !== undefined) usageError(`unknown option '${unknown}'; expected --dry-run, --only=ID[,ID…] or --help`);
  const dryRun = args.includes('--dry-run');
  const onlyArgs = args.filter(isOnly);
  if (onlyArgs.length > 1) usageError(`--only: expected it once, received ${onlyArgs.length} times`);
  const only = onlyArgs.length ? onlyArgs[0].slice('--only='.length).split(',') : null;
  if (only && only.some((id) => id.trim() === '')) {
    usageError(`--only: expected run ids (or parts of them) separated by commas, received '${onlyArgs[0]}'`);
  }
  const names = args.filter((a) => a !== '--dry-run' && !isOnly(a));
  const name = names[0] ?? 'standard';
  if (names.length > 1) {
    usageError(`expected at most one profile name (standard, paper or quick), received ${names.length}: ` +
      names.map((n) => `'${n}'`).join(' '));
  }
  if (!['standard', 'paper', 'quick'].includes(name)) {
    usageError(`expected a profile name (standard, paper or quick), received '${name}'`);
  }
  const workersText = process.env.QDISTILL_WORKERS ?? '';
  if (workersText !== '' && !/^\d+$/.test(workersText)) {
    usageError(`QDISTILL_WORKERS: expected a non-negative integer (worker threads per run), received '${workersText}'`);
  }
  const profile = profileNamed(name);
  const partial = (r) => (r.state.status === 'partial' ? 0 : 1);
  const order = name === 'paper' ? paperBudgetQueue() : prioritizedRuns(planRuns(profile));
  const matches = (id) => only === null || only.some((part) => id.includes(part));
  const unmatched = (only ?? []).filter((part) => !order.some((r) => r.id.includes(part)));
  if (unmatched.length) {
    usageError(`--only: no run of the ${name} queue (${order.length} runs) has an id containing ` +
      `${unmatched.map((u) => `'${u}'`).join(', ')}; ` +
      `\`node scripts/run-queue.js ${name} --dry-run\` lists the runs left`);
  }
  const queue = order.filter((r) => matches(r.id)).sort((a, b) => partial(a) - partial(b)); // stable
  const orphans = only === null // --only: the queue's runs, no orphan
    ? orphanPartialRuns(new Set(order.map((r) => r.id)), profile) : { runs: [], skipped: [] };
  if (dryRun) return printQueue(queue, orphans);
  await initBackend();
  const workers = workersText === '' ? 0 : Number(workersText);
  const signal = { aborted: false };
  for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => (signal.aborted = true));
  const log = (m) => console.error(`${new Date().toISOString()} ${m}`);
  log(`run-queue: profile ${name}, ${queue.length} runs, ` +
    `${queue.filter((r) => r.state.status !== 'done').length} to do`);
  for (const o of orphans.skipped) log(`run-queue: ${o}`);
  const progressLog = (id) => {
    let last = 0;
    return (p) => {
      if (Date.now() - last < 60000) return;
      last = Date.now();
      const rate = p.secondsPerIteration ? `, ${p.secondsPerIteration.toFixed(3)} s/iter` : '';
      log(`${id}: ${p.iteration}/${p.total}${rate}`);
    };
  };
  const stopping = () => signal.aborted || fs.existsSync(STOP);
  for (const o of orphans.runs) {
    if (stopping()) return log(`run-queue: stopping (${signal.aborted ? 'signal' : STOP})`);
    if (orphanFinished(o)) continue;
    log(`run-queue: ${o.id} (partial, of no plan: resumed from its config.json)`);
    try {
      const out = await resumeOrphan(o, { workers, signal, log, onProgress: progressLog(o.id) });
      const acc = out.final?.eval?.mean;
      log(`run-queue: ${o.id} ${out.status}${typeof acc === 'number' ? `: ${acc.toFixed(2)} % test accuracy` : ''}`);
    } catch (e) {
      if (signal.aborted) return log(`run-queue: ${e.message}`);
      log(`run-queue: ${o.id}: not computed here: ${e.message}`);
    }
  }
  for (const r of queue) {
    if (stopping()) return log(`run-queue: stopping (${signal.aborted ? 'signal' : STOP})`);
    if (runState(r.spec, name).status === 'done') continue;
    log(`run-queue: ${r.id} (${r.notebooks.join(', ')})`);
    try {
      const out = await computeRun(r.spec, name, { workers, signal, log, onDistill: progressLog(r.id) });
      const acc = out?.final?.eval?.mean ?? out?.accuracy;
      log(`run-queue: ${r.id} done${typeof acc === 'number' ? `: ${acc.toFixed(2)} % test accuracy` : ''}`);
    } catch (e) {
      if (signal.aborted) return log(`run-queue: ${e.message}`);
      log(`run-queue: ${r.id}: not computed here: ${e.message}`);
    }
  }
  log('run-queue: nothing left to do');
}

main().catch((e) => {
  console.error(`run-queue: ${e.stack ?? e.message}`);
  process.exit(1);
});
