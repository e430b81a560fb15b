#!/usr/bin/env node
/**
 * Measures the cost ratios of notebook 06's methods (src/experiments/beyond_costs.ts): for every
 * shape the profiles' `beyond` scales use (dataset × default model × batch × T × window × layout
 * of the set, images per class and steps, of each setting), the seconds per outer iteration of the paper method, + soft
 * labels, + truncated long unroll and both, on this thread (`iterationCost`), interleaved: each
 * round runs every method once (in a rotated order) with the round's seed, so the truncated
 * methods' random windows vary; the mean over rounds. A shape away from the protocol's layout
 * also times, in the same rounds, the paper method in the protocol's layout: its
 * `anchor` (the equal-budget reference). Prints the entries to paste into BEYOND_COSTS, with a
 * header naming the command, date and machine.
 *
 *   node scripts/beyond-costs.js [rounds=6] [--missing] [profile …]    (after `make build` and `make data`)
 *
 * --missing: only the shapes BEYOND_COSTS lacks (the committed entries fix the epochs of runs
 * already computed: re-measuring them would change those runs).
 */
const os = require('os');
const { initBackend } = require('../dist/backend');
const { profileNamed, PROFILE_NAMES } = require('../dist/results/profile');
const { loadSplits } = require('../dist/runs/datasets');
const { iterationCost } = require('../dist/experiments/variant_study');
const { BEYOND_COSTS } = require('../dist/experiments/beyond_costs');
const {
  BEYOND_METHODS, BEYOND_VARIANTS, beyondConfig, beyondSettings, costShape, isProtocolShape, protocolLayout,
  sameCostShape,
} = require('../dist/experiments/beyond_methods');

function shapesToMeasure(profiles, missingOnly) {
  const shapes = new Map();
  for (const name of profiles) {
    const p = profileNamed(name);
    for (const dataset of ['mnist', 'cifar10']) {
      const ds = p.beyond[dataset];
      if (ds === null) continue;
      for (const v of BEYOND_VARIANTS) {
        for (const setting of beyondSettings(dataset, ds)) {
          const shape = costShape(dataset, v.model, ds.paper, setting);
          if (missingOnly && BEYOND_COSTS.some((e) => sameCostShape(e, shape))) continue;
          const key = JSON.stringify(shape);
          if (!shapes.has(key)) shapes.set(key, { shape, profile: p, dataset, ds, model: v.model, setting });
        }
      }
    }
  }
  return [...shapes.values()];
}

/** Mean seconds per iteration of each method at the shape, and of the anchor when the shape needs one. */
function measure({ shape, profile, dataset, ds, model, setting }, rounds) {
  const { train } = loadSplits(dataset, { trainLimit: ds.paper.trainLimit });
  const anchored = !isProtocolShape(dataset, setting);
  const jobs = [...BEYOND_METHODS.map((m) => ({ key: m, init: setting.init, method: m, layout: setting })),
    ...(anchored ? [{ key: 'anchor', init: 'fixed', method: 'paper', layout: protocolLayout(dataset, ds) }] : [])];
  const sums = Object.fromEntries(jobs.map((j) => [j.key, 0]));
  for (let r = 0; r < rounds; r++) {
    for (let k = 0; k < jobs.length; k++) {
      const j = jobs[(k + r) % jobs.length];
      const cfg = beyondConfig(dataset, model, r, j.init, j.method, profile.beyond, ds.paper, profile.name, j.layout);
      sums[j.key] += iterationCost(cfg, train, 1).seconds;
    }
    process.stderr.write(`\r${JSON.stringify(shape)}: round ${r + 1}/${rounds}`);
  }
  process.stderr.write('\n');
  return Object.fromEntries(Object.entries(sums).map(([k, v]) => [k, v / rounds]));
}

async function main() {
  const args = process.argv.slice(2);
  const rounds = args.length && /^\d+$/.test(args[0]) ? Number(args.shift()) : 6;
  const missingOnly = args[0] === '--missing' ? Boolean(args.shift()) : false;
  const profiles = args.length ? args : PROFILE_NAMES;
  const backend = await initBackend();
  const lines = [];
  for (const job of shapesToMeasure(profiles, missingOnly)) {
    const mean = measure(job, rounds);
    const secs = BEYOND_METHODS.map((m) => `${m}: ${mean[m].toFixed(4)}`).join(', ');
    const base = mean.anchor ?? mean.paper;
    const ratios = BEYOND_METHODS.map((m) => (mean[m] / base).toFixed(2)).join(' / ');
    const sh = job.shape;
    lines.push(`  { dataset: '${sh.dataset}', model: '${sh.model}', batch: ${sh.batch}, steps: ${sh.steps}, ` +
      `window: ${sh.window},`);
    lines.push(`    imagesPerClass: ${sh.imagesPerClass}, distillSteps: ${sh.distillSteps}, repeats: ${rounds},` +
      (mean.anchor === undefined ? '' : ` anchor: ${mean.anchor.toFixed(4)},`));
    lines.push(`    seconds: { ${secs} } }, // ratios ${ratios}`);
  }
  if (lines.length === 0) {
    console.log('  // beyond-costs: every shape is in BEYOND_COSTS already');
    return;
  }
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(`  // node scripts/beyond-costs.js ${process.argv.slice(2).join(' ')}`.trimEnd());
  const day = new Date().toISOString().slice(0, 10);
  console.log(`  // ${day}, ${os.cpus().length} × ${cpu}, ${backend} backend, one thread`);
  for (const l of lines) console.log(l);
}

main().catch((e) => {
  console.error(e instanceof Error ? e.message : e);
  process.exit(1);
});
