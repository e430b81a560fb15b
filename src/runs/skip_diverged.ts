/**
 * Diverged outer iterations. An iteration whose inner training or outer loss is not finite (a
 * `NonFiniteError`; the step leaves the state untouched) is skipped: the set stays as it was, the
 * iteration counter advances, so the next iteration draws its own initialisation, real batch and
 * window from the named streams (the run stays bitwise reproducible, and resumable anywhere), and
 * the skip is a line of metrics.jsonl (`SkipEvent`). With random initialisation a rare draw can
 * diverge on a set that trains unseen initialisations well: measured on notebook 06's random-init
 * pilot, iteration 2,056 of 2,457 diverged while 0 of 30 unseen initialisations diverge on the set
 * it started from, and the iterations after it are finite. More than `MAX_CONSECUTIVE_SKIPS` in a
 * row means the set itself diverges: the run stops as before.
 */
import { NonFiniteError } from '../util/errors';
import { MetricsEvent, SkipEvent, isSkipEvent } from './metrics';

/** Consecutive diverged iterations a run skips; one more stops it. */
export const MAX_CONSECUTIVE_SKIPS = 3;

/** The outcome of one iteration: a step, or a skip (`skipped`: why) with the state unchanged but its counter. */
export interface StepOutcome<S> {
  state: S;
  loss: number | null;
  skipped: string | null;
  /** Diverged iterations in a row, this one included. */
  streak: number;
}

/**
 * Runs `step` on `state`; a NonFiniteError skips the iteration (see module comment) unless `streak`
 * diverged iterations precede it already.
 * @throws the step's NonFiniteError, its message naming the streak, on the (MAX + 1)-th in a row;
 *   other errors as thrown
 */
export async function stepOrSkip<S extends { iteration: number }>(
  step: () => Promise<{ state: S; loss: number }>, state: S, streak: number,
): Promise<StepOutcome<S>> {
  try {
    const r = await step();
    return { state: r.state, loss: r.loss, skipped: null, streak: 0 };
  } catch (e) {
    if (!(e instanceof NonFiniteError)) throw e;
    if (streak >= MAX_CONSECUTIVE_SKIPS) {
      throw new NonFiniteError(`${e.message}; ${streak + 1} iterations in a row diverged`);
    }
    return { state: { ...state, iteration: state.iteration + 1 }, loss: null, skipped: e.message, streak: streak + 1 };
  }
}

/** Diverged iterations in a row that end at `iteration` (a resumed run continues their count). */
export function trailingSkips(events: ReadonlyArray<MetricsEvent | SkipEvent>, iteration: number): number {
  const skipped = new Set(events.filter(isSkipEvent).map((e) => e.iteration));
  let n = 0;
  while (skipped.has(iteration - n)) n++;
  return n;
}
