#!/usr/bin/env node
/**
 * Keeps the tracked run store small (issue 14: ~50 MB) without changing a result:
 * - applies the snapshot retention rule (src/runs/snapshot_retention.ts): deletes the intermediate
 *   sets no figure and no end-of-run selection can use and, in a finished run (final/result.json),
 *   the checkpoint and the snapshot only the selection needed;
 * - in a finished run that notebook 03 does not read (it probes the sets over the course of
 *   distillation, `stability_study.ts`; nothing else reads snapshots), deletes the trajectory
 *   snapshots too (a run folder of no known profile keeps them);
 * - gzips a finished run's metrics.jsonl into metrics.jsonl.gz (`compressMetrics`; every reader
 *   goes through `readMetrics`, which reads either; about 5x smaller). Read one with `zcat`.
 * - in a finished run of a known profile that no figure or image reader needs
 *   (src/experiments/store_trim.ts: in practice CIFAR-10 seeds after the first), replaces
 *   final/images.bin (1.2 MB of incompressible floats) by its sha256, final/images.bin.sha256
 *   (src/runs/final_trim.ts: runs are bitwise reproducible, so the set can be recomputed and checked).
 *   node scripts/compact-store.js [RUN_DIR...]     (default: every run in runstore/<profile>/)
 * Never touches config or the rest of final/, nor the checkpoint or metrics of an unfinished run, nor a run a
 * live process holds (its lock, `src/runs/lock.ts`: a run under way writes its snapshots and
 * metrics as it goes). scripts/commit-store.sh runs it before staging, while runs go on.
 */
const fs = require('fs');
const path = require('path');
const dist = path.join(__dirname, '..', 'dist');
const { totalIterations } = require(path.join(dist, 'distill/loop'));
const { compressMetrics, readMetrics } = require(path.join(dist, 'runs/metrics'));
const { listSnapshots } = require(path.join(dist, 'runs/snapshots'));
const { liveHolder, lockFile } = require(path.join(dist, 'runs/lock'));
const { evalIterations, keptSnapshots, pruneSnapshots, tidyFinishedRun } =
  require(path.join(dist, 'runs/snapshot_retention'));

const { planRuns } = require(path.join(dist, 'experiments/notebook_runs'));
const { trimCandidates } = require(path.join(dist, 'experiments/store_trim'));
const { trimFinalImages } = require(path.join(dist, 'runs/final_trim'));
const { profileNamed } = require(path.join(dist, 'results/profile'));

const TRAIN_SIZE = { mnist: 60000, cifar10: 50000 };
const PROBES = '03-stability-hermitian.ipynb';
const probedByProfile = new Map();
/** The run folders notebook 03 reads in profile `name` (the store's folder name), or null for no known profile. */
function probed(name) {
  if (!probedByProfile.has(name)) {
    let ids = null;
    try {
      ids = new Set(planRuns(profileNamed(name), [PROBES]).map((r) => r.id));
    } catch {
      ids = null; // not a profile's folder
    }
    probedByProfile.set(name, ids);
  }
  return probedByProfile.get(name);
}
const store = path.join(__dirname, '..', 'runstore');
const dirs = process.argv.length > 2 ? process.argv.slice(2)
  : fs.readdirSync(store, { withFileTypes: true }).filter((d) => d.isDirectory())
    .flatMap((p) => fs.readdirSync(path.join(store, p.name)).map((r) => path.join(store, p.name, r)));

/** The bytes of one snapshot (images and labels) in `snaps`. */
function snapshotBytes(snaps) {
  const first = String(listSnapshots(snaps)[0]).padStart(7, '0');
  return ['images', 'labels'].map((k) => path.join(snaps, `${k}-${first}.bin`))
    .filter((f) => fs.existsSync(f)).reduce((s, f) => s + fs.statSync(f).size, 0);
}

for (const dir of dirs) {
  const snaps = path.join(dir, 'snapshots'), configFile = path.join(dir, 'config.json');
  const checkpoint = path.join(dir, 'checkpoint');
  const finished = fs.existsSync(path.join(dir, 'final', 'result.json'));
  if (!fs.existsSync(configFile)) continue;
  const holder = liveHolder(lockFile(dir));
  if (holder) {
    console.log(`${path.relative(process.cwd(), dir)}: in use by process ${holder.pid}, left alone`);
    continue;
  }
  const saved = finished ? compressMetrics(path.join(dir, 'metrics.jsonl')) : 0;
  if (saved > 0) console.log(`${path.relative(process.cwd(), dir)}: metrics.jsonl gzipped (${saved} bytes saved)`);
  if (listSnapshots(snaps).length === 0 && !(finished && fs.existsSync(checkpoint))) continue;
  const run = JSON.parse(fs.readFileSync(configFile, 'utf8'));
  const cfg = run.config, n = run.trainLimit ?? TRAIN_SIZE[cfg.dataset];
  const bytes = listSnapshots(snaps).length ? snapshotBytes(snaps) : 0;
  const total = totalIterations(cfg, n);
  const hadCheckpoint = fs.existsSync(checkpoint);
  const gone = finished ? tidyFinishedRun({ checkpoint, snapshots: snaps }, cfg.evalEvery, total, bytes)
    : pruneSnapshots(snaps, keptSnapshots(evalIterations(cfg.evalEvery, total), bytes,
      readMetrics(path.join(dir, 'metrics.jsonl'))));
  const readers = probed(path.basename(path.dirname(path.resolve(dir))));
  if (finished && readers !== null && !readers.has(path.basename(dir))) gone.push(...pruneSnapshots(snaps, new Set()));
  console.log(`${path.relative(process.cwd(), dir)}: deleted ${gone.length} snapshots` +
    `${finished && hadCheckpoint ? ' and the checkpoint' : ''}, kept ${listSnapshots(snaps).join(', ') || 'none'}`);
}

// Final images no figure needs (see the module comment), in the runs listed (default: all), each
// profile folder judged against its own store (QDISTILL_RUNS_DIR set to the folder above it).
const listed = new Set(dirs.map((d) => path.resolve(d)));
for (const folder of new Set([...listed].map((d) => path.dirname(d)))) {
  let profile;
  try {
    profile = profileNamed(path.basename(folder));
  } catch {
    continue; // not a profile's folder
  }
  process.env.QDISTILL_RUNS_DIR = path.dirname(folder);
  for (const c of trimCandidates(profile)) {
    if (!listed.has(path.resolve(c.dir)) || liveHolder(lockFile(c.dir))) continue;
    const freed = trimFinalImages(path.join(c.dir, 'final'));
    console.log(`${path.relative(process.cwd(), c.dir)}: final/images.bin replaced by its sha256 ` +
      `(${freed} bytes freed)`);
  }
}
