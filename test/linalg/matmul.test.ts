import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { constMatMul, matMul, matMulConst } from '../../src/linalg/matmul';
import { Rng } from '../../src/util/rng';

const rnd = (rng: Rng, shape: number[]) => tf.tensor(rng.normals(shape.reduce((p, q) => p * q, 1)), shape);
const close = (a: tf.Tensor, b: tf.Tensor, tol: number, what: string) => {
  const d = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
  assert.ok(d <= tol, `${what}: max difference ${d} > ${tol}`);
};

before(async () => {
  await tf.setBackend('cpu');
});

test('values and first-order gradients equal the built-in matMul (2-D, batched, broadcast right operand)', () => {
  const rng = new Rng(1);
  const cases: Array<[number[], number[]]> =
    [[[5, 3], [3, 4]], [[2, 5, 3], [2, 3, 4]], [[2, 5, 3], [3, 4]], [[40, 3], [3, 2]]];
  for (const [sa, sb] of cases) {
    tf.tidy(() => {
      const a = rnd(rng, sa), b = rnd(rng, sb), dy = rnd(rng, [...sa.slice(0, -1), sb[sb.length - 1]]);
      const builtin = (x: tf.Tensor, y: tf.Tensor) =>
        y.rank === 2 && x.rank === 3 ? tf.reshape(tf.matMul(tf.reshape(x, [-1, x.shape[2] as number]), y),
          [x.shape[0], x.shape[1] as number, y.shape[1] as number]) : tf.matMul(x, y);
      const ref = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(builtin(x, y), dy));
      const ours = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.mul(matMul(x, y), dy));
      close(matMul(a, b), builtin(a, b), 1e-5, `value ${sa}×${sb}`);
      const [ga, gb] = tf.grads(ours)([a, b]);
      const [ra, rb] = tf.grads(ref)([a, b]);
      close(ga, ra, 1e-4, `da ${sa}×${sb}`);
      close(gb, rb, 1e-4, `db ${sa}×${sb}`);
    });
  }
});

test('second derivative (Hessian-vector product) matches central finite differences', () => {
  const rng = new Rng(2);
  tf.tidy(() => {
    const a = rnd(rng, [3, 4]), b = rnd(rng, [4, 2]), v = rnd(rng, [3, 4]);
    const loss = (x: tf.Tensor) => tf.sum(tf.square(tf.sin(matMul(x, b))));
    const g = tf.grad(loss);
    const hvp = tf.grad((x: tf.Tensor) => tf.sum(tf.mul(g(x), v)))(a);
    const eps = 5e-3;
    const fd = tf.div(tf.sub(g(tf.add(a, tf.mul(v, eps))), g(tf.sub(a, tf.mul(v, eps)))), 2 * eps);
    const rel = tf.max(tf.div(tf.abs(tf.sub(hvp, fd)), tf.maximum(1, tf.abs(fd)))).dataSync()[0];
    assert.ok(rel <= 2e-3, `HVP vs finite differences: ${rel}`);
    // mixed derivative d/db <∇_a L, v> against the built-in op's own second derivative
    const mixed = (mm: (x: tf.Tensor, y: tf.Tensor) => tf.Tensor) =>
      tf.grad(
        (y: tf.Tensor) => tf.sum(tf.mul(tf.grad((x: tf.Tensor) => tf.sum(tf.square(tf.sin(mm(x, y)))))(a), v)))(b);
    close(mixed(matMul), mixed((x, y) => tf.matMul(x, y)), 1e-4, 'mixed second derivative');
  });
});

test('constant-operand products: values, gradient of the variable operand, second order', () => {
  const rng = new Rng(3);
  tf.tidy(() => {
    const a = rnd(rng, [6, 4]) as tf.Tensor2D, c = rnd(rng, [4, 3]) as tf.Tensor2D, l = rnd(rng, [5, 6]) as tf.Tensor2D;
    close(matMulConst(a, c), tf.matMul(a, c), 1e-5, 'a@c');
    close(constMatMul(l, a), tf.matMul(l, a), 1e-5, 'l@a');
    const f1 = (x: tf.Tensor) => tf.sum(tf.sin(matMulConst(x, c)));
    const r1 = (x: tf.Tensor) => tf.sum(tf.sin(tf.matMul(x, c)));
    close(tf.grad(f1)(a), tf.grad(r1)(a), 1e-5, 'grad a@c');
    const f2 = (x: tf.Tensor) => tf.sum(tf.sin(constMatMul(l, x as tf.Tensor2D)));
    const r2 = (x: tf.Tensor) => tf.sum(tf.sin(tf.matMul(l, x)));
    close(tf.grad(f2)(a), tf.grad(r2)(a), 1e-5, 'grad l@a');
    const v = rnd(rng, [6, 4]);
    const hv = (f: (x: tf.Tensor) => tf.Scalar) => tf.grad((x: tf.Tensor) => tf.sum(tf.mul(tf.grad(f)(x), v)))(a);
    close(hv(f1 as (x: tf.Tensor) => tf.Scalar), hv(r1 as (x: tf.Tensor) => tf.Scalar), 1e-4, 'HVP a@c');
    close(hv(f2 as (x: tf.Tensor) => tf.Scalar), hv(r2 as (x: tf.Tensor) => tf.Scalar), 1e-4, 'HVP l@a');
  });
});

test('shape errors name both shapes; no tensors leak', () => {
  const a = tf.zeros([2, 3]), b = tf.zeros([4, 2]);
  assert.throws(() => matMul(a, b), /inner dimensions differ: a is \[2,3\], b is \[4,2\]/);
  assert.throws(() => matMulConst(a, b as tf.Tensor2D), /inner dimensions differ/);
  const c = tf.ones([3, 2]) as tf.Tensor2D;
  const before = tf.memory().numTensors;
  tf.grad((x: tf.Tensor) => tf.sum(matMul(x, c)))(a).dispose();
  matMulConst(a, c).dispose();
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([a, b, c]);
});
