import * as tf from '@tensorflow/tfjs';

/**
 * `tf.tidy` with the callback's own return type: frees every intermediate tensor and keeps
 * the tensors reachable from the result (plain objects such as `State` or `Complex` included).
 */
export function tidy<T>(fn: () => T): T {
  return tf.tidy(fn as unknown as () => tf.TensorContainer) as unknown as T;
}
