/**
 * Whether a run's published number had stopped improving by its end (the Table I issue's test of
 * a budget: the published number gains < 1 point over the last 20 % of the run).
 *
 * What is published decides what is compared:
 * - with `selectOnTrain`, the best set so far by its accuracy on training images: the gain of that
 *   best-so-far training-image accuracy from the last evaluation at or before 80 % of the run to
 *   the end (the final line's chosen set, which may be the last one);
 * - without, the last set: its final accuracy (the final line, on the whole test set; else the
 *   last evaluation, on `evalTestLimit` images) minus the test accuracy of the last evaluation at or
 *   before 80 % of the run.
 */
import { EvalEvent, MetricsEvent, isEvalEvent } from './metrics';

export interface LateGain {
  /** Points gained over the last `fraction` of the run (negative: lost). */
  gain: number;
  /** 'train': best-so-far selection accuracy; 'test': the last set's test accuracy. */
  basis: 'train' | 'test';
  /** The evaluation compared with the end: the last one at or before (1 − fraction) · total. */
  from: number;
  /** The iteration of the end point (the final line's, when there is one and no selection). */
  to: number;
}

/** What a run publishes, as it stood at each evaluation: 'train' (best-so-far selection) or 'test' (last set). */
export interface PublishedCurve {
  basis: 'train' | 'test';
  /** [iteration, accuracy %] */
  at: Array<[number, number]>;
}

/** Points (iteration, accuracy) on the published basis (see module comment), from a run's metrics. */
export function publishedCurve(events: readonly MetricsEvent[]): PublishedCurve {
  return points(events.filter(isEvalEvent));
}

function points(all: EvalEvent[]): PublishedCurve {
  const evals = all.filter((e) => !e.final);
  const final = all.find((e) => e.final);
  if (evals.some((e) => e.select)) {
    let best = -Infinity;
    const at: Array<[number, number]> = [];
    for (const e of evals) {
      if (!e.select) continue;
      best = Math.max(best, e.select.accuracy);
      at.push([e.iteration, best]);
    }
    // The final line's choice is the best of every candidate, the last set included.
    if (final?.selected && at.length) at.push([final.iteration, Math.max(best, final.selected.accuracy)]);
    return { basis: 'train', at };
  }
  const at: Array<[number, number]> = evals.map((e) => [e.iteration, e.eval.mean]);
  return { basis: 'test', at: final ? [...at, [final.iteration, final.eval.mean]] : at };
}

/**
 * The late gain of a run of `total` iterations from its metrics, or null when no evaluation lies
 * at or before (1 − fraction) · total or none after it (too few evaluations to judge).
 */
export function lateGain(events: readonly MetricsEvent[], total: number, fraction = 0.2): LateGain | null {
  if (!(total > 0) || !(fraction > 0 && fraction < 1)) {
    throw new Error(`lateGain: expected total > 0 and 0 < fraction < 1, received ${total} and ${fraction}`);
  }
  const { basis, at } = publishedCurve(events);
  const cut = (1 - fraction) * total;
  const before = at.filter(([it]) => it <= cut);
  if (before.length === 0 || before.length === at.length) return null;
  const [from, a] = before[before.length - 1], [to, b] = at[at.length - 1];
  return { gain: b - a, basis, from, to };
}
