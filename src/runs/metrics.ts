/**
 * metrics.jsonl: one JSON object per line, appended as the run goes.
 *
 *   {"iteration", "epoch", "loss", "lr", "seconds"}          after an outer iteration
 *   {"iteration", "epoch", "skipped", "seconds"}             after a skipped one (`skip_diverged.ts`:
 *     its inner training or loss was not finite; "skipped" says why; the set is unchanged)
 *   {"iteration", "eval": {accuracies, mean, std}, "test_examples"[, "final": true]}
 *     with `selectOnTrain`, also "select": {accuracy, train_examples} (intermediate points) or
 *     "selected": {iteration, accuracy, train_examples} (final line: the set evaluated)
 *
 * `iteration` counts completed outer iterations (1 after the first); `epoch` is the epoch of
 * the real data that iteration belonged to (from 0); `lr` its outer learning rate; `seconds`
 * the run's wall time so far (over all sessions). On resume, lines after the checkpoint's
 * iteration (and a partial last line) are dropped, so the file reads as one uninterrupted run.
 *
 * A finished run in a tracked run store may hold `metrics.jsonl.gz` instead (`compressMetrics`,
 * applied by `scripts/compact-store.js`): the same bytes, gzipped; `readMetrics` reads either.
 */
import * as fs from 'fs';
import * as zlib from 'zlib';
import { writeFileAtomic } from '../util/fs';

/** A candidate set: its iteration and its accuracy (%) on `train_examples` training images. */
export interface Selection {
  iteration: number;
  accuracy: number;
  train_examples: number;
}

/** Accuracies (%) of networks trained on the distilled set, one per initialisation. */
export interface EvalResult {
  accuracies: number[];
  mean: number;
  std: number;
}

export interface LossEvent {
  iteration: number;
  epoch: number;
  loss: number;
  lr: number;
  seconds: number;
}

export interface EvalEvent {
  iteration: number;
  eval: EvalResult;
  test_examples: number;
  final?: true;
  /** With `selectOnTrain`: the mean accuracy on the first `train_examples` training images. */
  select?: { accuracy: number; train_examples: number };
  /** Final line with `selectOnTrain`: the set chosen (see `selection.ts`). */
  selected?: Selection;
}

export type MetricsEvent = LossEvent | EvalEvent;

/** A skipped (diverged) outer iteration: `readEvents` only; `readMetrics` leaves it out. */
export interface SkipEvent {
  iteration: number;
  epoch: number;
  skipped: string;
  seconds: number;
}

export const isEvalEvent = (e: MetricsEvent): e is EvalEvent => 'eval' in e;
export const isSkipEvent = (e: MetricsEvent | SkipEvent): e is SkipEvent => 'skipped' in e;

/** The compressed form of the metrics file `file`. */
export const compressedMetrics = (file: string): string => `${file}.gz`;

/**
 * Appends one event as a JSON line.
 * @throws Error when the file was compressed (a finished run's metrics are never appended to).
 */
export function appendMetrics(file: string, event: MetricsEvent | SkipEvent): void {
  if (fs.existsSync(compressedMetrics(file))) {
    throw new Error(`${file}: expected an uncompressed metrics file to append to, ` +
      `received a compressed one (${compressedMetrics(file)}: a finished run)`);
  }
  fs.appendFileSync(file, JSON.stringify(event) + '\n');
}

/**
 * Replaces `file` by its gzipped copy `file.gz` (a plain gzip stream, level 9; `zcat` reads it),
 * written atomically before the original goes. Returns the bytes saved, 0 when there is no `file`.
 */
export function compressMetrics(file: string): number {
  if (!fs.existsSync(file)) return 0;
  const raw = fs.readFileSync(file);
  const gz = zlib.gzipSync(raw, { level: 9 });
  writeFileAtomic(compressedMetrics(file), gz);
  fs.rmSync(file);
  return raw.length - gz.length;
}

/**
 * The loss and evaluation events of a metrics file, in order (skipped iterations left out:
 * `readEvents` has them). An unterminated last line (a crash while appending) is ignored.
 * @throws Error naming the file and line of a malformed complete line.
 */
export function readMetrics(file: string): MetricsEvent[] {
  return readEvents(file).filter((e): e is MetricsEvent => !isSkipEvent(e));
}

/** Every event of a metrics file, skipped iterations included (see `readMetrics`). */
export function readEvents(file: string): Array<MetricsEvent | SkipEvent> {
  const gz = compressedMetrics(file);
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8')
    : fs.existsSync(gz) ? zlib.gunzipSync(fs.readFileSync(gz)).toString('utf8') : '';
  const lines = text.split('\n');
  lines.pop(); // '' after the final newline, or an unterminated partial line
  return lines.map((line, i) => {
    try {
      const e = JSON.parse(line) as MetricsEvent | SkipEvent;
      if (typeof e !== 'object' || e === null || !Number.isInteger(e.iteration)) {
        throw new Error('no integer "iteration"');
      }
      return e;
    } catch (err) {
      throw new Error(
        `${file}:${i + 1}: expected a JSON object with an integer "iteration", ` +
          `received ${JSON.stringify(line.slice(0, 80))} (${(err as Error).message})`,
      );
    }
  });
}

/** Rewrites the file keeping the events up to `iteration` (a final evaluation is dropped too). */
export function truncateMetrics(file: string, iteration: number): void {
  const kept = readEvents(file).filter((e) => e.iteration <= iteration && !('eval' in e && e.final));
  writeFileAtomic(file, kept.map((e) => JSON.stringify(e) + '\n').join(''));
}
