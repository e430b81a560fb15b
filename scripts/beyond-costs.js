#!/usr/bin/env node
/**
 * Measures the cost ratios of notebook 06's methods (src/experiments/beyond_costs.ts): for every
 * shape the profiles' `beyond` scales use (dataset × default model × batch × T × window), the
 * seconds per outer iteration of the paper method, + soft labels, + truncated long unroll and
 * both, on this thread (`iterationCost`), interleaved: each round runs every method once (in a
 * rotated order) with the round's seed, so the truncated methods' random windows vary; the mean
 * over rounds. Prints the entries to paste into BEYOND_COSTS, with a header naming the command,
 * date and machine.
 *
 *   node scripts/beyond-costs.js [rounds=6] [profile …]    (after `make build` and `make data`)
 */
const os = require('os');
const { initBackend } = require('../dist/backend');
const { profileNamed, PROFILE_NAMES } = require('../dist/results/profile');
const { loadSplits } = require('../dist/runs/datasets');
const { iterationCost } = require('../dist/experiments/variant_study');
const { BEYOND_METHODS, BEYOND_VARIANTS, beyondConfig, costShape } = require('../dist/experiments/beyond_methods');

async function main() {
  const args = process.argv.slice(2);
  const rounds = args.length && /^\d+$/.test(args[0]) ? Number(args.shift()) : 6;
  const profiles = args.length ? args : PROFILE_NAMES;
  const backend = await initBackend();
  const shapes = new Map();
  for (const name of profiles) {
    const p = profileNamed(name);
    for (const dataset of ['mnist', 'cifar10']) {
      const ds = p.beyond[dataset];
      if (ds === null) continue;
      for (const v of BEYOND_VARIANTS) {
        const shape = costShape(dataset, v.model, ds.paper, ds.unroll);
        const key = JSON.stringify(shape);
        if (!shapes.has(key)) shapes.set(key, { shape, profile: p, dataset, ds, model: v.model });
      }
    }
  }
  const lines = [];
  for (const { shape, profile, dataset, ds, model } of shapes.values()) {
    const { train } = loadSplits(dataset, { trainLimit: ds.paper.trainLimit });
    const sums = Object.fromEntries(BEYOND_METHODS.map((m) => [m, 0]));
    for (let r = 0; r < rounds; r++) {
      const order = BEYOND_METHODS.map((_, k) => BEYOND_METHODS[(k + r) % BEYOND_METHODS.length]);
      for (const m of order) {
        const cfg = beyondConfig(dataset, model, r, 'fixed', m, profile.beyond, ds.paper, profile.name);
        sums[m] += iterationCost(cfg, train, 1).seconds;
      }
      process.stderr.write(`\r${JSON.stringify(shape)}: round ${r + 1}/${rounds}`);
    }
    process.stderr.write('\n');
    const secs = BEYOND_METHODS.map((m) => `${m}: ${(sums[m] / rounds).toFixed(4)}`).join(', ');
    const ratios = BEYOND_METHODS.map((m) => (sums[m] / sums.paper).toFixed(2)).join(' / ');
    const sh = shape;
    const head = `dataset: '${sh.dataset}', model: '${sh.model}', ` +
      `batch: ${sh.batch}, steps: ${sh.steps}, window: ${sh.window}`;
    lines.push(`  { ${head}, repeats: ${rounds},`);
    lines.push(`    seconds: { ${secs} } }, // ratios ${ratios}`);
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
