/**
 * How a stored result was computed: the numerics version (the only one of these its numbers
 * depend on), the source commit, the TF.js backend and the threads (1 + worker threads).
 * Recorded in every result.json (distillation runs, cached trainings).
 *
 * The source state is read once, when this module is loaded: a long process (a run queue) keeps
 * running the code it loaded even if the checkout moves on, so that is the commit it computed with.
 */
import * as tf from '@tensorflow/tfjs';
import { NUMERICS_VERSION } from '../numerics';
import { GitState, gitState } from '../util/git';

export interface Provenance {
  numericsVersion: number;
  git: GitState;
  backend: string;
  threads: number;
}

const loaded: GitState = (() => {
  try {
    return gitState();
  } catch {
    return { commit: null, dirty: null }; // not in a checkout
  }
})();

/** The provenance of a result computed by this process with `threads` threads. */
export function provenance(threads: number): Provenance {
  return { numericsVersion: NUMERICS_VERSION, git: loaded, backend: tf.getBackend() ?? 'none', threads };
}
