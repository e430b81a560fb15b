#!/usr/bin/env node
/**
 * Runs, resumes or reuses one Table I distillation in the tracked run store, exactly as the
 * notebooks would (`distillCached` with the profile's scale), so that a long run continues on
 * another machine from its committed checkpoint.
 *   node scripts/store-distill.js DATASET VARIANT SEED [PROFILE] [--learn-labels | --method=M] [--epochs=N]
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
 * Ctrl-C / SIGTERM stops after the current iteration with a checkpoint; run again to resume.
 * $QDISTILL_WORKERS: worker threads (default: one per extra core). The result does not depend on
 * it; on 2 cores, two runs with 0 workers each get more done than one run with 1 worker.
 */
const path = require('path');
const dist = path.join(__dirname, '..', 'dist');
const args = process.argv.slice(2);
const learnLabels = args.includes('--learn-labels');
const epochsArg = args.find((a) => a.startsWith('--epochs='));
const methodArg = args.find((a) => a.startsWith('--method='));
const [dataset, variantKey, seedText, profileName = 'paper'] = args.filter((a) => !a.startsWith('--'));
const { initBackend } = require(path.join(dist, 'backend'));
const { profileNamed } = require(path.join(dist, 'results/profile'));
const { TABLE1_VARIANTS } = require(path.join(dist, 'experiments/table1'));
const { storeRunConfig } = require(path.join(dist, 'experiments/store_config'));
const { distillRunDir } = require(path.join(dist, 'experiments/run_cache'));
const { runDistillation } = require(path.join(dist, 'runs/distill_run'));
const fs = require('fs');

async function main() {
  const model = variantKey?.trim().startsWith('{')
    ? JSON.parse(variantKey)
    : TABLE1_VARIANTS.find((v) => v.key === variantKey)?.model;
  const epochs = epochsArg === undefined ? undefined : Number(epochsArg.slice('--epochs='.length));
  const known = ['--learn-labels', epochsArg, methodArg];
  const unknown = args.filter((a) => a.startsWith('--') && !known.includes(a));
  if (!['mnist', 'cifar10'].includes(dataset) || !model || !/^\d+$/.test(seedText ?? '') || unknown.length > 0) {
    throw new Error('usage: store-distill.js mnist|cifar10 VARIANT|MODEL_JSON SEED [PROFILE] ' +
      `[--learn-labels | --method=paper|soft|truncated|both] [--epochs=N]; received ${args.join(' ')}; ` +
      `VARIANT one of ${TABLE1_VARIANTS.map((v) => v.key).join(', ')}`);
  }
  const profile = profileNamed(profileName);
  const method = methodArg?.slice('--method='.length);
  const { cfg, scale } = storeRunConfig(dataset, model, Number(seedText), profile, { learnLabels, epochs, method });
  await initBackend();
  const o = { profile: profile.name, trainLimit: scale.trainLimit, testLimit: scale.testLimit };
  const dir = distillRunDir(cfg, o);
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
  console.error(`store-distill: ${e.message}`);
  process.exit(1);
});
