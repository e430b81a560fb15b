/**
 * The estimated duration of every reproduction notebook at a profile (printed by
 * `make reproduce` before it starts; each notebook also prints its own).
 */
import { Profile } from '../results/profile';
import { distillSeconds } from './estimate';
import { RANDOM_INIT_VARIANTS } from './random_init';
import { STABILITY_VARIANTS } from './stability_study';
import { TABLE1_VARIANTS, estimateTable1 } from './table1';

/** Seconds per notebook on the reference machine, runs shared through the cache counted once. */
export function estimateNotebooks(profile: Profile): Record<string, number> {
  const mnist = profile.distill.mnist, rnd = profile.randomInit.mnist;
  const extra = STABILITY_VARIANTS.filter((v) => !TABLE1_VARIANTS.includes(v));
  return {
    '01-table1-mnist.ipynb': estimateTable1('mnist', profile),
    '02-table1-cifar10.ipynb': estimateTable1('cifar10', profile),
    '03-stability-hermitian.ipynb': extra.reduce((s, v) => s + mnist.seeds.length * distillSeconds('mnist', v.model, mnist), 0),
    '04-random-init.ipynb': RANDOM_INIT_VARIANTS.reduce((s, v) => s + rnd.seeds.length * distillSeconds('mnist', v.model, rnd), 0),
  };
}
