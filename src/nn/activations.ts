/**
 * Element-wise activations whose gradients are differentiable again, correctly.
 *
 * - `relu`: TF.js's `tf.relu` already computes its gradient from the INPUT
 *   (dy · step(x), and step has a zero gradient), so its second derivative is right
 *   (zero away from 0); it is re-exported under our name for the layers.
 * - `safeExp`: TF.js's `tf.exp` gradient multiplies dy by the saved OUTPUT, which an outer
 *   differentiation then treats as a constant, so second derivatives through `tf.exp` are
 *   silently wrong. `safeExp`'s gradient recomputes exp from the input with `safeExp`
 *   itself: dy · safeExp(x), correct to any order.
 * Shapes: any; the result has the shape of the input.
 */
import * as tf from '@tensorflow/tfjs';

/** max(x, 0), any shape; the gradient dy · [x > 0] is differentiable (second derivative 0). */
export function relu<T extends tf.Tensor>(x: T): T {
  return tf.relu(x);
}

const expOp = tf.customGrad(((x: tf.Tensor, save: tf.GradSaveFunc) => {
  save([x]);
  return { value: tf.exp(x), gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, safeExp(saved[0])) };
}) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (x: tf.Tensor) => tf.Tensor;

/** eˣ, any shape, with a gradient that recomputes eˣ from x (correct to any order). */
export function safeExp<T extends tf.Tensor>(x: T): T {
  return expOp(x) as T;
}
