/**
 * `qdistill eval RUN_DIR [--test-limit N]`: re-evaluates a run's distilled set (`final/`, or
 * the latest checkpoint of an unfinished run): trains a network from each of the config's
 * evaluation initialisations on it and prints the test accuracy, mean ± std, on stdout.
 */
import * as tf from '@tensorflow/tfjs';
import { evaluateDistilled } from '../distill/evaluate';
import { randomRealBaseline } from '../distill/baselines';
import { loadSplit } from '../distill/datasets';
import { evalSeeds } from '../distill/loop';
import { setLabels } from '../distill/labels';
import { RunSetupError } from '../runs/errors';
import { overDraws } from '../util/spread';
import { DistilledSet, readDistilledSet } from '../runs/final_set';
import { RunInfo, readRunInfo, runPaths } from '../runs/run_dir';
import { expectPositionals, parseArgsOrHelp } from './args';
import { usageError } from './errors';
import { ticker } from './progress';
import { BACKEND_OPTION, startBackend } from './start_backend';
import { EVAL_USAGE } from './usage';

const OPTIONS = {
  ...BACKEND_OPTION,
  'test-limit': { type: 'integer', min: 1 },
  'random-real': { type: 'integer', min: 1 },
  json: { type: 'boolean' },
} as const;

/** Runs `qdistill eval` with the arguments after the command name. */
export async function evalCommand(argv: readonly string[]): Promise<void> {
  const args = parseArgsOrHelp(argv, OPTIONS, EVAL_USAGE);
  if (args === null) return;
  const [runDir] = expectPositionals(args, 1, 1, 'one RUN_DIR');
  const setupError = (e: unknown) => (e instanceof RunSetupError ? usageError(e.message) : e);
  let info: RunInfo, set: DistilledSet;
  try {
    info = readRunInfo(runDir);
  } catch (e) {
    throw setupError(e);
  }
  // Before reading the set: a checkpoint is read into tensors, which would start TF.js's default backend.
  await startBackend(args.options.backend);
  try {
    set = readDistilledSet(runPaths(runDir), info.config, info.configHash);
  } catch (e) {
    throw setupError(e);
  }
  const cfg = info.config;
  const test = loadSplit(cfg.dataset, 'test');
  const limit = Math.min(test.n, (args.options['test-limit'] as number | undefined) ?? test.n);
  const seeds = evalSeeds(cfg);
  process.stderr.write(
    `qdistill eval: training ${seeds.length} network${seeds.length === 1 ? '' : 's'} ` +
      `on the distilled set (${set.source}, iteration ${set.iteration}` +
      `${set.labels ? ', learned soft labels' : ''}) and testing on ${limit} examples…\n`,
  );
  const images = tf.tensor(set.images, set.shape, 'float32');
  const rawLrs = tf.tensor1d(set.rawLrs, 'float32');
  const labels = setLabels(cfg, set.labels);
  let r;
  try {
    r = evaluateDistilled(
      cfg.model,
      images,
      rawLrs,
      labels,
      { distillSteps: cfg.distillSteps, distillEpochs: cfg.distillEpochs },
      seeds,
      test,
      limit,
    );
  } finally {
    tf.dispose([images, rawLrs, labels]);
  }
  const draws = args.options['random-real'] as number | undefined;
  let baseline: ReturnType<typeof randomRealBaseline> | null = null;
  if (draws !== undefined) {
    process.stderr.write(
      `qdistill eval: random-real baseline, ${draws} draw${draws === 1 ? '' : 's'} ` +
        `of ${cfg.imagesPerClass * cfg.distillSteps} real images per class (lr ${cfg.distillLr})…\n`,
    );
    const train = loadSplit(cfg.dataset, 'train', { limit: info.trainLimit ?? undefined });
    const bar = ticker('qdistill eval: random-real baseline', draws);
    try {
      baseline = randomRealBaseline(cfg, train, test, draws, cfg.distillLr, limit, (d) => bar.update(d, 'draws'));
    } finally {
      bar.end();
    }
  }
  if (args.options.json) {
    process.stdout.write(
      JSON.stringify({
        run_dir: runDir,
        source: set.source,
        iteration: set.iteration,
        eval: r,
        test_examples: limit,
        seeds,
        random_real: baseline,
      }) + '\n',
    );
    return;
  }
  const list = r.accuracies.map((a) => a.toFixed(2)).join(', ');
  process.stdout.write(
    `${runDir} (${set.source}, iteration ${set.iteration}): test accuracy ` +
      `${overDraws(r.accuracies, ['initialisation', 'initialisations'])} ` +
      `[${list}]; ${limit} test examples\n`,
  );
  if (baseline) {
    const acc = overDraws(baseline.accuracies, ['network', 'networks']);
    process.stdout.write(`random real images, same count: test accuracy ${acc}\n`);
  }
}
