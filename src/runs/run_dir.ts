/**
 * A run directory: what one `qdistill distill CONFIG` produces.
 *
 *   <run>/config.json     the validated config, the raw input, its hash, the training-set limit
 *   <run>/metrics.jsonl   one JSON line per event (see `./metrics`)
 *   <run>/checkpoint/     the latest checkpoint (see `./checkpoint`)
 *   <run>/snapshots/      the synthetic set at each intermediate evaluation (see `./snapshots`)
 *   <run>/final/          the distilled set and its final evaluation (see `./final_set`)
 *
 * A directory holds one run: creating a run where one exists is an error (resume it instead),
 * and resuming checks that the config given has the run's identity (`./identity`: the config
 * without result-neutral fields such as `checkpointEvery`, under the same numerics version).
 */
import * as fs from 'fs';
import * as path from 'path';
import { DistillConfig, parseDistillConfig } from '../distill/config';
import { readJson, writeJsonAtomic } from '../util/fs';
import { NUMERICS_VERSION } from '../numerics';
import { firstDifference, show } from './config_compare';
import { identityHash, runIdentity } from './identity';
import { RunSetupError } from './errors';

/** Format tag of config.json. */
export const RUN_FORMAT = 'qdistill-run/2';
/** The format of runs made before the numerics version existed (numerics version 1). */
const RUN_FORMAT_V1 = 'qdistill-run/1';

/** The files and folders of a run directory. */
export interface RunPaths {
  root: string;
  config: string;
  metrics: string;
  checkpoint: string;
  snapshots: string;
  final: string;
}

/** Paths of the run directory `root`. */
export function runPaths(root: string): RunPaths {
  const p = (name: string) => path.join(root, name);
  return {
    root,
    config: p('config.json'),
    metrics: p('metrics.jsonl'),
    checkpoint: p('checkpoint'),
    snapshots: p('snapshots'),
    final: p('final'),
  };
}

/** Contents of config.json. */
export interface RunInfo {
  format: string;
  /** The validated config (defaults filled in). */
  config: DistillConfig;
  /** The config as given. */
  input: unknown;
  /** The numerics version the run computes (`src/numerics.ts`). */
  numericsVersion: number;
  /** `identityHash(config)` (numerics version included), also recorded in every checkpoint. */
  configHash: string;
  /** Training examples used (the first n), or null for the whole training set. */
  trainLimit: number | null;
  /** Real examples per outer batch: `batchSize`, or the whole training set when that is smaller. */
  effectiveBatchSize?: number;
  created: string;
}

/** The default run directory of a config file: `runs/<file name without extension>`. */
export function defaultRunDir(configFile: string): string {
  return path.join('runs', path.basename(configFile, path.extname(configFile)));
}

/**
 * Checks that `root` can hold a run: no file where a folder of its path must be, and the nearest
 * existing folder writable (a read-only run directory or filesystem).
 * @throws RunSetupError naming the user's path and what is wrong there.
 */
export function checkRunDirPath(root: string): void {
  let p = path.resolve(root);
  while (!fs.existsSync(p)) p = path.dirname(p);
  if (!fs.statSync(p).isDirectory()) {
    throw new RunSetupError(`${root}: expected a folder path for the run, but ${p} is a file`);
  }
  try {
    fs.accessSync(p, fs.constants.W_OK);
  } catch (e) {
    throw new RunSetupError(`${root}: cannot write there: ${p} is not writable (${(e as NodeJS.ErrnoException).code})`);
  }
}

/**
 * Checks that a new run may be created in `root`: it does not exist, or is an empty folder.
 * @throws RunSetupError if `root` is a file, holds a run already, or is a non-empty folder.
 */
export function checkNewRunDir(root: string): void {
  if (!fs.existsSync(root)) return;
  if (!fs.statSync(root).isDirectory()) {
    throw new RunSetupError(`${root}: expected a run directory, received an existing file`);
  }
  if (fs.existsSync(runPaths(root).config)) {
    throw new RunSetupError(
      `${root} holds a run already: continue it with --resume, or choose another directory with --run-dir`,
    );
  }
  if (fs.readdirSync(root).length > 0) {
    throw new RunSetupError(
      `${root}: expected a new or empty directory for the run, ` +
        'received a non-empty folder without config.json; ' +
        'choose another directory with --run-dir',
    );
  }
}

/**
 * Checks, without writing anything, that `cfg` can start (`resume` false) or continue
 * (`resume` true) the run in `root`.
 * @throws RunSetupError saying what is wrong (see `checkNewRunDir`, `readRunInfo`, `checkSameRun`).
 */
export function preflightRunDir(root: string, cfg: DistillConfig, resume: boolean, trainLimit: number | null): void {
  checkRunDirPath(root);
  if (resume) checkSameRun(readRunInfo(root), root, cfg, trainLimit);
  else checkNewRunDir(root);
}

