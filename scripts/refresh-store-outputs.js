#!/usr/bin/env node
/**
 * Rewrites the committed outputs that only read the tracked run store, without computing a run,
 * while the store's long runs are under way: notebooks 01/02's paper-budget table and curves
 * (`writePaperBudgetOutputs`), the standard profile's runs so far (`writeStandardRunsOutputs`),
 * notebook 06's runs so far (`writeBeyondStoreOutputs`: beyond-standard-runs.csv) and the transfer of
 * its finished sets, from the transfer cache only (`writeBeyondTransferStoreOutputs`;
 * scripts/store-transfer.js computes the missing cells), notebook 07's claims on the finished
 * standard runs (`writeStoreClaimsOutputs`: claims-standard-runs.csv and figure) and the README's
 * Table I block, through the results writer as those notebooks would (profile standard, results/).
 * The rest of notebooks 01/02 (Table I at the standard profile) needs its runs:
 * `make reproduce PROFILE=standard`.
 *   node scripts/refresh-store-outputs.js        (after `make build`)
 */
const path = require('path');
const { execFileSync } = require('child_process');
const dist = path.join(__dirname, '..', 'dist');
const { initBackend } = require(path.join(dist, 'backend'));
const { profileNamed } = require(path.join(dist, 'results/profile'));
const { ResultsWriter } = require(path.join(dist, 'results/writer'));
const {
  writeBeyondStoreOutputs, writeBeyondTransferStoreOutputs, writePaperBudgetOutputs, writeStandardRunsOutputs,
  writeStoreClaimsOutputs,
} = require(path.join(dist, 'experiments'));

async function main() {
  await initBackend({ report: false });
  const profile = profileNamed('standard');
  for (const [notebook, dataset] of [['01-table1-mnist.ipynb', 'mnist'], ['02-table1-cifar10.ipynb', 'cifar10']]) {
    const writer = new ResultsWriter(notebook, { profile });
    await writePaperBudgetOutputs(writer, dataset);
    await writeStandardRunsOutputs(writer, dataset);
    writer.finish();
  }
  const beyond = new ResultsWriter('06-beyond-the-paper.ipynb', { profile });
  writeBeyondStoreOutputs(beyond, profile);
  await writeBeyondTransferStoreOutputs(beyond, profile, { compute: false });
  beyond.finish();
  const claims = new ResultsWriter('07-claims.ipynb', { profile });
  await writeStoreClaimsOutputs(claims, claims.dir, profile);
  claims.finish();
  const reproduce = path.join(dist, 'tools', 'reproduce.js');
  execFileSync(process.execPath, [reproduce, 'readme'], {
    stdio: 'inherit',
    env: { ...process.env, QDISTILL_PROFILE: 'standard' },
  });
}

main().catch((e) => {
  console.error(`refresh-store-outputs: ${e.message}`);
  process.exit(1);
});
