#!/usr/bin/env node
/**
 * Shows what a numerics version changed: pairs every finished distillation run of the run store
 * (runstore/PROFILE/) with the finished run of the same config (numerics version aside) in the run
 * store of a git commit (default 1ff1366, the last numerics-v2 store), and prints both test accuracies,
 * then per dataset and run name (seed left out) the means over the paired seeds and the paired
 * difference (mean ± sample std, n). Where the new version changes every random draw, a pair differs
 * as two seeds do: only a shift well beyond that spread says more. Nothing is computed or written.
 *   node scripts/compare-numerics.js [PROFILE=standard] [COMMIT=1ff1366]     (after `make build`)
 */
const fs = require('fs');
const path = require('path');
const { execFileSync } = require('child_process');
const { meanStd } = require(path.join(__dirname, '..', 'dist', 'util', 'spread'));

const usage = 'usage: node scripts/compare-numerics.js [PROFILE] [COMMIT]   (defaults: standard 1ff1366)';
const args = process.argv.slice(2);
if (args.includes('--help') || args.includes('-h')) {
  console.log(usage);
  process.exit(0);
}
if (args.length > 2 || args.some((a) => a.startsWith('-'))) {
  console.error(`compare-numerics: expected at most PROFILE and COMMIT, received ${args.join(' ')}\n${usage}`);
  process.exit(2);
}
const [profile = 'standard', commit = '1ff1366'] = args;
const root = path.join(__dirname, '..');
const git = (...a) => execFileSync('git', a, { cwd: root, encoding: 'utf8', maxBuffer: 64 << 20 });
try {
  git('rev-parse', '--verify', '--quiet', `${commit}^{commit}`);
} catch {
  console.error(`compare-numerics: '${commit}' is no commit of this repository\n${usage}`);
  process.exit(2);
}

/** A run's identity across numerics versions: its config (config.json without the version fields). */
const identity = (info) => JSON.stringify(info.config);
const accuracy = (text) => JSON.parse(text).eval.mean;

// The old store: every finished run's config and accuracy, read from the commit.
const files = git('ls-tree', '-r', '--name-only', commit, `runstore/${profile}/`).split('\n');
const old = new Map();
for (const f of files.filter((x) => x.endsWith('/final/result.json'))) {
  const dir = f.slice(0, -'/final/result.json'.length);
  const info = JSON.parse(git('show', `${commit}:${dir}/config.json`));
  old.set(identity(info), { id: path.basename(dir), version: info.numericsVersion,
    accuracy: accuracy(git('show', `${commit}:${f}`)) });
}

// The current store's finished runs, paired by config.
const store = path.join(root, 'runstore', profile);
const pairs = [];
for (const id of fs.existsSync(store) ? fs.readdirSync(store).sort() : []) {
  const result = path.join(store, id, 'final', 'result.json'), config = path.join(store, id, 'config.json');
  if (!fs.existsSync(result) || !fs.existsSync(config)) continue;
  const info = JSON.parse(fs.readFileSync(config, 'utf8'));
  const before = old.get(identity(info));
  if (before === undefined) continue;
  pairs.push({ id, name: id.replace(/-s\d+-[0-9a-f]{12}$/, ''), seed: info.config.seed,
    version: info.numericsVersion, now: accuracy(fs.readFileSync(result, 'utf8')), before });
}
if (pairs.length === 0) {
  console.log(`compare-numerics: no finished run of runstore/${profile}/ has a finished twin in ${commit} (yet)`);
  process.exit(0);
}
const f2 = (x) => x.toFixed(2);
const spread = (xs) => {
  const { mean, std } = meanStd(xs);
  return xs.length > 1 ? `${f2(mean)} ± ${f2(std)}` : f2(mean);
};
console.log(`runs of runstore/${profile}/ against ${commit} (test accuracy %, whole test set):`);
for (const p of pairs) {
  console.log(`  ${p.id}: v${p.version} ${f2(p.now)}, v${p.before.version} ${f2(p.before.accuracy)} ` +
    `(${p.before.id}), difference ${f2(p.now - p.before.accuracy)}`);
}
console.log('per run name, over the paired seeds (mean ± sample std):');
for (const name of [...new Set(pairs.map((p) => p.name))]) {
  const mine = pairs.filter((p) => p.name === name);
  console.log(`  ${name}: seeds ${mine.map((p) => p.seed).join(', ')} (n = ${mine.length}): ` +
    `now ${spread(mine.map((p) => p.now))}, before ${spread(mine.map((p) => p.before.accuracy))}, ` +
    `difference ${spread(mine.map((p) => p.now - p.before.accuracy))}`);
}
