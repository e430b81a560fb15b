/**
 * The method works, not only runs: a short distillation on real MNIST data turns noise into 10
 * synthetic images (1 per class, 1 inner step × 3 epochs, fixed initialisation) that train the
 * network to a held-out TEST accuracy clearly above what 10 random real training images
 * (class-balanced, the same initialisation and inner procedure) give. Data: the first 1,024
 * training images (the distillation's real batches of 64, and the random real images), the
 * first 1,000 test images (every accuracy). Each test also asserts that the outer loss fell
 * (mean of the last 20 losses below the mean of the first 20).
 *
 * The baseline is the better of two: random real images at the initial inner learning rate
 * (`distillLr` 0.1) and at the learning rates the distillation learned, each the mean over 3
 * draws of the random images. A broken hypergradient leaves the images at noise: with the
 * outer lr at 1e-9 (updates ≈ 0), seed 0 gives 5.9 % (classical) and 8.1 % (quantum) against
 * baselines of 16.9 / 17.2 %, with a flat loss (2.35 → 2.35, 2.38 → 2.39): both tests fail.
 *
 * Distillation is chaotic (the unrolled training is a discontinuous function of the images:
 * ReLU, max-pool), so one run's accuracy moves by several points with the seed and with the
 * rounding of the kernels (a change of the quantum layer's arithmetic alone moved one run of
 * a tried setting from 43.9 to 28.4 %); the margins are well below the gaps observed.
 * Settings were tuned on seeds 100–103; the tests assert on seed 0. Observed (distilled vs
 * best baseline, %):
 *
 *   seed            0            1            2            100          101          102          103
 *   classical  62.2 / 16.9  54.9 / 26.4  54.1 / 25.8  55.8 / 16.2  53.5 / 24.1  67.7 / 20.1  61.3 / 20.8
 *   quantum    36.1 / 17.2  36.9 / 16.9  41.6 / 26.0  44.4 / 14.4  35.7 / 16.6  44.4 / 17.9  32.2 / 13.5
 *
 * gaps ≥ 28.3 (classical) and ≥ 15.6 points (quantum): asserted margins 12 and 8. Outer loss,
 * mean of the first → last 20: classical 2.16–2.26 → 1.03–1.36, quantum 2.23–2.30 → 1.56–2.08.
 *
 * Settings: classical 160 outer iterations (10 epochs of 16 batches), Adam lr 0.05. Quantum:
 * the paper's 6 qubits × 3 layers, residual, trainable Hermitian, with the authors' frozen
 * circuit angles (`freezeCircuit`, as in the README's 30-minute run: the circuit is
 * precomputed once, so an iteration is cheaper), 128 iterations, Adam lr 0.05, `updateClip` 1
 * (bounds the steps after a jump of the outer loss). Tried and not kept: a trainable circuit
 * (96 iterations in the same time; gaps 21.4 / 19.3 / 4.9 / 19.4 on seeds 100–103), 4 qubits ×
 * 2 layers (gap ≈ 0 on one seed), distillLr 0.02 (random real images barely train at that rate:
 * 5–12 %, too weak a baseline).
 *
 * Time, on the 2-core machine shared with other work (load average 4.5–6), in two runs of this
 * file: 22.7 / 26.7 s (classical) and 24.7 / 28.7 s (quantum), 49 / 57 s for the file; the
 * distillation loops alone took 18–28 s over the seeds above.
 */
