/**
 * The shape of an experiment profile (`profile.ts` holds the three profiles): the scale of each
 * kind of run the notebooks compute.
 */
export const PROFILE_NAMES = ['quick', 'standard', 'paper'] as const;
export type ProfileName = (typeof PROFILE_NAMES)[number];
export const PROFILE_ENV = 'QDISTILL_PROFILE';

/** Scale of the distillation runs of one dataset. */
export interface DistillScale {
  /** Epochs over the (possibly limited) training set. */
  epochs: number;
  /** The outer learning rate halves every this many epochs. */
  decayEpochs: number;
  /** Real batch size of the outer loss. */
  batchSize: number;
  /** Seeds of the repeated runs (each seed: its own initialisation and synthetic set). */
  seeds: number[];
  /** Use only the first n training examples (null: all). */
  trainLimit: number | null;
  /** Test examples of the final evaluation (null: the whole test set). */
  testLimit: number | null;
  /** Evaluate (on 1,000 test examples) every this many iterations (0: only at the end). */
  evalEvery: number;
  /**
   * Initial inner learning rate, overriding the protocol's (CIFAR-10: the original 0.001 needs
   * hundreds of iterations before the learned rates move the network at all, more than a short
   * profile has).
   */
  distillLr?: number;
  /** Adam update clipping (`updateClip` of the run config; absent: none, the paper's Adam). */
  updateClip?: number;
  /** Model selection on the first n training images (`selectOnTrain`; absent: the last set). */
  selectOnTrain?: number;
}

/** Scale of the ordinary full-data training baseline. */
export interface FullDataScale {
  epochs: number;
  batchSize: number;
  trainLimit: number | null;
  testLimit: number | null;
}

/** Scale of notebook 05 (cost of quantum executions). */
export interface ExecutionCostScale {
  /** Full-data training of the quantum LeNet, evaluated at `evalPoints` evenly spaced steps. */
  fullData: FullDataScale;
  evalPoints: number;
  /** Random real subsets: images per class, each trained `subsetEpochs` epochs (batch ≤ 128). */
  subsetsPerClass: number[];
  subsetEpochs: number;
  /** Finite-shot evaluations (shots per expectation) on the first `shotTestLimit` test images. */
  shots: number[];
  shotTestLimit: number;
}

/** Adam training of one QNN classifier on pooled MNIST (notebooks 20-21). */
export interface KdTrainScale {
  epochs: number;
  batchSize: number;
  /** Adam learning rate (betas 0.9 / 0.999). */
  lr: number;
}

/** Scale of the knowledge-distillation notebooks 20-21 (QNN classifiers on pooled MNIST). */
export interface KdScale {
  /** First n MNIST training examples (null: all) and test examples evaluated after every epoch (null: all). */
  trainLimit: number | null;
  testLimit: number | null;
  /** The 8-qubit × 4-layer teacher (seed 0, cross-entropy). */
  teacher: KdTrainScale;
  /** The students 4-6 qubits × 1-2 layers, each trained with and without the teacher per seed. */
  students: KdTrainScale & { seeds: number[] };
  /** KD weight λ and temperature T (notebooks 20 and 21). */
  lambda: number;
  temperature: number;
  /**
   * Notebook 21: students trained plain, taught by their previous-epoch snapshot, or by a trained
   * same-size copy (`trainLimit` examples; batch size and lr of `students`); the target accuracy
   * is `targetFraction` × the plain model's final accuracy (per seed).
   */
  selfDistill: { trainLimit: number | null; epochs: number; seeds: number[]; targetFraction: number };
  /**
   * Cross-over (notebook 20): MNIST distilled for the 6q×2L student with the Table I protocol at
   * `distill` scale, then the student trained `epochs` Adam epochs (full batch) on the distilled set.
   */
  crossover: { distill: DistillScale; epochs: number };
}

/** The long inner training of the truncated methods (notebook 06): T = distillSteps × distillEpochs. */
export interface BeyondUnroll {
  /** Passes over the synthetic groups (T itself for the protocol's one group). */
  distillEpochs: number;
  /** Differentiated inner steps M of each outer iteration (`truncate.window`). */
  window: number;
  /** Outer-gradient clipping at k × the running mean norm (`truncate.clip`). */
  clip: number;
}

/** One dataset of notebook 06. */
export interface BeyondDataset {
  /**
   * The paper method's scale (hard labels, the protocol's 3 inner steps): its epochs are the
   * wall-clock budget every other method gets, converted with measured cost ratios
   * (`beyond_costs.ts`); its seeds are the study's seeds.
   */
  paper: DistillScale;
  unroll: BeyondUnroll;
  /**
   * A further random-initialisation setting, for every model and method: the layout of the
   * issue's random-init reference (Wang et al.'s LeNet, 79.5 ± 8.1 % with 100 MNIST images, their
   * code's defaults: 10 steps of 1 image per class, 3 passes: 30 inner steps). Its runs get the
   * fixed-initialisation paper method's wall-clock budget too.
   */
  randomLayout?: BeyondLayout;
}

/**
 * The synthetic-set layout of a notebook-06 setting: `distillSteps` groups of `imagesPerClass`
 * images per class (the paper method trains the protocol's 3 passes over them), and the long
 * inner training of its truncated methods.
 */
export interface BeyondLayout {
  imagesPerClass: number;
  distillSteps: number;
  unroll: BeyondUnroll;
}

/**
 * Scale of notebook 06 ("beyond the paper": learned soft labels and truncated long unrolls at
 * equal wall-clock budget, and transfer of the distilled sets to unseen models).
 */
export interface BeyondScale {
  mnist: BeyondDataset;
  /** Null: this profile skips CIFAR-10. */
  cifar10: BeyondDataset | null;
  /** Unseen initialisations of the random-initialisation runs and of the transfer evaluation. */
  evalInits: number;
  /** Test images of the transfer evaluation (null: all). */
  transferTestLimit: number | null;
  /** Model selection on the first n training images (`selectOnTrain`; 0: off, the last set). */
  selectOnTrain: number;
  /** Adam update clipping (`updateClip`) of every method. */
  updateClip: number;
}

export interface Profile {
  name: ProfileName;
  /** One sentence for notebook headers and manifests. */
  description: string;
  distill: { mnist: DistillScale; cifar10: DistillScale };
  /** Random-initialisation protocol (notebook 04): its run scale and unseen evaluation inits. */
  randomInit: { mnist: DistillScale; evalInits: number };
  fullData: { mnist: FullDataScale; cifar10: FullDataScale };
  /** Draws of the random-real-images baseline per seed. */
  randomRealDraws: number;
  /**
   * Open-question notebooks 10-12: distillation of quantum LeNet variants. In `standard` and
   * `paper` the MNIST scale equals Table I's, so the Table I best row is reused from the run cache,
   * not recomputed (`quick` halves it, a smoke test); CIFAR-10 (notebook 12 only) runs in
   * `standard` and `paper`.
   */
  openQuestions: { mnist: DistillScale; cifar10: DistillScale | null };
  executionCost: ExecutionCostScale;
  kd: KdScale;
  /** Notebook 06: the paper method vs soft labels vs truncated long unrolls, equal budget. */
  beyond: BeyondScale;
}