/**
 * Creates the run directory `root` (config.json and an empty metrics.jsonl).
 * @throws RunSetupError as `checkNewRunDir`.
 */
export function createRunDir(
  root: string,
  cfg: DistillConfig,
  input: unknown,
  trainLimit: number | null,
  nTrain?: number,
): RunInfo {
  const paths = runPaths(root);
  checkNewRunDir(root);
  fs.mkdirSync(root, { recursive: true });
  const info: RunInfo = {
    format: RUN_FORMAT,
    config: cfg,
    input,
    numericsVersion: NUMERICS_VERSION,
    configHash: identityHash(cfg),
    trainLimit,
    ...(nTrain === undefined ? {} : { effectiveBatchSize: Math.min(cfg.batchSize, nTrain) }),
    created: new Date().toISOString(),
  };
  writeJsonAtomic(paths.config, info);
  fs.writeFileSync(paths.metrics, '');
  return info;
}

/**
 * Reads and checks config.json of the run `root` (format, a config that validates to itself,
 * its hash).
 * @throws RunSetupError naming the file and field when it is missing or inconsistent.
 */
export function readRunInfo(root: string): RunInfo {
  const file = runPaths(root).config;
  if (!fs.existsSync(file)) {
    throw new RunSetupError(
      `${root}: expected a run directory holding config.json, ` +
        `found none (start a run with 'qdistill distill CONFIG --run-dir ${root}')`,
    );
  }
  let raw: Record<string, unknown>;
  try {
    raw = readJson(file) as Record<string, unknown>;
  } catch (e) {
    throw new RunSetupError((e as Error).message);
  }
  const version = raw?.format === RUN_FORMAT_V1 ? 1 : raw?.numericsVersion;
  if (
    raw !== null &&
    typeof raw === 'object' &&
    (raw.format === RUN_FORMAT_V1 || (raw.format === RUN_FORMAT && version !== NUMERICS_VERSION))
  ) {
    throw new RunSetupError(
      `${file}: numericsVersion: expected ${NUMERICS_VERSION} (this qdistill), received ${show(version)}; ` +
        'the run was computed with other numerics (src/numerics.ts), ' +
        'so it can be neither resumed nor reused: start a new run in another directory',
    );
  }
  if (raw === null || typeof raw !== 'object' || raw.format !== RUN_FORMAT) {
    throw new RunSetupError(`${file}: format: expected ${show(RUN_FORMAT)}, received ${show(raw?.format)}`);
  }
  const stored = raw.config as DistillConfig;
  let reparsed: DistillConfig;
  try {
    const model = { ...(stored.model as unknown as Record<string, unknown>) };
    delete model.input;
    reparsed = parseDistillConfig({ ...stored, model });
  } catch (e) {
    throw new RunSetupError(`${file}: config.${(e as Error).message}`);
  }
  const d = firstDifference(stored, reparsed);
  if (d) {
    throw new RunSetupError(
      `${file}: config.${d.field}: expected ${show(d.b)} (the validated value), received ${show(d.a)}`,
    );
  }
  if (raw.configHash !== identityHash(stored)) {
    throw new RunSetupError(
      `${file}: configHash: expected ${identityHash(stored)} (hash of config), ` +
        `received ${show(raw.configHash)}; was the file edited?`,
    );
  }
  const trainLimit = raw.trainLimit ?? null;
  if (trainLimit !== null && !(typeof trainLimit === 'number' && Number.isInteger(trainLimit) && trainLimit > 0)) {
    throw new RunSetupError(`${file}: trainLimit: expected null or a positive integer, received ${show(trainLimit)}`);
  }
  return {
    format: RUN_FORMAT,
    config: stored,
    input: raw.input,
    numericsVersion: NUMERICS_VERSION,
    configHash: raw.configHash as string,
    trainLimit: trainLimit as number | null,
    ...(typeof raw.effectiveBatchSize === 'number' ? { effectiveBatchSize: raw.effectiveBatchSize } : {}),
    created: String(raw.created),
  };
}

/**
 * Checks that a run may be resumed with `cfg` and `trainLimit`: the same identity (result-neutral
 * fields such as `checkpointEvery` may differ; the resumed run uses `cfg`'s).
 * @throws RunSetupError naming the first field where `cfg` differs from the run's config.
 */
export function checkSameRun(info: RunInfo, root: string, cfg: DistillConfig, trainLimit: number | null): void {
  const d = firstDifference(runIdentity(info.config).config, runIdentity(cfg).config);
  if (d) {
    throw new RunSetupError(
      `${d.field}: expected ${show(d.a)} as in the run's ${runPaths(root).config}, received ${show(d.b)}; ` +
        'resume with the config the run was started with, or start a new run in another directory',
    );
  }
  if (info.trainLimit !== trainLimit) {
    throw new RunSetupError(
      `trainLimit: expected ${show(info.trainLimit)} as in the run's ${runPaths(root).config}, ` +
        `received ${show(trainLimit)}`,
    );
  }
}
