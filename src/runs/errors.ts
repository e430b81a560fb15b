/**
 * Errors of run directories that are the user's to fix (wrong directory, `--resume` missing or
 * superfluous, a config that differs from the run's): the CLI reports them with exit code 2.
 * Failures while computing (e.g. `NonFiniteError`) stay ordinary errors (exit code 1).
 */
export class RunSetupError extends Error {
  override name = 'RunSetupError';
}
