#!/usr/bin/env node
/**
 * Fits the family cost model of `src/experiments/estimate.ts` (seconds per outer iteration =
 * a + b·batch, per dataset and model family) from single-thread timings of the Table I protocol:
 * `iterationCost` (median of 3 iterations after one warm-up, no worker threads) at real batches
 * of 128 and 1024. Prints the fitted [a, b] to paste into ITERATION_COST. Run it on a quiet machine:
 *   make build && node scripts/iteration-model.js
 */
const path = require('path');
const dist = path.join(__dirname, '..', 'dist');
const { initBackend } = require(path.join(dist, 'backend'));
const { iterationCost } = require(path.join(dist, 'experiments/variant_study'));
const { distillConfig } = require(path.join(dist, 'experiments/protocol'));
const { loadSplit } = require(path.join(dist, 'distill/datasets'));

const MODELS = {
  classical: { kind: 'classical_lenet' },
  quantum: { kind: 'quantum_lenet', qubits: 6, layers: 3, observable: 'hermitian', residual: true },
};

(async () => {
  await initBackend({ report: false });
  for (const dataset of ['mnist', 'cifar10']) {
    const train = loadSplit(dataset, 'train', { limit: 2048 });
    for (const [family, model] of Object.entries(MODELS)) {
      const at = (batch) => {
        const scale = {
          epochs: 1, decayEpochs: 40, batchSize: batch, seeds: [0], trainLimit: 2048, testLimit: null, evalEvery: 0,
        };
        return iterationCost(distillConfig(dataset, model, 0, scale, 'bench'), train, 3).seconds;
      };
      const [s128, s1024] = [at(128), at(1024)];
      const b = (s1024 - s128) / 896, a = s128 - 128 * b;
      console.log(`${dataset} ${family}: ${s128.toFixed(3)} s at 128, ${s1024.toFixed(3)} s at 1024 ` +
        `-> [${a.toFixed(3)}, ${b.toFixed(6)}]`);
    }
  }
})().catch((e) => { console.error(e); process.exit(1); });
