/**
 * `qdistill train CONFIG`: the full-data baseline (`src/train/full.ts`): trains the config's
 * model on the whole training set with Adam, progress and ETA on stderr, and prints the test
 * accuracy on stdout. $QDISTILL_TRAIN_LIMIT / $QDISTILL_TEST_LIMIT cut the data for quick trials.
 */
import { rateText } from '../runs/eta';
import { loadSplits } from '../runs/datasets';
import { TrainConfig, parseTrainConfig } from '../train/config';
import { trainFull } from '../train/full';
import { NonFiniteError } from '../util/errors';
import { expectPositionals, parseArgsOrHelp } from './args';
import { TEST_LIMIT_ENV, TRAIN_LIMIT_ENV, envLimit, readConfigFile } from './distill_command';
import { CliError, EXIT_FAILURE } from './errors';
import { Ticker, ticker } from './progress';
import { BACKEND_OPTION, startBackend } from './start_backend';
import { TRAIN_USAGE } from './usage';

const OPTIONS = { ...BACKEND_OPTION, json: { type: 'boolean' } } as const;

/** Runs `qdistill train` with the arguments after the command name. */
export async function trainCommand(argv: readonly string[]): Promise<void> {
  const args = parseArgsOrHelp(argv, OPTIONS, TRAIN_USAGE);
  if (args === null) return;
  const [file] = expectPositionals(args, 1, 1, 'one CONFIG file');
  const { cfg } = readConfigFile<TrainConfig>(file, parseTrainConfig);
  const trainLimit = envLimit(TRAIN_LIMIT_ENV), testLimit = envLimit(TEST_LIMIT_ENV);
  await startBackend(args.options.backend);
  const { train, test } = loadSplits(cfg.dataset, { trainLimit });
  const label = 'qdistill train';
  if (cfg.batchSize > train.n) {
    process.stderr.write(
      `${label}: warning: batchSize ${cfg.batchSize} exceeds the ${train.n} training examples; ` +
        `every batch is all ${train.n} of them (one step per epoch)\n`,
    );
  }
  let bar = null as Ticker | null;
  let result;
  try {
    result = await trainFull(cfg, train, test, {
      testLimit: testLimit ?? undefined,
      onProgress: (p) =>
        (bar ??= ticker(label, p.totalSteps)).update(
          p.step,
          `epoch ${p.epoch + 1}/${cfg.epochs}, ` +
            `${rateText(p.secondsPerStep, p.etaSeconds, 'batch')}, ` +
            `loss ${p.loss.toPrecision(4)}`,
        ),
    });
  } catch (e) {
    throw e instanceof NonFiniteError ? new CliError(e.message, EXIT_FAILURE) : e;
  } finally {
    bar?.end();
  }
  if (args.options.json) {
    process.stdout.write(
      JSON.stringify({
        accuracy: result.accuracy,
        test_examples: result.test_examples,
        train_examples: result.train_examples,
        epochs: cfg.epochs,
        epoch_losses: result.epochLosses,
        seconds: result.seconds,
      }) + '\n',
    );
    return;
  }
  process.stdout.write(
    `${file}: test accuracy ${result.accuracy.toFixed(2)} % (${cfg.model.kind} ` +
      `on ${cfg.dataset}, ${cfg.epochs} epoch${cfg.epochs === 1 ? '' : 's'} ` +
      `on ${result.train_examples} training examples, ${result.test_examples} test examples)\n`,
  );
}
