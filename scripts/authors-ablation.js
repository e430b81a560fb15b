#!/usr/bin/env node
/**
 * Which of the authors' three changes (frozen circuit, residual weight fixed at 0.5, real
 * observables) carries their model's lead over QLeNet R+H as the paper describes it? Prints, per
 * seed, the store runs of the ablation at the `standard` profile (MNIST, fixed initialisation,
 * hard labels): R+H; R+H with one change added (only the frozen circuit: notebook 03's run); the
 * authors' model with one change reverted (started by hand, `scripts/lanes.sh store`); the
 * authors' model. Finished runs give their final accuracy on the whole test set, unfinished ones
 * their latest evaluation (on 1,000 test images), how far they got, and R+H and the authors' model
 * at that same evaluation. Nothing is computed.
 *   node scripts/authors-ablation.js [SEED...]     (default: 1 2 3; after `make build`)
 */
const path = require('path');
const dist = path.join(__dirname, '..', 'dist');
const { storeRunConfig, runSpecDir } = require(path.join(dist, 'experiments'));
const { runProgress } = require(path.join(dist, 'experiments/run_progress'));
const { profileNamed } = require(path.join(dist, 'results/profile'));

const R_H = { kind: 'quantum_lenet', qubits: 6, layers: 3, observable: 'hermitian', residual: true };
const FROZEN = { freezeCircuit: true }, BETA = { residualBeta: 0.5 }, REAL = { hermitianForm: 'real' };
const VARIANTS = [
  ['R+H (the paper\'s description)', R_H],
  ['R+H + frozen circuit only', { ...R_H, ...FROZEN }],
  ['authors\' model − frozen circuit (angles train)', { ...R_H, ...BETA, ...REAL }],
  ['authors\' model − residual weight 0.5 (beta free)', { ...R_H, ...FROZEN, ...REAL }],
  ['authors\' model − real observables (complex)', { ...R_H, ...FROZEN, ...BETA }],
  ['authors\' model (frozen, beta 0.5, real)', { ...R_H, ...FROZEN, ...BETA, ...REAL }],
];

/** The accuracy of `p`'s curve at `iteration`, or null (not evaluated there). */
const at = (p, iteration) => p?.curve.find((c) => c.iteration === iteration)?.accuracy ?? null;

/**
 * `87.61 % (finished)`, `70.1 % at iteration 2300 (1000 test images)`, or `not started`
 * (`runProgress`); an unfinished run also shows R+H and the authors' model at the same evaluation
 * (same seed, schedule and test images), for a paired reading while it computes.
 */
function describe(p, rh, authors) {
  if (p === null) return 'not started';
  if (p.accuracy === null) return 'started, no evaluation yet';
  if (p.status === 'finished') return `${p.accuracy.toFixed(2)} % (finished)`;
  const refs = [['R+H', rh], ['authors', authors]].filter(([, r]) => r !== p && at(r, p.accuracyAt) !== null)
    .map(([name, r]) => `${name} ${at(r, p.accuracyAt).toFixed(1)}`);
  return `${p.accuracy.toFixed(1)} % at iteration ${p.accuracyAt} (${p.testExamples} test images` +
    `${refs.length ? `; there: ${refs.join(', ')}` : ''})`;
}

function main() {
  const seeds = process.argv.length > 2 ? process.argv.slice(2).map(Number) : [1, 2, 3];
  if (seeds.some((s) => !Number.isInteger(s) || s < 0)) {
    throw new Error(`expected seeds as non-negative integers, received ${process.argv.slice(2).join(' ')}`);
  }
  const profile = profileNamed('standard');
  for (const seed of seeds) {
    console.log(`seed ${seed} (standard profile, MNIST, 10 images, fixed initialisation):`);
    const runs = VARIANTS.map(([label, model]) => {
      const { cfg, scale } = storeRunConfig('mnist', model, seed, profile);
      const { trainLimit, testLimit } = scale;
      const spec = { kind: 'distill', label, cfg, trainLimit, testLimit, estimate: 0 };
      return { label, dir: path.basename(runSpecDir(spec, 'standard')), progress: runProgress(spec, 'standard') };
    });
    const [rh, authors] = [runs[0].progress, runs[runs.length - 1].progress];
    for (const r of runs) console.log(`  ${r.label.padEnd(52)} ${describe(r.progress, rh, authors)}   ${r.dir}`);
  }
}

try {
  main();
} catch (e) {
  console.error(`authors-ablation: ${e.message}`);
  process.exit(1);
}
