/**
 * Transfer (notebook 06): a set distilled for the 6-qubit QLeNet R+H, with a fixed
 * initialisation (a set for one network) or with random ones (a set for the architecture), trains
 * unseen models. Each target model is trained on the set (its images, its labels: soft when it
 * learned them, its learned learning rates and its T inner steps) from `evalInits` unseen
 * initialisations (seeds of the `evalInit` stream of the run's seed, as a random-init run's
 * evaluation uses), and tested on the first `testLimit` test images; the accuracy is their mean.
 * A training that diverges (non-finite activations or parameters: the set's learned steps are too
 * large for that network) is recorded as NaN, `null` in the cache, and counted in `diverged`; the
 * accuracy is then the mean over the initialisations that did not diverge.
 * Results are cached in the run cache (`transfer/`), so an interrupted notebook keeps what it has.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { ImageDataset } from '../data/dataset';
import { DistillConfig } from '../distill/config';
import { trainOnDistilled } from '../distill/evaluate';
import { setLabels } from '../distill/labels';
import { evalSeeds } from '../distill/loop';
import { Params, disposeParams, initModel } from '../models';
import { modelTag, parseModelSpec } from '../models/spec';
import { accuracy } from '../train/accuracy';
import { NonFiniteError } from '../util/errors';
import { Row } from '../results/csv';
import { Profile } from '../results/profile';
import { meanStd } from '../util/spread';
import { loadSplits } from '../runs/datasets';
import { whileInterruptible } from '../runs/interrupt';
import { roundTo } from '../util/round';
import { overDraws } from '../util/spread';
import { METHOD_LABELS, settingKey, shapeLabel, usesSoftLabels } from './beyond_methods';
import { BeyondResult } from './beyond_study';
import { PlanProgress } from './progress';
import { runCacheDir } from '../results/paths';
import { DistilledSet, StoredSet, requireImages } from '../runs/final_set';
import { readJson, writeJsonAtomic } from '../util/fs';
import { cacheName } from './run_cache';
import { Variant } from './table1';

const q = (qubits: number, observable: string): Record<string, unknown> =>
  ({ kind: 'quantum_lenet', qubits, layers: 3, observable, residual: true });

/** The unseen models the QLeNet R+H sets train (its own architecture first, from unseen initialisations). */
export const TRANSFER_TARGETS: readonly Variant[] = [
  { key: 'q-res-hermitian-6q', label: 'QLeNet R+H, 6 qubits (unseen inits)', model: q(6, 'hermitian') },
  { key: 'q-res-hermitian-4q', label: 'QLeNet R+H, 4 qubits', model: q(4, 'hermitian') },
  { key: 'q-res-hermitian-8q', label: 'QLeNet R+H, 8 qubits', model: q(8, 'hermitian') },
  { key: 'q-res-pauliz-6q', label: 'QLeNet residual, PauliZ, 6 qubits', model: q(6, 'pauliz') },
  { key: 'classical', label: 'classical LeNet', model: { kind: 'classical_lenet' } },
];

/** The `n` unseen initialisation seeds of a run of seed `cfg.seed` (the `evalInit` stream). */
export const transferSeeds = (cfg: DistillConfig, n: number): number[] =>
  evalSeeds({ ...cfg, init: 'random', evalInits: n });

/**
 * Test accuracies (%) of `target` trained on `set` (distilled with `cfg`) from each of `seeds`,
 * on the first `limit` test images (all when null); NaN where the training diverged.
 */
export function transferAccuracies(set: DistilledSet, cfg: DistillConfig, target: Record<string, unknown>,
  seeds: readonly number[], test: ImageDataset, limit: number | null): number[] {
  const spec = parseModelSpec(target, cfg.dataset);
  const images = tf.tensor(set.images, set.shape), rawLrs = tf.tensor1d(set.rawLrs),
    labels = setLabels(cfg, set.labels);
  const o = { distillSteps: cfg.distillSteps, distillEpochs: cfg.distillEpochs };
  try {
    return seeds.map((seed) => {
      const p0 = initModel(spec, seed);
      let trained: Params | null = null;
      try {
        trained = trainOnDistilled(spec, p0, images, labels, rawLrs, o);
        if (!allFinite(Object.values(trained))) return NaN;
        return accuracy(spec, trained, test, { limit: limit ?? undefined });
      } catch (e) {
        if (e instanceof NonFiniteError) return NaN;
        throw e;
      } finally {
        disposeParams(p0);
        if (trained !== null) disposeParams(trained);
      }
    });
  } finally {
    tf.dispose([images, rawLrs, labels]);
  }
}

