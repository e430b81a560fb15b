#!/usr/bin/env node
/**
 * Correlation between a distillation's initial synthetic set and its fixed network's initial
 * weights (issue: shared random streams). Usage: node scripts/init-correlation.js [DIST] [SEED]
 * DIST: a built qdistill (default dist/), e.g. an older build to measure before a fix.
 * Prints, per model kind, Pearson r of conv1.w with the first pixels, and of all weights
 * (random ones, flattened in parameter order) with the pixels of 100 synthetic images.
 */
const path = require('path');
const dist = path.resolve(process.argv[2] ?? 'dist');
const seed = Number(process.argv[3] ?? 0);
const tf = require('@tensorflow/tfjs');
const { parseDistillConfig } = require(path.join(dist, 'distill/config'));
const { initState } = require(path.join(dist, 'distill/loop'));
const { initModel } = require(path.join(dist, 'models'));

function corr(a, b, n) {
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += a[i]; mb += b[i]; }
  ma /= n; mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) ** 2; sbb += (b[i] - mb) ** 2; }
  return sab / Math.sqrt(saa * sbb);
}

tf.setBackend('cpu').then(() => {
  for (const model of [
    { kind: 'classical_lenet' },
    { kind: 'quantum_lenet', observable: 'hermitian', residual: true },
  ]) {
    const cfg = parseDistillConfig({ dataset: 'mnist', model, imagesPerClass: 10, distillSteps: 1, seed });
    const pixels = initState(cfg).images.dataSync();
    const params = initModel(cfg.model, cfg.seed);
    const w1 = params['conv1.w'].dataSync();
    // random tensors only (biases start at 0), in parameter order: the draws of the init stream
    const flat = Object.values(params).map((t) => Array.from(t.dataSync())).filter((v) => new Set(v).size > 1).flat();
    const n = Math.min(flat.length, pixels.length);
    console.log(`${dist} ${model.kind} seed ${seed}: ` +
      `r(conv1.w, pixels) = ${corr(w1, pixels, w1.length).toFixed(4)} (n = ${w1.length}); ` +
      `r(all weights, pixels) = ${corr(flat, pixels, n).toFixed(4)} (n = ${n})`);
  }
});
