/**
 * The estimated duration of every reproduction notebook at a profile (printed by
 * `make reproduce` before it starts; each notebook also prints its own).
 */
import { Profile } from '../results/profile';
import { distillSeconds, trainSeconds } from './estimate';
import { RANDOM_INIT_VARIANTS } from './random_init';
import { STABILITY_VARIANTS } from './stability_study';
import { TABLE1_VARIANTS, Variant, estimateTable1 } from './table1';
import { BEST_ROW, EMBEDDING_VARIANTS, HERMITIAN_GROUP_VARIANTS, QUANV_VARIANTS } from './open_questions';
import { DistillScale } from '../results/profile';
import { estimateKdSeconds } from './kd_study';
import { estimateSelfDistillSeconds } from './self_distill';

/** Seconds of the variants' runs that are not the Table I best row (that one is cached by 01). */
const studySeconds = (variants: readonly Variant[], dataset: 'mnist' | 'cifar10', scale: DistillScale | null) =>
  scale === null ? 0 : variants.filter((v) => v.key !== BEST_ROW.key).reduce((s, v) => s + scale.seeds.length * distillSeconds(dataset, v.model, scale), 0);

/** Seconds per notebook on the reference machine, runs shared through the cache counted once. */
export function estimateNotebooks(profile: Profile): Record<string, number> {
  const mnist = profile.distill.mnist, rnd = profile.randomInit.mnist;
  const extra = STABILITY_VARIANTS.filter((v) => !TABLE1_VARIANTS.includes(v));
  return {
    '01-table1-mnist.ipynb': estimateTable1('mnist', profile),
    '02-table1-cifar10.ipynb': estimateTable1('cifar10', profile),
    '03-stability-hermitian.ipynb': extra.reduce((s, v) => s + mnist.seeds.length * distillSeconds('mnist', v.model, mnist), 0),
    '04-random-init.ipynb': RANDOM_INIT_VARIANTS.reduce((s, v) => s + rnd.seeds.length * distillSeconds('mnist', v.model, rnd), 0),
    '05-quantum-execution-cost.ipynb': executionCostSeconds(profile),
    '10-oq1-quanvolution.ipynb': studySeconds(QUANV_VARIANTS, 'mnist', profile.openQuestions.mnist),
    '11-oq2-angle-embedding.ipynb': studySeconds(EMBEDDING_VARIANTS, 'mnist', profile.openQuestions.mnist),
    '12-oq3-multiqubit-hermitian.ipynb': studySeconds(HERMITIAN_GROUP_VARIANTS, 'mnist', profile.openQuestions.mnist) +
      studySeconds(HERMITIAN_GROUP_VARIANTS, 'cifar10', profile.openQuestions.cifar10),
    '20-kd-teacher-student.ipynb': estimateKdSeconds(profile),
    '21-self-distillation.ipynb': estimateSelfDistillSeconds(profile),
  };
}

/** Notebook 05: full-data training with its evaluations, the subsets, the finite-shot evaluations. */
function executionCostSeconds(profile: Profile): number {
  const c = profile.executionCost;
  const evals = c.evalPoints * (c.fullData.testLimit ?? 10000) * 0.0004;
  const subsets = c.subsetsPerClass.reduce((s, k) => s + c.subsetEpochs * 10 * k * 0.0005, 0);
  return 2 * trainSeconds('mnist', c.fullData) + evals + subsets + 2 * c.shots.length * c.shotTestLimit * 0.001;
}
