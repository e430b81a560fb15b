/**
 * metrics.jsonl: one JSON object per line, appended as the run goes.
 *
 *   {"iteration", "epoch", "loss", "lr", "seconds"}          after an outer iteration
 *   {"iteration", "eval": {accuracies, mean, std}, "test_examples"[, "final": true]}
 *     with `selectOnTrain`, also "select": {accuracy, train_examples} (intermediate points) or
 *     "selected": {iteration, accuracy, train_examples} (final line: the set evaluated)
 *
 * `iteration` counts completed outer iterations (1 after the first); `epoch` is the epoch of
 * the real data that iteration belonged to (from 0); `lr` its outer learning rate; `seconds`
 * the run's wall time so far (over all sessions). On resume, lines after the checkpoint's
 * iteration (and a partial last line) are dropped, so the file reads as one uninterrupted run.
 */
import * as fs from 'fs';
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

export const isEvalEvent = (e: MetricsEvent): e is EvalEvent => 'eval' in e;

/** Appends one event as a JSON line. */
export function appendMetrics(file: string, event: MetricsEvent): void {
  fs.appendFileSync(file, JSON.stringify(event) + '\n');
}

/**
 * The events of a metrics file, in order. An unterminated last line (a crash while
 * appending) is ignored.
 * @throws Error naming the file and line of a malformed complete line.
 */
export function readMetrics(file: string): MetricsEvent[] {
  const text = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  const lines = text.split('\n');
  lines.pop(); // '' after the final newline, or an unterminated partial line
  return lines.map((line, i) => {
    try {
      const e = JSON.parse(line) as MetricsEvent;
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
  const kept = readMetrics(file).filter((e) => e.iteration <= iteration && !(isEvalEvent(e) && e.final));
  writeFileAtomic(file, kept.map((e) => JSON.stringify(e) + '\n').join(''));
}
