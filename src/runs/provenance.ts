/**
 * How a stored result was computed: the numerics version (the only one of these its numbers
 * depend on), the source commit, the TF.js backend and the threads (1 + worker threads).
 * Recorded in every result.json (distillation runs, cached trainings).
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

/** The provenance of a result computed now by this process with `threads` threads. */
export function provenance(threads: number): Provenance {
  return { numericsVersion: NUMERICS_VERSION, git: gitState(), backend: tf.getBackend() ?? 'none', threads };
}
