/**
 * Ops defined as a registered kernel plus a registered gradient (public TF.js API), and a
 * zero-gradient wrapper.
 *
 * Why not `tf.customGrad`: a customGrad gradient computes the gradients of ALL inputs,
 * whereas a registered gradient is a map of thunks and TF.js calls only those of inputs on
 * the path to what is differentiated (e.g. no dx for a first layer fed with real data).
 * Written with differentiable ops, a thunk is itself differentiated when the backward pass
 * runs under an outer `tf.grad` (higher order).
 */
import * as tf from '@tensorflow/tfjs';

/** A thunk per input name, computing that input's gradient from dy, the saved inputs and the attributes. */
export type LazyGrad = (
  dy: tf.Tensor,
  saved: tf.Tensor[],
  attrs: Record<string, unknown>,
) => Record<string, () => tf.Tensor>;

export interface DelegatingOp {
  /** Name of the new kernel (unique, e.g. `QdistillConv2D`). */
  name: string;
  /** The built-in kernel that computes the forward pass on every backend (e.g. `Conv2D`). */
  builtin: string;
  /** Maps this op's attributes to the built-in kernel's attributes. */
  attrs: (a: Record<string, unknown>) => Record<string, unknown>;
  /** Input names, in the order the gradient receives them as `saved`. */
  inputs: string[];
  grad: LazyGrad;
}

/**
 * Defines `op.name`: forward = the backend's `op.builtin` kernel with `op.attrs(attrs)`,
 * gradient = `op.grad`. The kernel is registered for the active backend on first use there.
 * Returns `run(inputs, attrs)`.
 */
export function delegatingOp(
  op: DelegatingOp,
): (inputs: Record<string, tf.Tensor>, attrs: Record<string, unknown>) => tf.Tensor {
  // Registered once per process (a second copy of this module, e.g. src/ and dist/ both
  // loaded, keeps the first registration: same kernel, same gradient, and no warning).
  if (tf.getGradient(op.name) === undefined) {
    tf.registerGradient({
      kernelName: op.name,
      inputsToSave: op.inputs,
      gradFunc: (dy, saved, attrs) => op.grad(dy as tf.Tensor, saved, attrs as Record<string, unknown>),
    });
  }
  return (inputs, attrs) => {
    const backend = tf.getBackend();
    if (tf.getKernel(op.name, backend) === undefined) {
      const builtin = tf.getKernel(op.builtin, backend);
      if (builtin === undefined) {
        throw new Error(`${op.name}: expected backend '${backend}' to have a ${op.builtin} kernel, found none`);
      }
      tf.registerKernel({
        kernelName: op.name,
        backendName: backend,
        kernelFunc: ({ inputs: ins, backend: b, attrs: a }) =>
          builtin.kernelFunc({
            inputs: ins,
            backend: b,
            attrs: op.attrs(a as Record<string, unknown>) as tf.NamedAttrMap,
          }),
      });
    }
    return tf.engine().runKernel(op.name, inputs as tf.NamedTensorMap, attrs as tf.NamedAttrMap) as tf.Tensor;
  };
}

/**
 * `fn(x)` treated as a constant: its gradient with respect to `x` is zero, and nothing
 * inside `fn` is recorded for differentiation (so `fn` may use ops without gradients,
 * such as comparisons or `tf.max`). For quantities that are piecewise constant in `x`
 * (selection masks) or that cancel mathematically (the shift of a log-sum-exp).
 */
export function detached<T extends tf.Tensor>(fn: (x: T) => tf.Tensor, x: T): tf.Tensor {
  const op = tf.customGrad(((a: T) => {
    const shape = a.shape;
    return { value: fn(a), gradFunc: () => tf.zeros(shape) };
  }) as unknown as Parameters<typeof tf.customGrad>[0]) as unknown as (a: T) => tf.Tensor;
  return op(x);
}