/** Whether every entry of every tensor is finite. */
function allFinite(ts: readonly tf.Tensor[]): boolean {
  return ts.every((t) => tf.tidy(() => tf.all(tf.isFinite(t)).dataSync()[0] === 1));
}

/** The cache file of one transfer cell under `profile`'s run cache: run folder, target model, seeds, limit. */
export function transferCacheFile(runDir: string, set: Pick<StoredSet, 'iteration'>, target: Record<string, unknown>,
  seeds: readonly number[], limit: number | null, profile: string) {
  const key = { run: path.basename(runDir), target, seeds, limit, iteration: set.iteration };
  return { key, file: path.join(runCacheDir(profile), 'transfer', `${cacheName('transfer', key)}.json`) };
}

/** The cached accuracies of one transfer cell (see `transferCached`), or null when not computed yet. */
export function readTransferCache(runDir: string, set: Pick<StoredSet, 'iteration'>, target: Record<string, unknown>,
  seeds: readonly number[], limit: number | null, profile: string): number[] | null {
  const { file } = transferCacheFile(runDir, set, target, seeds, limit, profile);
  if (!fs.existsSync(file)) return null;
  return (readJson(file) as { accuracies: Array<number | null> }).accuracies.map((a) => a ?? NaN); // null: diverged
}

/** `transferAccuracies`, cached under `profile`'s run cache by run folder, target model, seeds and limit. */
export function transferCached(runDir: string, set: StoredSet, cfg: DistillConfig, target: Record<string, unknown>,
  seeds: readonly number[], test: ImageDataset, limit: number | null,
  profile: string): { accuracies: number[]; reused: boolean } {
  const cached = readTransferCache(runDir, set, target, seeds, limit, profile);
  if (cached !== null) return { accuracies: cached, reused: true };
  const { key, file } = transferCacheFile(runDir, set, target, seeds, limit, profile);
  const accuracies = transferAccuracies(requireImages(set, runDir), cfg, target, seeds, test, limit);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  writeJsonAtomic(file, { key, accuracies });
  return { accuracies, reused: false };
}

export const TRANSFER_COLUMNS = [
  'dataset', 'source_model', 'init', 'images_per_class', 'distill_steps', 'method', 'soft_labels', 'seed', 'target',
  'accuracy', 'eval_inits', 'diverged', 'eval_inits_sample_std', 'test_examples',
] as const;

/** What a transfer needs of a computed run of notebook 06: its setting, its set and where it lives. */
export type TransferSource = Pick<BeyondResult, 'dataset' | 'variant' | 'init' | 'imagesPerClass' | 'distillSteps'
  | 'method' | 'seed'
  | 'set' | 'config' | 'runDir'>;

/** The runs whose sets are transferred: distilled for the 6-qubit QLeNet R+H (either initialisation). */
export const transferSources = <T extends Pick<TransferSource, 'config'>>(results: readonly T[]): T[] =>
  results.filter((r) => modelTag(r.config.model) === 'quantum-hermitian-res');

/** One source set × target: accuracies over the unseen initialisations. */
export interface TransferCell {
  source: TransferSource;
  target: Variant;
  accuracies: number[];
  testExamples: number;
}

