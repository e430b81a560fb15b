/**
 * TF.js backend selection: the one place that decides which backend runs.
 *
 * Order when nothing is requested: `tensorflow` (the optional `@tensorflow/tfjs-node`
 * native binding, fastest, installed on users' machines when libtensorflow is reachable),
 * else `wasm` (`@tensorflow/tfjs-backend-wasm`, SIMD, single-threaded in Node), else `cpu`
 * (plain JavaScript). The environment variable `QDISTILL_BACKEND` (tensorflow | wasm | cpu)
 * overrides the order; asking for a backend that cannot load is an error, not a silent
 * fallback. The choice is reported once on stderr (stdout stays clean for JSON output).
 *
 * Library code never depends on which backend is active: it only uses `@tensorflow/tfjs`
 * ops that all three implement.
 */
import * as tf from '@tensorflow/tfjs';
import { shareWasmIdentity } from './backend_identity';

export type BackendName = 'tensorflow' | 'wasm' | 'cpu';
export const BACKENDS: readonly BackendName[] = ['tensorflow', 'wasm', 'cpu'];
export const BACKEND_ENV = 'QDISTILL_BACKEND';

let reported = false;

/**
 * Silences the cpu backend's "Hi, looks like you are running TensorFlow.js in Node.js" banner,
 * printed once per process on first use (the backend is chosen deliberately here; the banner is
 * noise in logs, notebooks and the test output). Creates the cpu backend if needed.
 */
export function quietCpuBanner(): void {
  const cpu = tf.findBackend('cpu') as unknown as { firstUse?: boolean } | null;
  if (cpu !== null && 'firstUse' in cpu) cpu.firstUse = false;
}

/** Tries to register and activate one backend; resolves to false if it cannot load. */
export async function tryBackend(name: BackendName): Promise<boolean> {
  try {
    if (name === 'tensorflow') {
      // Optional dependency: absent where libtensorflow could not be downloaded.
      require('@tensorflow/tfjs-node');
    } else if (name === 'wasm') {
      require('@tensorflow/tfjs-backend-wasm');
    }
    if (tf.findBackend(name) === null && !tf.engine().registryFactory[name]) return false;
    if (name === 'wasm') shareWasmIdentity(); // see backend_identity.ts
    quietCpuBanner();
    return await tf.setBackend(name);
  } catch {
    return false;
  }
}

/** Why `name` cannot load when its package is absent: the optional `@tensorflow/tfjs-node`; else null. */
function missingPackage(name: BackendName): string | null {
  if (name !== 'tensorflow') return null;
  try {
    require.resolve('@tensorflow/tfjs-node');
    return null;
  } catch {
    return 'the optional package @tensorflow/tfjs-node is not installed';
  }
}

export interface InitBackendOptions {
  /** Backend to use; defaults to `process.env.QDISTILL_BACKEND`, else automatic. */
  backend?: string;
  /** Print the choice on stderr the first time (default true). */
  report?: boolean;
}

/**
 * Activates the backend (explicit option, else `QDISTILL_BACKEND`, else the first of
 * tensorflow → wasm → cpu that loads) and returns its name.
 * @throws if a backend was requested by name and cannot be loaded, or the name is unknown.
 */
export async function initBackend(options: InitBackendOptions = {}): Promise<BackendName> {
  const requested = (options.backend ?? process.env[BACKEND_ENV] ?? '').trim();
  let chosen: BackendName | null = null;
  if (requested !== '' && requested !== 'auto') {
    if (!(BACKENDS as readonly string[]).includes(requested)) {
      throw new Error(`${BACKEND_ENV}: expected one of ${BACKENDS.join(', ')} or auto, received '${requested}'`);
    }
    if (!(await tryBackend(requested as BackendName))) {
      const why = missingPackage(requested as BackendName);
      throw new Error(`backend '${requested}' was requested but could not be loaded${why ? `: ${why}` : ''}`);
    }
    chosen = requested as BackendName;
  } else {
    for (const name of BACKENDS) {
      if (await tryBackend(name)) {
        chosen = name;
        break;
      }
    }
  }
  if (chosen === null) throw new Error('no TF.js backend could be loaded (tried tensorflow, wasm, cpu)');
  if ((options.report ?? true) && !reported) {
    reported = true;
    process.stderr.write(`qdistill: TF.js backend '${chosen}'\n`);
  }
  return chosen;
}
