#!/usr/bin/env node
/**
 * Notebook 06's transfer of the sets finished so far (src/experiments/beyond_transfer_store.ts):
 * every QLeNet R+H set of the study (fixed or random initialisation) finished in runstore/standard/
 * trains each unseen target model (PauliZ; 4, 6 and 8 qubits; classical LeNet) from the profile's
 * unseen initialisations; the cells are cached in runstore/standard/transfer/ (the notebook reuses
 * them) and written to results/beyond-transfer-standard-runs.csv and
 * results/beyond-transfer-matrix-standard-runs.csv. A minute or two per new set on 2 cores.
 *   node scripts/store-transfer.js        (after `make build` and `make data`)
 * scripts/refresh-store-outputs.js rewrites the same tables from the cache only.
 */
const path = require('path');
const dist = path.join(__dirname, '..', 'dist');
const { initBackend } = require(path.join(dist, 'backend'));
const { profileNamed } = require(path.join(dist, 'results/profile'));
const { ResultsWriter } = require(path.join(dist, 'results/writer'));
const { writeBeyondTransferStoreOutputs } = require(path.join(dist, 'experiments'));

async function main() {
  await initBackend();
  const profile = profileNamed('standard');
  const writer = new ResultsWriter('06-beyond-the-paper.ipynb', { profile });
  await writeBeyondTransferStoreOutputs(writer, profile, { compute: true });
  writer.finish();
}

main().catch((e) => {
  console.error(`store-transfer: ${e.message}`);
  process.exit(1);
});
