#!/usr/bin/env node
/**
 * Runs, resumes or reuses one Table I distillation in the tracked run store, exactly as the
 * notebooks would (`distillCached` with the profile's scale), so that a long run continues on
 * another machine from its committed checkpoint.
 *   node scripts/store-distill.js DATASET VARIANT SEED [PROFILE] [--learn-labels | --method=M] [--epochs=N]
 *     [--check] [--help]
 * DATASET: mnist | cifar10; VARIANT: a Table I variant key (classical, q-res-hermitian, q-authors, ...)
 * or a model spec as JSON (e.g. '{"kind":"quantum_lenet","qubits":8}');
 * PROFILE: default paper. Store: `runCacheDir(profile)`, runstore/<profile>/ for the committed
 * profiles (override with $QDISTILL_RUNS_DIR).
 * --learn-labels: the same run with learned soft labels (`learnLabels`, notebook 06's soft-label
 * method at the paper method's epochs; notebook 06 itself scales the epochs by the measured cost
 * ratio of the method, about 1, so its run of a variant may differ by an epoch: --epochs=N sets
 * them; e.g. 71 gives exactly notebook 06's soft-label run of QLeNet R+H on MNIST at `standard`).
 * --method=paper|soft|truncated|both: notebook 06's method for any model, at its equal-budget
 * epochs from the measured cost ratios (`src/experiments/beyond_costs.ts`), or at --epochs=N for a
 * model without measured ratios (e.g. the authors' model, q-authors); `storeRunConfig`.
 * --check: validate the arguments (and $QDISTILL_WORKERS), print the run folder and exit 0
 * without computing (`scripts/lanes.sh store` runs it before starting the run in the background).
 * Ctrl-C / SIGTERM stops after the current iteration with a checkpoint; run again to resume.
 * $QDISTILL_WORKERS: worker threads (default: one per extra core). The result does not depend on
 * it; on 2 cores, two runs with 0 workers each get more done than one run with 1 worker.
 * Exit codes: 0 done (or --help, --check), 2 bad arguments (nothing computed), 1 a failure while running.
 */
const path = require('path');
const dist = path.join(__dirname, '..', 'dist');
const { initBackend } = require(path.join(dist, 'backend'));
const { profileNamed } = require(path.join(dist, 'results/profile'));
const { TABLE1_VARIANTS } = require(path.join(dist, 'experiments/table1'));
const { storeRunConfig } = require(path.join(dist, 'experiments/store_config'));
const { distillRunDir } = require(path.join(dist, 'experiments/run_cache'));
const { runDistillation } = require(path.join(dist, 'runs/distill_run'));
const { PROFILE_NAMES } = require(path.join(dist, 'results/profile_types'));
const { BEYOND_METHODS } = require(path.join(dist, 'experiments/beyond_methods'));
const fs = require('fs');

const USAGE = `usage: node scripts/store-distill.js mnist|cifar10 VARIANT|MODEL_JSON SEED [PROFILE]
         [--learn-labels | --method=${BEYOND_METHODS.join('|')}] [--epochs=N] [--check]

Runs, resumes or reuses one distillation in the profile's run store (runstore/<profile>/, or
$QDISTILL_RUNS_DIR). VARIANT: one of ${TABLE1_VARIANTS.map((v) => v.key).join(', ')};
MODEL_JSON: a model spec as a JSON object, e.g. '{"kind":"quantum_lenet","qubits":8}'.
SEED: a non-negative integer. PROFILE: ${PROFILE_NAMES.join(', ')} (default paper).
--learn-labels: learned soft labels; --method=M: notebook 06's method M; --epochs=N: N epochs.
--check: validate the arguments, print the run folder, compute nothing.
$QDISTILL_WORKERS: worker threads, a non-negative integer (default: one per extra core).`;

/** Bad arguments: exit 2 before anything is computed. */
class UsageError extends Error {}

/** `text` quoted for a message, shortened when long. */
const quoted = (text) => `'${text.length > 60 ? `${text.slice(0, 57)}...` : text}'`;

