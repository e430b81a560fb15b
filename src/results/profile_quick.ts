/**
 * The `quick` profile (`profile.ts`): a smoke run of the whole pipeline in minutes on 2 cores. Its
 * accuracies are NOT comparable to the paper.
 */
import { Profile } from './profile_types';

export const QUICK: Profile = {
  name: 'quick',
  description: 'smoke run of the pipeline (small subsets, one seed); accuracies are not comparable to the paper; ' +
    'CIFAR-10 1 epoch; open questions with seed 0 only, 1 epoch; ' +
    'notebook 06: MNIST only, 1,024 images, batch 128, paper method 1 epoch, ' +
    'T = 6 inner steps with window 2 and clip 2, random-init layout of 4 steps of 1 image per class, ' +
    'Adam update clip 1, no model selection, 2 unseen initialisations, transfer on 200 test images',
  distill: {
    mnist: {
      epochs: 2, decayEpochs: 40, batchSize: 128, seeds: [0], trainLimit: 1024, testLimit: 1000, evalEvery: 8,
    },
    cifar10: {
      epochs: 1, decayEpochs: 40, batchSize: 128, seeds: [0], trainLimit: 1024, testLimit: 1000, evalEvery: 8,
      distillLr: 0.02,
    },
  },
  randomInit: {
    mnist: { epochs: 2, decayEpochs: 40, batchSize: 128, seeds: [0], trainLimit: 1024, testLimit: 1000, evalEvery: 8 },
    evalInits: 2,
  },
  fullData: {
    mnist: { epochs: 1, batchSize: 128, trainLimit: 2048, testLimit: 1000 },
    cifar10: { epochs: 1, batchSize: 128, trainLimit: 2048, testLimit: 1000 },
  },
  randomRealDraws: 1,
  // Half of Table I's 2 epochs: the 8-qubit run of notebook 11 alone took 57 s of the 10 minutes.
  openQuestions: {
    mnist: { epochs: 1, decayEpochs: 40, batchSize: 128, seeds: [0], trainLimit: 1024, testLimit: 1000, evalEvery: 4 },
    cifar10: null,
  },
  executionCost: {
    fullData: { epochs: 1, batchSize: 128, trainLimit: 2048, testLimit: 1000 },
    evalPoints: 4,
    subsetsPerClass: [1, 10],
    subsetEpochs: 10,
    shots: [100, 1000, 10000],
    shotTestLimit: 500,
  },
  kd: {
    trainLimit: 2000, testLimit: 500,
    teacher: { epochs: 8, batchSize: 128, lr: 0.1 },
    students: { epochs: 3, batchSize: 32, lr: 0.05, seeds: [0, 1] },
    lambda: 0.5, temperature: 2,
    selfDistill: { trainLimit: 1000, epochs: 10, seeds: [0, 1, 2], targetFraction: 0.9 },
    crossover: {
      distill: {
        epochs: 4, decayEpochs: 40, batchSize: 128, seeds: [0], trainLimit: 2048, testLimit: 500, evalEvery: 0,
      },
      epochs: 50,
    },
  },
  beyond: {
    mnist: {
      paper: {
        epochs: 1, decayEpochs: 40, batchSize: 128, seeds: [0], trainLimit: 1024, testLimit: 1000, evalEvery: 4,
      },
      unroll: { distillEpochs: 6, window: 2, clip: 2 },
      // Wang et al.'s layout shrunk to 4 steps (10 took 100 of the 10 minutes): the smoke run covers a layout of several
      // steps; its numbers mean nothing either way.
      randomLayout: { imagesPerClass: 1, distillSteps: 4, unroll: { distillEpochs: 4, window: 4, clip: 2 } },
    },
    cifar10: null,
    evalInits: 2, transferTestLimit: 200, selectOnTrain: 0, updateClip: 1,
  },
};
