#!/usr/bin/env node
/**
 * Applies the snapshot retention rule (src/runs/snapshot_retention.ts) to run folders written
 * before it: deletes the intermediate sets no figure and no end-of-run selection can use.
 *   node scripts/thin-snapshots.js [RUN_DIR...]     (default: every run in runstore/<profile>/)
 * Never touches config, metrics, checkpoint or final/; results do not change.
 */
const fs = require('fs');
const path = require('path');
const dist = path.join(__dirname, '..', 'dist');
const { totalIterations } = require(path.join(dist, 'distill/loop'));
const { readMetrics } = require(path.join(dist, 'runs/metrics'));
const { listSnapshots } = require(path.join(dist, 'runs/snapshots'));
const { evalIterations, keptSnapshots, pruneSnapshots } = require(path.join(dist, 'runs/snapshot_retention'));

const TRAIN_SIZE = { mnist: 60000, cifar10: 50000 };
const store = path.join(__dirname, '..', 'runstore');
const dirs = process.argv.length > 2 ? process.argv.slice(2)
  : fs.readdirSync(store, { withFileTypes: true }).filter((d) => d.isDirectory())
    .flatMap((p) => fs.readdirSync(path.join(store, p.name)).map((r) => path.join(store, p.name, r)));

for (const dir of dirs) {
  const snaps = path.join(dir, 'snapshots'), configFile = path.join(dir, 'config.json');
  if (!fs.existsSync(configFile) || listSnapshots(snaps).length === 0) continue;
  const run = JSON.parse(fs.readFileSync(configFile, 'utf8'));
  const cfg = run.config, n = run.trainLimit ?? TRAIN_SIZE[cfg.dataset];
  const first = String(listSnapshots(snaps)[0]).padStart(7, '0');
  const bytes = ['images', 'labels'].map((k) => path.join(snaps, `${k}-${first}.bin`))
    .filter((f) => fs.existsSync(f)).reduce((s, f) => s + fs.statSync(f).size, 0);
  const total = totalIterations(cfg, n);
  const keep = keptSnapshots(evalIterations(cfg.evalEvery, total), bytes, readMetrics(path.join(dir, 'metrics.jsonl')));
  const gone = pruneSnapshots(snaps, keep);
  console.log(`${path.relative(process.cwd(), dir)}: deleted ${gone.length}, ` +
    `kept ${listSnapshots(snaps).join(', ') || 'none'}`);
}
