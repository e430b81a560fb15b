/**
 * The config of one run started by hand in a run store (`scripts/store-distill.js`): a Table I
 * run of any model, optionally with learned soft labels, or one of notebook 06's methods
 * (`beyond_methods.ts`) for any model, so that the same command names the same run folder as the
 * notebooks do.
 */
import { DistillConfig } from '../distill/config';
import { DatasetName } from '../models/spec';
import { DistillScale, Profile } from '../results/profile_types';
import { BEYOND_METHODS, BeyondMethod, beyondConfig, methodCosts, methodScale } from './beyond_methods';
import { distillConfig } from './protocol';

export interface StoreRunOptions {
  /** Table I's run with learned soft labels (at the profile's epochs, or `epochs`). */
  learnLabels?: boolean;
  /** Epochs instead of the profile's (Table I) or of the method's equal-budget share (notebook 06). */
  epochs?: number;
  /** One of notebook 06's methods at its equal-budget epochs (`methodScale`), as notebook 06 runs it. */
  method?: BeyondMethod;
}

/** The run's config and the scale it uses (for its training and test limits). */
export function storeRunConfig(
  dataset: DatasetName,
  model: Record<string, unknown>,
  seed: number,
  profile: Profile,
  o: StoreRunOptions = {},
): { cfg: DistillConfig; scale: DistillScale } {
  if (o.epochs !== undefined && !(Number.isInteger(o.epochs) && o.epochs > 0)) {
    throw new Error(`epochs: expected a positive integer, received ${o.epochs}`);
  }
  if (o.method === undefined) {
    const scale = { ...profile.distill[dataset], ...(o.epochs === undefined ? {} : { epochs: o.epochs }) };
    const table1 = distillConfig(dataset, model, seed, scale, profile.name);
    return { cfg: o.learnLabels ? { ...table1, learnLabels: true } : table1, scale };
  }
  if (!BEYOND_METHODS.includes(o.method)) {
    throw new Error(`method: expected one of ${BEYOND_METHODS.join(', ')}, received ${o.method}`);
  }
  if (o.learnLabels) throw new Error("learnLabels: give a method ('soft', 'both') or learnLabels, not both");
  const ds = profile.beyond[dataset];
  if (ds === null) throw new Error(`profile ${profile.name} has no notebook-06 scale for ${dataset}`);
  let ratio: number;
  try {
    ratio = o.epochs === undefined
      ? methodCosts(dataset, model, ds).ratio[o.method]
      : ds.paper.epochs / o.epochs;
  } catch (e) {
    throw new Error(`${(e as Error).message}; or give the epochs yourself (--epochs=N)`);
  }
  const scale = methodScale(ds.paper, ratio);
  return { cfg: beyondConfig(dataset, model, seed, 'fixed', o.method, profile.beyond, scale, profile.name), scale };
}