/** Trains every target on every source set (cached; progress lines). */
export async function runTransfer(profile: Profile, results: readonly TransferSource[],
  o: { print?: (line: string) => void; targets?: readonly Variant[] } = {}): Promise<TransferCell[]> {
  return whileInterruptible(async () => {
    const targets = o.targets ?? TRANSFER_TARGETS, sources = transferSources(results);
    const plan = new PlanProgress(sources.length * targets.length, o.print);
    const tests = new Map<string, ImageDataset>();
    const cells: TransferCell[] = [];
    for (const s of sources) {
      if (!tests.has(s.dataset)) tests.set(s.dataset, loadSplits(s.dataset, { trainLimit: 1 }).test);
      const test = tests.get(s.dataset)!;
      const limit = profile.beyond.transferTestLimit;
      const seeds = transferSeeds(s.config, profile.beyond.evalInits);
      for (const target of targets) {
        plan.begin(`${s.dataset} ${s.init}-init set (${shapeLabel(s)}) of ${METHOD_LABELS[s.method]}, ` +
          `seed ${s.seed} → ${target.label}`);
        const r = transferCached(s.runDir, s.set, s.config, target.model, seeds, test, limit, profile.name);
        cells.push({ source: s, target, accuracies: r.accuracies, testExamples: Math.min(test.n, limit ?? test.n) });
        const what: [string, string] = ['unseen initialisation', 'unseen initialisations'];
        const ok = finite(r.accuracies), diverged = r.accuracies.length - ok.length;
        const said = ok.length ? overDraws(ok, what) : 'no accuracy';
        plan.end(diverged ? `${said}; the training diverged from ${diverged} of ${r.accuracies.length}` : said,
          r.reused);
      }
    }
    return cells;
  });
}

const meanOf = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
/** The accuracies of the initialisations whose training did not diverge. */
const finite = (xs: readonly number[]) => xs.filter(Number.isFinite);

/**
 * One row per source set × target (`accuracy`: mean over the unseen initialisations whose training did
 * not diverge, empty when all did; `diverged`: how many did).
 */
export function transferRows(cells: readonly TransferCell[]): Row[] {
  return cells.map((c) => {
    const ok = finite(c.accuracies);
    return {
      dataset: c.source.dataset, source_model: c.source.variant.key, init: c.source.init,
      images_per_class: c.source.imagesPerClass, distill_steps: c.source.distillSteps, method: c.source.method,
      soft_labels: usesSoftLabels(c.source.method), seed: c.source.seed, target: c.target.key,
      accuracy: ok.length ? roundTo(meanOf(ok), 2) : '', eval_inits: c.accuracies.length,
      diverged: c.accuracies.length - ok.length,
      eval_inits_sample_std: ok.length > 1 ? roundTo(meanStd(ok).std, 2) : '',
      test_examples: c.testExamples,
    };
  });
}

/**
 * The accuracy matrix: one row per dataset × setting (initialisation, layout of the set) × method
 * (sets of every seed), one column per target (the mean over seeds of the per-seed accuracies, over
 * the trainings that did not diverge; the rows of `transferRows` count those that did), and `seeds`.
 */
export function transferMatrix(cells: readonly TransferCell[],
  targets: readonly Variant[] = TRANSFER_TARGETS): { rows: Row[]; columns: string[] } {
  const rows = new Map<string, Row>();
  const sums = new Map<string, number[]>();
  for (const c of cells) {
    const k = `${settingKey(c.source)}|${c.source.method}`;
    if (!rows.has(k)) {
      rows.set(k, {
        dataset: c.source.dataset, init: c.source.init, images_per_class: c.source.imagesPerClass,
        distill_steps: c.source.distillSteps, method: c.source.method,
        soft_labels: usesSoftLabels(c.source.method), seeds: 0,
      });
    }
    const cell = `${k}/${c.target.key}`;
    const ok = finite(c.accuracies); // a seed whose every training diverged adds no value
    sums.set(cell, [...(sums.get(cell) ?? []), ...(ok.length ? [meanOf(ok)] : [])]);
  }
  for (const [k, row] of rows) {
    for (const t of targets) {
      const xs = sums.get(`${k}/${t.key}`) ?? [];
      row[t.key] = xs.length ? roundTo(meanOf(xs), 2) : '';
      row.seeds = Math.max(Number(row.seeds), xs.length);
    }
  }
  return {
    rows: [...rows.values()],
    columns: ['dataset', 'init', 'images_per_class', 'distill_steps', 'method', 'soft_labels', 'seeds',
      ...targets.map((t) => t.key)],
  };
}