/** The checked arguments (throws UsageError). */
function parseArgs(args) {
  const flags = new Set(['--learn-labels', '--check']);
  const valued = ['--epochs', '--method'];
  const options = {};
  const positional = [];
  for (const a of args) {
    if (!a.startsWith('--')) {
      positional.push(a);
      continue;
    }
    const name = a.includes('=') ? a.slice(0, a.indexOf('=')) : a;
    if (flags.has(a)) options[a] = true;
    else if (valued.includes(name) && a.includes('=')) {
      if (options[name] !== undefined) throw new UsageError(`${name} given twice: ${options[name]} and ${a}`);
      options[name] = a;
    } else {
      const hint = valued.includes(a) ? ` (expected ${a}=VALUE)` : '';
      throw new UsageError(`unknown option ${quoted(a)}${hint}; expected --learn-labels, ` +
        `--method=${BEYOND_METHODS.join('|')}, --epochs=N, --check or --help`);
    }
  }
  if (positional.length < 3 || positional.length > 4) {
    const shown = positional.length > 4 ? `; extra: ${positional.slice(4).map(quoted).join(' ')}`
      : positional.length > 0 ? `: ${positional.map(quoted).join(' ')}` : '';
    throw new UsageError('expected 3 or 4 arguments (DATASET VARIANT SEED [PROFILE]), ' +
      `received ${positional.length}${shown}`);
  }
  const [dataset, variantKey, seedText, profileName = 'paper'] = positional;
  if (!['mnist', 'cifar10'].includes(dataset)) {
    throw new UsageError(`DATASET: expected mnist or cifar10, received ${quoted(dataset)}`);
  }
  let model;
  if (variantKey.trim().startsWith('{')) {
    try {
      model = JSON.parse(variantKey);
    } catch (e) {
      throw new UsageError(`MODEL_JSON: expected a JSON object, received ${quoted(variantKey)} (${e.message})`);
    }
    if (typeof model !== 'object' || model === null || Array.isArray(model)) {
      throw new UsageError(`MODEL_JSON: expected a JSON object, received ${quoted(variantKey)}`);
    }
  } else {
    model = TABLE1_VARIANTS.find((v) => v.key === variantKey)?.model;
    if (!model) {
      throw new UsageError(`VARIANT: expected one of ${TABLE1_VARIANTS.map((v) => v.key).join(', ')} ` +
        `or a model spec as a JSON object (MODEL_JSON), received ${quoted(variantKey)}`);
    }
  }
  if (!/^\d+$/.test(seedText)) {
    throw new UsageError(`SEED: expected a non-negative integer, received ${quoted(seedText)}`);
  }
  if (!PROFILE_NAMES.includes(profileName)) {
    throw new UsageError(`PROFILE (argument 4): expected one of ${PROFILE_NAMES.join(', ')}, ` +
      `received ${quoted(profileName)}`);
  }
  let epochs;
  if (options['--epochs'] !== undefined) {
    const text = options['--epochs'].slice('--epochs='.length);
    if (!/^\d+$/.test(text) || !(Number(text) > 0)) {
      throw new UsageError(`--epochs: expected a positive integer, received ${quoted(text)}`);
    }
    epochs = Number(text);
  }
  const method = options['--method']?.slice('--method='.length);
  if (method !== undefined && !BEYOND_METHODS.includes(method)) {
    throw new UsageError(`--method: expected one of ${BEYOND_METHODS.join(', ')}, received ${quoted(method)}`);
  }
  const learnLabels = options['--learn-labels'] === true;
  if (learnLabels && method !== undefined) {
    throw new UsageError('expected --learn-labels or --method=M, not both; ' +
      `received --learn-labels and --method=${method} (--method=soft or --method=both learn the labels)`);
  }
  const workersText = process.env.QDISTILL_WORKERS;
  if (workersText && !/^\d+$/.test(workersText)) {
    throw new UsageError(`QDISTILL_WORKERS: expected a non-negative integer (worker threads), ` +
      `received ${quoted(workersText)}`);
  }
  return { dataset, model, seedText, profileName, learnLabels, epochs, method, check: options['--check'] === true };
}

async function main() {
  const args = process.argv.slice(2);
  if (args.includes('--help') || args.includes('-h')) return console.log(USAGE);
  let a, cfg, scale, profile, o, dir;
  try {
    a = parseArgs(args);
    profile = profileNamed(a.profileName);
    ({ cfg, scale } = storeRunConfig(a.dataset, a.model, Number(a.seedText), profile,
      { learnLabels: a.learnLabels, epochs: a.epochs, method: a.method }));
    o = { profile: profile.name, trainLimit: scale.trainLimit, testLimit: scale.testLimit };
    dir = distillRunDir(cfg, o);
  } catch (e) {
    // Any error before the backend starts comes from the arguments (a bad model spec, a method without
    // measured costs and no --epochs, ...): nothing was computed.
    throw e instanceof UsageError ? e : new UsageError(e.message);
  }
  if (a.check) {
    const state = fs.existsSync(path.join(dir, 'config.json')) ? 'resume (or reuse)' : 'start';
    return console.log(`store-distill: arguments valid; would ${state} ${dir}`);
  }
  await initBackend();
  const signal = { aborted: false };
  for (const s of ['SIGINT', 'SIGTERM']) process.on(s, () => (signal.aborted = true));
  let last = 0;
  const r = await runDistillation(cfg, dir, {
    resume: fs.existsSync(path.join(dir, 'config.json')), trainLimit: o.trainLimit, testLimit: o.testLimit ?? undefined,
    input: cfg, logEvery: 1, signal, log: (m) => console.error(m),
    ...(process.env.QDISTILL_WORKERS ? { workers: Number(process.env.QDISTILL_WORKERS) } : {}),
    onProgress: (p) => {
      if (Date.now() - last < 60000) return;
      last = Date.now();
      console.error(`${dir}: ${p.iteration}/${p.total}, ${p.secondsPerIteration?.toFixed(3)} s/iter, ` +
        `loss ${p.loss?.toFixed(4)}`);
    },
  });
  console.log(JSON.stringify({
    dir, status: r.status, iteration: r.iteration, total: r.total, final: r.final?.eval ?? null,
  }));
}
main().catch((e) => {
  if (e instanceof UsageError) {
    console.error(`store-distill: ${e.message}\n\n${USAGE}`);
    process.exit(2);
  }
  console.error(`store-distill: ${e.message}`);
  process.exit(1);
});
