#!/usr/bin/env node
/**
 * Prints the learned inner learning rates of every finished run in run stores (final/lrs.json:
 * softplus of the raw values, one per inner step k = epoch·distillSteps + step), with the largest
 * one's share of their sum: how many of the protocol's inner steps actually move the network; and,
 * for sets distilled with learned soft labels (final/labels.json, `[steps][image][class]`, images
 * class-major), how many images' label vectors weigh another class more than their own.
 *   node scripts/learned-lrs.js [STORE_DIR...]     (default: runstore/standard runstore/paper)
 */
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const stores = process.argv.length > 2
  ? process.argv.slice(2)
  : ['runstore/standard', 'runstore/paper'].map((s) => path.join(root, s));

/** `; soft labels: k of m images weigh another class more` for a learnLabels set, else ''. */
function softLabels(file) {
  if (!fs.existsSync(file)) return '';
  const steps = JSON.parse(fs.readFileSync(file, 'utf8')).labels;
  let other = 0, m = 0;
  for (const images of steps) {
    const perClass = images.length / images[0].length;
    images.forEach((v, i) => {
      const own = Math.floor(i / perClass);
      if (v.some((x, c) => c !== own && x > v[own])) other++;
      m++;
    });
  }
  return `; soft labels: ${other} of ${m} images weigh another class more than their own`;
}

function main() {
  let n = 0;
  for (const store of stores) {
    if (!fs.existsSync(store)) throw new Error(`expected a run store folder, received ${store} (no such folder)`);
    for (const run of fs.readdirSync(store).sort()) {
      const file = path.join(store, run, 'final', 'lrs.json');
      if (!fs.existsSync(file)) continue;
      const lrs = JSON.parse(fs.readFileSync(file, 'utf8')).softplus;
      const sum = lrs.reduce((a, b) => a + b, 0);
      const top = lrs.indexOf(Math.max(...lrs));
      const shown = lrs.map((x) => x.toFixed(4).padStart(7)).join(' ');
      console.log(`${shown}   largest: step ${top + 1}, ${(100 * lrs[top] / sum).toFixed(1).padStart(5)} %   ` +
        `${path.basename(store)}/${run}${softLabels(path.join(store, run, 'final', 'labels.json'))}`);
      n++;
    }
  }
  console.log(`${n} finished runs`);
}

try {
  main();
} catch (e) {
  console.error(`learned-lrs: ${e.message}`);
  process.exit(1);
}
