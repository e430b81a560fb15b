/**
 * The runs of the tracked run store (`runstore/<profile>/`, profiles `standard` and `paper`) are
 * computed on one TF.js backend, wasm. The numbers differ between backends (a matrix product on cpu
 * and on wasm differs in most elements), and neither a run's identity nor its folder name names the
 * backend, so a run computed or resumed on another one would be stored as if it were the wasm run and
 * break "bitwise the same on any machine". Reading a finished run is fine on any backend.
 */
import * as tf from '@tensorflow/tfjs';
import { STORED_PROFILES } from '../results/paths';

export const STORE_BACKEND = 'wasm';

/**
 * Throws unless this process may compute (or resume) a run of `profile`'s cache: any backend for a
 * profile outside the tracked store, wasm for `standard` and `paper`.
 * @param what the run, for the message
 */
export function checkStoreBackend(profile: string, what: string, backend: string = tf.getBackend()): void {
  if (!STORED_PROFILES.includes(profile) || backend === STORE_BACKEND) return;
  throw new Error(
    `${what}: runs of the tracked run store (profile ${profile}) are computed on the '${STORE_BACKEND}' ` +
      `backend, so that they are bitwise the same on any machine; this process uses '${backend}', whose ` +
      `numbers differ. Run it with QDISTILL_BACKEND=${STORE_BACKEND}.`,
  );
}
