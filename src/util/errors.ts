/**
 * Raised when a computation meets NaN or ±Infinity (in features, a loss, or updated
 * parameters). Long runs catch it to stop cleanly and keep their last good checkpoint.
 */
export class NonFiniteError extends Error {
  override name = 'NonFiniteError';
}
