/**
 * The wasm backend's `Identity` kernel, made to share its input's buffer instead of copying it.
 *
 * Why: while a gradient tape records, TF.js saves every input an op's gradient needs with
 * `clone()` (the `Identity` kernel). tfjs-backend-wasm 4.22 copies the data there, whereas the
 * cpu backend's `Identity` (and wasm's own `Reshape`) return the same buffer with its
 * reference count raised. Tensors are immutable, so sharing is safe, and a bilevel step saves
 * thousands of tensors, some of them whole activation maps of the real batch. Values,
 * gradients and tensor counts are unchanged (`test/backend_identity.test.ts`).
 */
import * as tf from '@tensorflow/tfjs';

type KernelFunc = tf.KernelConfig['kernelFunc'];
let original: KernelFunc | null = null;

interface RefCountingBackend {
  incRef(dataId: object): void;
}

/** Shares buffers in wasm's `Identity` (idempotent); does nothing if wasm is not registered. */
export function shareWasmIdentity(): void {
  const kernel = tf.getKernel('Identity', 'wasm');
  if (!kernel || original) return;
  original = kernel.kernelFunc;
  const copy = original;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({
    kernelName: 'Identity',
    backendName: 'wasm',
    kernelFunc: (args) => {
      const x = args.inputs.x as tf.TensorInfo;
      if (x.dtype === 'string') return copy(args);
      (args.backend as unknown as RefCountingBackend).incRef(x.dataId);
      return { dataId: x.dataId, shape: x.shape, dtype: x.dtype };
    },
  });
}

/** Restores the copying kernel (for comparisons in tests). */
export function restoreWasmIdentity(): void {
  if (!original) return;
  tf.unregisterKernel('Identity', 'wasm');
  tf.registerKernel({ kernelName: 'Identity', backendName: 'wasm', kernelFunc: original });
  original = null;
}
