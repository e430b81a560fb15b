/**
 * The model the authors' code actually runs (`residualBeta`, `hermitianForm: 'real'`): spec
 * fields and errors; a real symmetric observable gives the logits of the complex form with the
 * same matrix, and its gradients are the complex form's summed over the tied entries; a constant
 * residual weight β gives logits and ∂/∂α computed by hand from the default model's two branches.
 */
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import {
  Params, QuantumLenetSpec, applyModel, disposeParams, initModel, modelTag, parseModelSpec, precomputeFrozen,
} from '../../src/models';
import { Rng } from '../../src/util/rng';

before(async () => {
  await tf.setBackend('cpu');
});

const mnist = (raw: Record<string, unknown>) =>
  parseModelSpec({ kind: 'quantum_lenet', ...raw }, 'mnist') as QuantumLenetSpec;
const maxDiff = (a: tf.Tensor, b: tf.Tensor) => tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]);

test('spec: residualBeta and hermitianForm parsed, left out when absent, tagged, and bad values named', () => {
  const plain = mnist({});
  assert.equal('residualBeta' in plain || 'hermitianForm' in plain, false);
  const authors = mnist({ freezeCircuit: true, residualBeta: 0.5, hermitianForm: 'real' });
  assert.deepEqual([authors.residualBeta, authors.hermitianForm], [0.5, 'real']);
  assert.equal(modelTag(authors), 'quantum-hermitian-res-frozen-real-beta0.5');
  assert.throws(() => mnist({ residual: false, residualBeta: 0.5 }),
    /model\.residualBeta: expected no residualBeta without the residual join, received 0\.5/);
  assert.throws(() => mnist({ residualBeta: 'half' }),
    /model\.residualBeta: expected a finite number, received "half"/);
  assert.throws(() => mnist({ hermitianForm: 'complex' }), /model\.hermitianForm: expected 'real'/);
  assert.throws(() => mnist({ observable: 'pauliz', hermitianForm: 'real' }),
    /model\.hermitianForm: expected a Hermitian observable on single qubits/);
});

test('hermitianForm real: logits of the complex form with A = [[d0, o], [o, d1]]; ' +
  'gradients summed over tied entries', () => {
  const x = tf.tensor4d(new Rng(3).normals(2 * 784), [2, 28, 28, 1]);
  for (const freezeCircuit of [false, true]) {
    const real = mnist({ hermitianForm: 'real', freezeCircuit }), complex = mnist({ freezeCircuit });
    const pr = initModel(real, 4);
    assert.deepEqual(pr['q.hermitian'].shape, [6, 3]);
    const [d0, d1, o] = tf.unstack(pr['q.hermitian'], 1);
    const re = tf.reshape(tf.stack([d0, o, o, d1], 1), [6, 2, 2]);
    const a = tf.stack([re, tf.zerosLike(re)], -1); // (6, 2, 2, 2): H = (A + A†)/2 = A
    const pc: Params = { ...pr, 'q.hermitian': a };
    const fr = precomputeFrozen(real, pr), fc = precomputeFrozen(complex, pc);
    const lr = applyModel(real, fr, x, 'safe'), lc = applyModel(complex, fc, x, 'safe');
    assert.ok(maxDiff(lr, lc) < 1e-5, `logits differ by ${maxDiff(lr, lc)}`);
    const loss = (spec: QuantumLenetSpec, p: Params) => (h: tf.Tensor) =>
      tf.sum(tf.square(applyModel(spec, { ...p, 'q.hermitian': h }, x, 'safe')));
    const gr = tf.grad(loss(real, fr))(pr['q.hermitian']);
    const gc = tf.grad(loss(complex, fc))(a);
    const g = gc.arraySync() as number[][][][];
    const expected = tf.tensor2d(g.map((q) => [q[0][0][0], q[1][1][0], q[0][1][0] + q[1][0][0]]));
    assert.ok(maxDiff(gr, expected) < 1e-4 * (1 + tf.max(tf.abs(expected)).dataSync()[0]),
      `gradients differ by ${maxDiff(gr, expected)}`);
    tf.dispose([d0, d1, o, re, a, lr, lc, gr, gc, expected]);
    if (fr !== pr) tf.dispose(fr['q.readout']);
    if (fc !== pc) tf.dispose(fc['q.readout']);
    disposeParams(pr);
  }
  x.dispose();
});

test('residualBeta β: logits α·(L_A − b) + β·(L_B − b) + b from the default model\'s branches; ' +
  '∂/∂α = Σ(L_A − b)', () => {
  const x = tf.tensor4d(new Rng(5).normals(3 * 784), [3, 28, 28, 1]);
  const plain = mnist({}), beta = mnist({ residualBeta: 0.5 });
  const p = initModel(plain, 7);
  p['fcout.b'].dispose();
  p['fcout.b'] = tf.tensor1d(new Rng(8).normals(10)); // a bias that is not zero
  const at = (spec: QuantumLenetSpec, alpha: number) => applyModel(spec, { ...p, alpha: tf.scalar(alpha) }, x, 'safe');
  const la = at(plain, 1), lb = at(plain, 0), b = p['fcout.b']; // the quantum branch alone, the residual alone
  const expected = tf.add(tf.add(tf.mul(0.8, tf.sub(la, b)), tf.mul(0.5, tf.sub(lb, b))), b);
  const got = at(beta, 0.8);
  assert.ok(maxDiff(got, expected) < 1e-5, `logits differ by ${maxDiff(got, expected)}`);
  assert.ok(maxDiff(at(beta, 0.5), at(plain, 0.5)) < 1e-6, 'β = 0.5 and α = 0.5: the default join');
  const dAlpha = tf.grad((a: tf.Tensor) => tf.sum(applyModel(beta, { ...p, alpha: a }, x, 'safe')))(tf.scalar(0.8));
  const hand = tf.sum(tf.sub(la, b)).dataSync()[0];
  assert.ok(Math.abs(dAlpha.dataSync()[0] - hand) < 1e-4 * (1 + Math.abs(hand)), `${dAlpha.dataSync()[0]} vs ${hand}`);
  disposeParams(p);
});
