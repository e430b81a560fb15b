/**
 * Model selection on training data (`selectOnTrain` in the config): among the synthetic sets
 * of a run's evaluation points and its last set, the one whose trained networks score best on
 * the first n training images. The test set is never looked at.
 */
import { MetricsEvent, Selection, isEvalEvent } from './metrics';

export type { Selection };

/**
 * The best candidate: the intermediate evaluation events (with a `select` record, before
 * `last.iteration`) and `last`; highest accuracy, the latest on ties.
 */
export function bestSelection(events: readonly MetricsEvent[], last: Selection): Selection {
  let best = last;
  const candidates = events
    .filter(isEvalEvent)
    .filter((e) => e.select && !e.final && e.iteration < last.iteration)
    .map((e) => ({ iteration: e.iteration, ...e.select! }))
    .sort((a, b) => b.iteration - a.iteration); // latest first: ties keep the later set
  for (const c of candidates) if (c.accuracy > best.accuracy) best = c;
  return best;
}
