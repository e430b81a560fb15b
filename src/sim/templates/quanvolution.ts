/**
 * Quanvolution (Henderson et al. 2019; PennyLane's quanvolution demo), batched: every k×k patch
 * (stride k) of every channel of every image is one circuit on k² qubits — pixel (i, j) of the
 * patch is encoded by RY(π·pixel) on wire i·k + j, then a circuit U (a fixed random one, or
 * trainable StronglyEntanglingLayers), then ⟨Z_w⟩ of each wire becomes an output channel.
 *
 * images: `[N, H, W, C]` in pixel units (RY(π·p) maps p ∈ [0, 1] to |0⟩ … |1⟩);
 * circuit: `{ unitary }` complex `(2^{k²}, 2^{k²})` (e.g. `randomLayersUnitary`) or
 *   `{ weights }` `(L, k², 3)` StronglyEntanglingLayers weights (trainable);
 * returns `[N, H/k, W/k, C·k²]`, channel c·k² + w = ⟨Z_w⟩ of channel c's patch.
 * All patches of all images form the batch of one product; patches come from reshapes, so the
 * layer is differentiable to any order (in the pixels and the weights).
 */
import * as tf from '@tensorflow/tfjs';
import { applyUnitary } from '../apply_matrix';
import { Complex } from '../complex';
import { recordExecutions } from '../executions';
import { expvalPauliZ } from '../measurements';
import { angleEmbedding } from './angle_embedding';
import { unitary } from './strongly_entangling_layers';
import { tidy } from '../../util/tidy';

export type QuanvCircuit = { unitary: Complex } | { weights: tf.Tensor3D };

/** `[N, H, W, C]` → non-overlapping k×k patches `[N·(H/k)·(W/k)·C, k²]`, row-major in the patch. */
export function extractPatches(images: tf.Tensor4D, k: number): tf.Tensor2D {
  const [N, H, W, C] = images.shape;
  checkDivisible(H, W, k);
  return tidy(() => {
    const x = tf.reshape(images, [N, H / k, k, W / k, k, C]);
    return tf.reshape(tf.transpose(x, [0, 1, 3, 5, 2, 4]), [-1, k * k]) as tf.Tensor2D;
  });
}

function checkDivisible(H: number, W: number, k: number): void {
  if (H % k !== 0 || W % k !== 0) {
    throw new Error(`quanvolution: expected image sides divisible by the kernel ${k}, received ${H}×${W}`);
  }
}

export function quanvolution(images: tf.Tensor4D, circuit: QuanvCircuit, o: { kernel?: number } = {}): tf.Tensor4D {
  const k = o.kernel ?? 2;
  const n = k * k;
  if (images.rank !== 4) {
    throw new Error(`quanvolution: expected images of shape [N, H, W, C], received [${images.shape}]`);
  }
  if (
    'weights' in circuit &&
    (circuit.weights.rank !== 3 || circuit.weights.shape[1] !== n || circuit.weights.shape[2] !== 3)
  ) {
    throw new Error(
      `quanvolution: expected weights of shape (L, ${n}, 3) ` +
        `for a ${k}×${k} kernel, received [${circuit.weights.shape}]`,
    );
  }
  if ('unitary' in circuit && circuit.unitary.re.shape.join() !== `${2 ** n},${2 ** n}`) {
    throw new Error(
      `quanvolution: expected a (${2 ** n}, ${2 ** n}) ` +
        `unitary for a ${k}×${k} kernel, received [${circuit.unitary.re.shape}]`,
    );
  }
  const [N, H, W, C] = images.shape;
  checkDivisible(H, W, k); // before counting: a rejected call runs no circuit
  const trainable = 'weights' in circuit ? circuit.weights.size : 0;
  recordExecutions(N * (H / k) * (W / k) * C, { shiftParams: n + trainable, settings: 1 });
  return tidy(() => {
    const patches = extractPatches(images, k);
    const s0 = angleEmbedding(tf.mul(patches, Math.PI) as tf.Tensor2D, n, 'Y');
    const u = 'unitary' in circuit ? circuit.unitary : unitary(circuit.weights);
    const z = expvalPauliZ(applyUnitary(s0, u)); // [patches, n]
    return tf.reshape(z, [N, H / k, W / k, C * n]) as tf.Tensor4D;
  });
}
