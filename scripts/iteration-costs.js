#!/usr/bin/env node
/**
 * Measured seconds per outer iteration of the finished distillation runs in run-cache folders,
 * per model shape (dataset, model tag, real batch): the median over runs of a run's wall seconds
 * over its iterations (`final/result.json`). Prints the entries of `MEASURED_ITERATION_SECONDS`
 * (src/experiments/iteration_costs.ts) to paste there; runs of other machines (see each run's
 * provenance) should not be mixed in.
 *
 *   node scripts/iteration-costs.js runstore/standard [runs/reproduce/quick …]   (after `make build`)
 */
const fs = require('fs');
const path = require('path');
const { modelTag } = require('../dist/models/spec');

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error('usage: node scripts/iteration-costs.js <run-cache folder> [more folders]');
  process.exit(2);
}
const shapes = new Map();
for (const dir of dirs) {
  if (!fs.existsSync(dir)) {
    console.error(`iteration-costs: ${dir}: expected a run-cache folder, found nothing there`);
    process.exit(2);
  }
  for (const name of fs.readdirSync(dir).sort()) {
    const config = path.join(dir, name, 'config.json'), result = path.join(dir, name, 'final', 'result.json');
    if (!fs.existsSync(config) || !fs.existsSync(result)) continue; // not a distillation, or unfinished
    const file = JSON.parse(fs.readFileSync(config, 'utf8'));
    const cfg = file.config;
    const r = JSON.parse(fs.readFileSync(result, 'utf8'));
    if (!cfg || !cfg.model || !(r.iteration > 0) || !(r.seconds > 0)) continue;
    const n = file.trainLimit ?? Infinity;
    const key = JSON.stringify([cfg.dataset, modelTag(cfg.model), Math.min(cfg.batchSize, n)]);
    if (!shapes.has(key)) shapes.set(key, []);
    shapes.get(key).push(r.seconds / r.iteration);
  }
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
for (const [key, xs] of [...shapes.entries()].sort()) {
  const [dataset, model, batch] = JSON.parse(key);
  console.log(`  { dataset: '${dataset}', model: '${model}', batch: ${batch}, ` +
    `seconds: ${median(xs).toFixed(3)} }, // ${xs.length} run(s)`);
}
if (shapes.size === 0) console.error(`iteration-costs: no finished distillation runs in ${dirs.join(', ')}`);