import { TestContext, test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { ImageDataset, loadMnist, subsetDataset } from '../../src/data';
import { randomRealBaseline } from '../../src/distill/baselines';
import { DistillConfig, parseDistillConfig } from '../../src/distill/config';
import { evaluateDistilled } from '../../src/distill/evaluate';
import { InitCache, disposeState, distillStep, evalSeeds, initState, totalIterations } from '../../src/distill/loop';
import { syntheticLabels } from '../../src/distill/synthetic';

const N_TRAIN = 1024, N_TEST = 1000, DRAWS = 3;
let train: ImageDataset, heldOut: ImageDataset;
before(async () => {
  assert.ok(await tf.setBackend('wasm'));
  train = subsetDataset(loadMnist('train'), Array.from({ length: N_TRAIN }, (_, i) => i));
  heldOut = subsetDataset(loadMnist('test'), Array.from({ length: N_TEST }, (_, i) => i));
});

const mean = (a: number[]) => a.reduce((p, q) => p + q, 0) / a.length;

interface Outcome {
  distilled: number;
  baseline: { atDistillLr: number; atLearnedLrs: number };
  learnedLrs: number[];
  firstLosses: number;
  lastLosses: number;
  seconds: number;
}

/** Distils with `cfg` on `train`, then measures the distilled set and the baselines on `heldOut`. */
function distilAndEvaluate(cfg: DistillConfig): Outcome {
  const t0 = Date.now();
  const inits = new InitCache(cfg);
  let state = initState(cfg);
  const losses: number[] = [];
  try {
    for (let i = 0, n = totalIterations(cfg, train.n); i < n; i++) {
      const r = distillStep(cfg, train, inits, state);
      state = r.state;
      losses.push(r.loss);
    }
  } finally {
    inits.dispose();
  }
  const labels = syntheticLabels(cfg.imagesPerClass);
  const unroll = { distillSteps: cfg.distillSteps, distillEpochs: cfg.distillEpochs };
  const distilled =
    evaluateDistilled(cfg.model, state.images, state.rawLrs, labels, unroll, evalSeeds(cfg), heldOut).mean;
  const learnedLrs = Array.from(tf.tidy(() => tf.softplus(state.rawLrs).dataSync()));
  labels.dispose();
  disposeState(state);
  const baseline = {
    atDistillLr: randomRealBaseline(cfg, train, heldOut, DRAWS).mean,
    atLearnedLrs: randomRealBaseline(cfg, train, heldOut, DRAWS, learnedLrs).mean,
  };
  return { distilled, baseline, learnedLrs, firstLosses: mean(losses.slice(0, 20)), lastLosses: mean(losses.slice(-20)),
    seconds: (Date.now() - t0) / 1000 };
}

function assertLearns(t: TestContext, cfg: DistillConfig, margin: number): void {
  const o = distilAndEvaluate(cfg);
  const best = Math.max(o.baseline.atDistillLr, o.baseline.atLearnedLrs);
  const summary = `distilled ${o.distilled.toFixed(1)} %, ` +
    `random real ${o.baseline.atDistillLr.toFixed(1)} % (lr ${cfg.distillLr}) ` +
    `/ ${o.baseline.atLearnedLrs.toFixed(1)} % (learned lrs ${o.learnedLrs.map((v) => v.toFixed(3)).join(', ')}), ` +
    `outer loss ${o.firstLosses.toFixed(3)} → ${o.lastLosses.toFixed(3)}, ${o.seconds.toFixed(1)} s`;
  t.diagnostic(summary);
  assert.ok(o.lastLosses < o.firstLosses, `the outer loss did not fall: ${summary}`);
  assert.ok(o.distilled >= best + margin, `distilled set not ${margin} points above random real images: ${summary}`);
}

const base = { dataset: 'mnist', imagesPerClass: 1, distillSteps: 1, distillEpochs: 3, batchSize: 64, shards: 1,
  init: 'fixed', seed: 0 };

test('classical LeNet: 10 distilled images beat 10 random real ones on held-out test ' +
  'images, and the outer loss falls', (t) => {
  assertLearns(t,
    parseDistillConfig({ ...base, model: { kind: 'classical_lenet' }, distillLr: 0.1, lr: 0.05, epochs: 10 }), 12);
});

test('quantum LeNet (6 qubits, 3 layers, residual, Hermitian, frozen circuit angles): ' +
  '10 distilled images beat 10 random real ones on held-out test images, and the outer loss falls', (t) => {
  assertLearns(t, parseDistillConfig({ ...base, model: { kind: 'quantum_lenet', freezeCircuit: true }, distillLr: 0.1,
    lr: 0.05, updateClip: 1, epochs: 8 }), 8);
});
