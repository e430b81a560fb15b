/**
 * The order in which a long profile's runs are computed when they take many sessions
 * (`scripts/run-queue.js`), so that the answers users wait for come first:
 * 0. Table I's full-data trainings (seconds each);
 * 1. for seeds 1 and 2, then for the later seeds:
 *    a. seed by seed, Table I's headline rows (notebooks 01, 02; fixed initialisation), the classical
 *       LeNet, QLeNet R+H and QLeNet R+H as the authors' code runs it (does it explain Table I's gap?
 *       Short: a frozen circuit), MNIST before CIFAR-10, so every seed adds a complete set; then that
 *       seed's run of notebook 06's headline target (QLeNet R+H on MNIST, fixed initialisation,
 *       learned soft labels, no truncation), so both issues get evidence early, its run of R+H
 *       with only the circuit frozen (notebook 03, MNIST): which of the authors' three changes
 *       explains their model's lead, and its run of notebook 06's strongest candidate for that
 *       target, soft labels with the truncated long unroll (the learned inner rates of the
 *       3-step protocol put nearly all their weight on one step: do more steps help?);
 *       the later seeds' headline rows themselves come right after seed 2's runs of (a), so the
 *       headline rows reach the 3 seeds first; between seed 3's MNIST and CIFAR-10 rows,
 *       seed 1's pilot of notebook 06's random-initialisation target (QLeNet R+H on MNIST in Wang et
 *       al.'s layout, 10 steps of 1 image per class, with learned soft labels and the truncated long
 *       unroll: at equal budget the full 30-step unroll gets about a quarter of its iterations):
 *       fixed-init sets transfer at chance even to their own architecture, so the random-init sets
 *       carry both the issue's >= 80 % target and the transfer question, and the pilot decides how
 *       notebook 06's remaining hundred hours are best spent; right after it, the classical LeNet in
 *       that layout (seed 1): with the paper method, Wang et al.'s own setting (is our distiller at
 *       their 79.5 % there?), then with the pilot's method (is the pilot's gap the quantum model's?);
 *    b. seed by seed, the rest of Table I (its other variants: claims 2-4), MNIST before CIFAR-10;
 *    so every claim has two seeds before any of those rows gets its third;
 * 2. everything else, in plan order.
 * Within a rank, runs keep their plan order after the sort keys.
 */
import { DistillConfig } from '../distill/config';
import { PlannedRun } from './notebook_runs';

const TABLE1 = ['01-table1-mnist.ipynb', '02-table1-cifar10.ipynb'];
/** Seeds up to this one come first for every Table I row. */
const EARLY_SEEDS = 2;

/**
 * Classical LeNet (0), QLeNet R+H (1: trainable Hermitian, residual, the paper's layer) or R+H as
 * the authors' code runs it (2), or null.
 */
function headlineModel(cfg: DistillConfig): 0 | 1 | 2 | null {
  const m = cfg.model;
  if (m.kind === 'classical_lenet') return 0;
  if (m.kind !== 'quantum_lenet') return null;
  const paperLayer = m.qubits === 6 && m.layers === 3 && !m.embedding && !m.hermitianQubits && !m.quanv;
  if (!paperLayer || m.observable !== 'hermitian' || !m.residual) return null;
  if (!m.freezeCircuit && m.residualBeta === undefined && m.hermitianForm !== 'real') return 1;
  return m.freezeCircuit && m.residualBeta === 0.5 && m.hermitianForm === 'real' ? 2 : null;
}

/** R+H (the paper's layer) with the circuit frozen and nothing else of the authors' model. */
function frozenOnly(cfg: DistillConfig): boolean {
  const m = cfg.model;
  if (m.kind !== 'quantum_lenet' || !m.freezeCircuit) return false;
  return headlineModel({ ...cfg, model: { ...m, freezeCircuit: false } }) === 1;
}

/** Rank and sort keys of one run (see module comment). */
function priority(r: PlannedRun): number[] {
  const inTable1 = r.notebooks.some((n) => TABLE1.includes(n));
  if (r.spec.kind !== 'distill') return inTable1 ? [0] : [2];
  const cfg = r.spec.cfg, dataset = cfg.dataset === 'mnist' ? 0 : 1, model = headlineModel(cfg);
  const late = cfg.seed > EARLY_SEEDS ? 1 : 0;
  const plain = !cfg.learnLabels && !cfg.truncate;
  if (inTable1 && cfg.init === 'fixed' && plain && model !== null) return [1, 0, 0, cfg.seed, dataset, model];
  if (cfg.dataset === 'mnist' && model === 1 && cfg.init === 'fixed' && cfg.learnLabels && !cfg.truncate) {
    return [1, late, 0, cfg.seed, 2, 0];
  }
  if (cfg.dataset === 'mnist' && cfg.init === 'fixed' && plain && frozenOnly(cfg)) return [1, late, 0, cfg.seed, 2, 1];
  if (cfg.dataset === 'mnist' && model === 1 && cfg.init === 'fixed' && cfg.learnLabels && cfg.truncate) {
    return [1, late, 0, cfg.seed, 2, 2];
  }
  // After seed 3's MNIST headline rows (keys [1, 0, 0, 3, 0, …]), before its CIFAR-10 ones ([1, 0, 0, 3, 1, …]).
  if (cfg.dataset === 'mnist' && model === 1 && cfg.init === 'random' && cfg.distillSteps > 1 && cfg.learnLabels
    && cfg.truncate && cfg.seed === 1) {
    return [1, 0, 0, 3, 0.5];
  }
  // Right after the pilot: the classical LeNet in the same layout, seed 1: Wang et al.'s own setting (paper method),
  // and the pilot's method beside it.
  if (cfg.dataset === 'mnist' && model === 0 && cfg.init === 'random' && cfg.distillSteps > 1 && cfg.seed === 1
    && (plain || (cfg.learnLabels && cfg.truncate))) {
    return [1, 0, 0, 3, 0.6, plain ? 0 : 1];
  }
  return inTable1 ? [1, late, 1, cfg.seed, dataset] : [2];
}

/** `runs` in the order above (a new array; stable within equal keys). */
export function prioritizedRuns(runs: readonly PlannedRun[]): PlannedRun[] {
  const keyed = runs.map((r, i) => ({ r, k: [...priority(r), i] }));
  keyed.sort((a, b) => {
    for (let j = 0; j < Math.min(a.k.length, b.k.length); j++) if (a.k[j] !== b.k[j]) return a.k[j] - b.k[j];
    return a.k.length - b.k.length;
  });
  return keyed.map((x) => x.r);
}
