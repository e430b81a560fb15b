/**
 * Backend start-up for commands that compute: `--backend NAME`, else $QDISTILL_BACKEND, else
 * automatic (see `src/backend.ts`). The choice is reported once on stderr.
 */
import { BACKENDS, BACKEND_ENV, BackendName, initBackend } from '../backend';
import { CliError, EXIT_FAILURE, usageError } from './errors';

/** The `--backend` option shared by the computing commands. */
export const BACKEND_OPTION = { backend: { type: 'string', placeholder: 'NAME' } } as const;

/**
 * Activates the backend.
 * @param requested the `--backend` value, if any
 * @throws CliError exit 2 for an unknown backend name, exit 1 when a named backend cannot load.
 */
export async function startBackend(requested?: string | number | boolean): Promise<BackendName> {
  const fromFlag = typeof requested === 'string';
  const name = (fromFlag ? (requested as string) : process.env[BACKEND_ENV] ?? '').trim();
  if (name !== '' && name !== 'auto' && !(BACKENDS as readonly string[]).includes(name)) {
    const source = fromFlag ? '--backend' : BACKEND_ENV;
    throw usageError(`${source}: expected one of ${BACKENDS.join(', ')} or auto, received '${name}'`);
  }
  try {
    return await initBackend({ backend: name });
  } catch (e) {
    throw new CliError((e as Error).message, EXIT_FAILURE);
  }
}
