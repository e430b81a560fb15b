/**
 * The hypergradient of bilevel distillation — d outer loss / d synthetic images and
 * d / d raw learning rates, through the unrolled inner loop — against central finite
 * differences of the outer loss, for a tiny quantum LeNet (2 qubits, 1 layer) and the
 * classical LeNet. This is the test that second-order-safe layers are actually right.
 *
 * Finite differences need a continuous function. The inner gradient of a ReLU/max-pool
 * network jumps wherever a unit crosses its kink, so the outer loss jumps as a function of
 * the synthetic images (with ~10⁵ units, any step ε crosses some kinks), and of the learning
 * rates after the first step. Hence: the learning-rate derivative with every parameter trained
 * is checked for one inner step (whose synthetic forward pass does not move), and the image and
 * learning-rate derivatives over 2 steps × 2 epochs with only the parameters after the last ReLU
 * trained, for
 * which the inner gradient is continuous in the images — for the quantum LeNet that is the
 * circuit, the Hermitians, FC3, α and the final FC, so the quantum layer's second order is
 * exercised. (Per-layer second-order tests are in test/nn.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { hypergradient, outerLoss } from '../../src/distill/outer';
import { initSynthetic, syntheticLabels } from '../../src/distill/synthetic';
import { trainOnDistilled } from '../../src/distill/evaluate';
import { applyModel, disposeParams, initModel, parseModelSpec } from '../../src/models';
import { Rng } from '../../src/util/rng';

const cases = [
  {
    name: 'quantum LeNet (2 qubits, trainable Hermitian, residual)',
    model: { kind: 'quantum_lenet', qubits: 2, layers: 1 },
    head: ['q.weights', 'q.hermitian', 'fc3.w', 'fc3.b', 'alpha', 'fcout.w', 'fcout.b'],
  },
  { name: 'classical LeNet', model: { kind: 'classical_lenet' }, head: ['fc3.w', 'fc3.b'] },
];

for (const c of cases) {
  test(`hypergradient matches central finite differences: ${c.name}`, async () => {
    assert.ok(await tf.setBackend('wasm'));
    const spec = parseModelSpec(c.model, 'mnist');
    const rng = new Rng(7);
    const params0 = initModel(spec, 0);
    const o = { distillSteps: 2, distillEpochs: 2 };
    const syn = initSynthetic(spec.input, 1, o.distillSteps, o.distillEpochs, 1.0, rng);
    const labels = syntheticLabels(1);
    // The real batch: a fixed copy of the first synthetic group plus random images, so that inner
    // and outer gradients are aligned and the learning-rate derivative is large (well conditioned).
    const copy = tf.reshape(tf.slice(syn.images, [0], [1]), [10, 28, 28, 1]);
    const real = {
      x: tf.concat([copy, tf.tensor4d(rng.normals(6 * 784), [6, 28, 28, 1])]) as tf.Tensor4D,
      y: tf.tensor1d(Array.from({ length: 16 }, (_, i) => i % 10), 'int32'),
    };
    copy.dispose();
    const oHead = { ...o, trainable: c.head };
    const o1 = { distillSteps: 1, distillEpochs: 1 };
    const first = { images: tf.slice(syn.images, [0], [1]), rawLrs: tf.slice(syn.rawLrs, [0], [1]) as tf.Tensor1D };
    const hg = hypergradient(spec, params0, first.images, first.rawLrs, labels, real, o1);
    const hgHead = hypergradient(spec, params0, syn.images, syn.rawLrs, labels, real, oHead);
    const loss = (im: tf.Tensor, lr: tf.Tensor, opts = o) =>
      tf.tidy(() => outerLoss(spec, params0, im, lr as tf.Tensor1D, labels, real, opts).dataSync()[0]);
    // The loss value against an independent computation: the inner loop on the fast layers
    // (`trainOnDistilled`), then the cross-entropy of its logits by hand in float64.
    const trained = trainOnDistilled(spec, params0, syn.images, labels, syn.rawLrs, oHead);
    const logits = tf.tidy(() => applyModel(spec, trained, real.x, 'fast').arraySync()), ys = real.y.arraySync();
    const ce = logits.reduce((s, row, i) => {
      const m = Math.max(...row);
      return s + m + Math.log(row.reduce((t, v) => t + Math.exp(v - m), 0)) - row[ys[i]];
    }, 0) / logits.length;
    assert.ok(Math.abs(hgHead.loss - ce) < 1e-4 * Math.max(1, ce), `loss ${hgHead.loss} vs ${ce} by hand`);
    tf.dispose(c.head.map((k) => trained[k]));
    assert.ok(tf.max(tf.abs(hg.dImages)).dataSync()[0] > 0, 'the full model has an image gradient');

    // Central differences at three step sizes: truncation and kink errors shrink with ε while
    // float32 round-off grows, so the best of the three is used; a wrong hypergradient is off by
    // orders of magnitude or in sign at every ε (as seen while developing this test).
    // The direction: the analytic gradient scaled to the norm of a standard normal vector (the
    // derivative is largest there, well above float32 round-off; a wrong gradient g' gives
    // ⟨g, g'⟩ ≠ |g'|², so the check still fails), plus a random part so that it is not only that.
    const check = (what: string, base: tf.Tensor, grad: tf.Tensor, at: (t: tf.Tensor) => number) => {
      const v = tf.tidy(() => {
        const unit = tf.div(grad, tf.norm(grad));
        return tf.add(tf.mul(unit, Math.sqrt(base.size)), tf.mul(tf.tensor(rng.normals(base.size), base.shape), 0.3));
      });
      const analytic = tf.sum(tf.mul(grad, v)).dataSync()[0];
      const numeric = [1e-2, 3e-3, 1e-3]
        .map((eps) => (at(tf.add(base, tf.mul(v, eps))) - at(tf.sub(base, tf.mul(v, eps)))) / (2 * eps));
      const rel = Math.min(...numeric.map((nu) => Math.abs(analytic - nu) / Math.max(Math.abs(nu), 1e-4)));
      assert.ok(rel < 0.03,
        `${what}: analytic ${analytic} vs finite differences ${numeric.join(', ')} (best relative error ${rel})`);
      assert.ok(Math.abs(analytic) > 1e-4, `${what}: derivative too small to test (${analytic})`);
      v.dispose();
    };
    check('d loss / d raw learning rate (all parameters trained, one step)', first.rawLrs, hg.dRawLrs,
      (lr) => loss(first.images, lr, o1));
    check('d loss / d images (head trained)', syn.images, hgHead.dImages, (im) => loss(im, syn.rawLrs, oHead));
    check('d loss / d raw learning rates (head trained)', syn.rawLrs, hgHead.dRawLrs,
      (lr) => loss(syn.images, lr, oHead));
    disposeParams(params0);
    tf.dispose([first.images, first.rawLrs, syn.images, syn.rawLrs, labels, real.x, real.y, hg.dImages, hg.dRawLrs,
      hgHead.dImages, hgHead.dRawLrs]);
  });
}
