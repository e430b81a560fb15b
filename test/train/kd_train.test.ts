/**
 * The knowledge-distillation trainer on tiny runs (256 MNIST images, 4-qubit classifiers):
 * λ = 0 is exactly the cross-entropy trainer, the teacher is left untouched, runs are
 * reproducible from their seed, the KD loss decreases, self-distillation switches its teacher on
 * after the chosen epoch, execution counts add up, options are checked by name, and no tensor
 * is left behind.
 */
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { ImageDataset, loadMnist, subsetDataset, toTensors } from '../../src/data';
import { KdTeacher, KdTrainOptions, trainKd } from '../../src/train/kd_train';
import { Params, applyModel, disposeParams, initModel, parseModelSpec } from '../../src/models';
import { parseTrainConfig } from '../../src/train/config';
import { trainFull } from '../../src/train/full';
import { NonFiniteError } from '../../src/util/errors';

let train: ImageDataset, test_: ImageDataset;
const student = parseModelSpec({ kind: 'qnn_classifier', qubits: 4, layers: 1 }, 'mnist');
const teacherSpec = parseModelSpec({ kind: 'qnn_classifier', qubits: 4, layers: 2 }, 'mnist');
const base: KdTrainOptions = { epochs: 2, batchSize: 64, lr: 0.05, seed: 1, testLimit: 200 };
const values = (p: Params) => Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Array.from(v.dataSync())]));

before(async () => {
  assert.ok(await tf.setBackend('wasm'));
  train = subsetDataset(loadMnist('train'), Array.from({ length: 256 }, (_, i) => i));
  test_ = loadMnist('test');
});

/** A teacher: the 4q×2L classifier trained 2 epochs with cross-entropy (caller disposes). */
async function trainedTeacher(): Promise<KdTeacher> {
  const r = await trainKd(teacherSpec, train, test_, { ...base, seed: 7 });
  return { spec: teacherSpec, params: r.params };
}

test('λ = 0 without a teacher is exactly trainFull (same losses and accuracy); ' +
  'with a teacher λ = 0 ignores it', async () => {
  const cfg = parseTrainConfig({ dataset: 'mnist', model: { kind: 'qnn_classifier', qubits: 4, layers: 1 }, epochs: 2,
    batchSize: 64, lr: 0.05, seed: 1 });
  const ref = await trainFull(cfg, train, test_, { testLimit: 200 });
  const a = await trainKd(student, train, test_, base);
  assert.deepEqual(a.history.slice(1).map((h) => h.loss), ref.epochLosses);
  assert.equal(a.accuracy, ref.accuracy);
  assert.deepEqual(a.history.map((h) => h.taught), [false, false, false]);
  const teacher = await trainedTeacher();
  const b = await trainKd(student, train, test_, { ...base, teacher, lambda: 0 });
  assert.deepEqual(values(b.params), values(a.params));
  assert.equal(b.history[2].teacherExecutions.forward, 0, 'λ = 0: the teacher is not run');
  [a.params, b.params, teacher.params].forEach(disposeParams);
});

test('KD: the teacher is unchanged, the loss decreases, runs are reproducible, ' +
  'executions add up, no tensors leak', async () => {
  const teacher = await trainedTeacher();
  const before_ = values(teacher.params);
  const tensors = tf.memory().numTensors;
  const steps: number[] = [];
  const o: KdTrainOptions =
    { ...base, epochs: 3, teacher, lambda: 0.5, temperature: 2, onProgress: (p) => steps.push(p.step) };
  const a = await trainKd(student, train, test_, o);
  assert.deepEqual(values(teacher.params), before_, 'teacher parameters unchanged');
  assert.deepEqual(steps, Array.from({ length: 12 }, (_, i) => i + 1));
  assert.deepEqual(a.history.map((h) => h.epoch), [0, 1, 2, 3]);
  assert.deepEqual(a.history.map((h) => h.taught), [false, true, true, true]);
  const losses = a.history.slice(1).map((h) => h.loss as number);
  assert.ok(losses[2] < losses[0], `KD loss decreases: ${losses}`);
  assert.ok(a.accuracy > a.history[0].accuracy, `accuracy improves: ${a.history.map((h) => h.accuracy)} %`);
  // Every example passes once per epoch through a taped student step; the teacher runs once per example.
  assert.deepEqual(a.history.map((h) => h.executions.gradient), [0, 256, 512, 768]);
  assert.deepEqual(a.history.map((h) => h.executions.forward), [0, 256, 512, 768]);
  assert.deepEqual(a.history[3].teacherExecutions, { forward: 256, gradient: 0, hardwareCircuits: 256 });
  const b = await trainKd(student, train, test_, { ...o, onProgress: undefined });
  assert.deepEqual(b.history.map((h) => [h.loss, h.accuracy]), a.history.map((h) => [h.loss, h.accuracy]));
  assert.deepEqual(values(b.params), values(a.params));
  disposeParams(a.params);
  disposeParams(b.params);
  assert.equal(tf.memory().numTensors, tensors, 'no tensors left');
  disposeParams(teacher.params);
});

/** Float64 KD loss, batch mean: (1 − λ)·CE(s, y) + λ·T²·KL(softmax(t/T) ‖ softmax(s/T)), from row-major logits. */
function kdLoss64(s: Float32Array, t: Float32Array, y: ArrayLike<number>, lambda: number, T: number): number {
  const logSoftmax = (z: number[]) => {
    const m = Math.max(...z), lse = m + Math.log(z.reduce((a, v) => a + Math.exp(v - m), 0));
    return z.map((v) => v - lse);
  };
  let total = 0;
  for (let i = 0; i < y.length; i++) {
    const si = Array.from(s.subarray(i * 10, i * 10 + 10)), ti = Array.from(t.subarray(i * 10, i * 10 + 10));
    const ce = -logSoftmax(si)[y[i]];
    const lt = logSoftmax(ti.map((v) => v / T)), ls = logSoftmax(si.map((v) => v / T));
    const kl = lt.reduce((a, l, k) => a + Math.exp(l) * (l - ls[k]), 0);
    total += (1 - lambda) * ce + lambda * T * T * kl;
  }
  return total / y.length;
}

test('one step (batchSize = n): the recorded loss is the float64 KD loss of the initial student and teacher logits',
  async () => {
    const teacher: KdTeacher = { spec: teacherSpec, params: initModel(teacherSpec, 4) };
    const { x, y } = toTensors(train, Array.from({ length: 256 }, (_, i) => i));
    const init = initModel(student, 1);
    const logits = (spec: typeof student, p: Params) =>
      tf.tidy(() => applyModel(spec, p, x, 'fast').dataSync() as Float32Array);
    const s = logits(student, init), t = logits(teacherSpec, teacher.params), labels = y.dataSync();
    for (const [lambda, temperature] of [[0.6, 2.5], [1, 0.5]]) {
      const r = await trainKd(student, train, test_,
        { ...base, epochs: 1, batchSize: 256, testLimit: 10, teacher, lambda, temperature });
      const want = kdLoss64(s, t, labels, lambda, temperature);
      assert.ok(Math.abs((r.history[1].loss as number) - want) < 2e-5,
        `λ ${lambda}, T ${temperature}: recorded ${r.history[1].loss}, float64 ${want}`);
      disposeParams(r.params);
    }
    [init, teacher.params].forEach(disposeParams);
    tf.dispose([x, y]);
  });

test('self-distillation: plain cross-entropy up to fromEpoch, then taught by snapshots of itself', async () => {
  const tensors = tf.memory().numTensors;
  const plain = await trainKd(student, train, test_, { ...base, epochs: 4 });
  const fixed = await trainKd(student, train, test_, { ...base, epochs: 4, selfDistill: { fromEpoch: 2 } });
  const refreshed =
    await trainKd(student, train, test_, { ...base, epochs: 4, selfDistill: { fromEpoch: 1, refreshEvery: 1 } });
  assert.deepEqual(fixed.history.map((h) => h.taught), [false, false, false, true, true]);
  assert.deepEqual(fixed.history.slice(0, 3), fixed.history.slice(0, 3)
    .map((h, i) => ({ ...plain.history[i], seconds: h.seconds })), 'identical to plain training before the snapshot');
  assert.notDeepEqual(fixed.history[3].loss, plain.history[3].loss);
  assert.equal(fixed.history[4].teacherExecutions.forward, 256, 'one snapshot: logits once per example');
  assert.deepEqual(refreshed.history.map((h) => h.taught), [false, false, true, true, true]);
  assert.equal(refreshed.history[4].teacherExecutions.forward, 3 * 256, 'a new snapshot after epochs 1, 2 and 3');
  [plain, fixed, refreshed].forEach((r) => disposeParams(r.params));
  assert.equal(tf.memory().numTensors, tensors, 'no tensors left (snapshots disposed)');
});

test('tensor training sets (e.g. a distilled set) and initial parameters are ' +
  'accepted; initParams is copied', async () => {
  const teacher = await trainedTeacher();
  const { x, y } = toTensors(train, Array.from({ length: 10 }, (_, i) => i));
  const init = initModel(student, 3);
  const before_ = values(init);
  const r =
    await trainKd(student, { x, y }, test_, { ...base, epochs: 5, batchSize: 10, seed: 3, initParams: init, teacher });
  assert.deepEqual(values(init), before_);
  assert.equal(r.train_examples, 10);
  assert.deepEqual(r.history.map((h) => h.executions.gradient), [0, 10, 20, 30, 40, 50]);
  assert.equal(r.history[5].teacherExecutions.forward, 10);
  const again = await trainKd(student, { x, y }, test_, { ...base, epochs: 5, batchSize: 10, seed: 3, teacher });
  assert.deepEqual(values(again.params), values(r.params), 'initParams = initModel(student, seed) is the default');
  [r.params, again.params, init, teacher.params].forEach(disposeParams);
  tf.dispose([x, y]);
});

test('invalid options are errors naming the field; a diverging loss is a NonFiniteError', async () => {
  const teacher: KdTeacher = { spec: teacherSpec, params: initModel(teacherSpec, 0) };
  const tensors = tf.memory().numTensors;
  const cases: Array<[Partial<KdTrainOptions>, RegExp]> = [
    [{ epochs: 0 }, /trainKd: epochs: expected an integer ≥ 1, received 0/],
    [{ batchSize: 2.5 }, /trainKd: batchSize: expected an integer ≥ 1, received 2\.5/],
    [{ lr: -1 }, /trainKd: lr: expected a positive finite number, received -1/],
    [{ seed: -2 }, /trainKd: seed: expected an integer ≥ 0, received -2/],
    [{ teacher, lambda: 1.5 }, /trainKd: lambda: expected a number in \[0, 1\], received 1\.5/],
    [{ teacher, lambda: NaN }, /trainKd: lambda: expected a number in \[0, 1\], received NaN/],
    [{ teacher, temperature: 0 }, /trainKd: temperature: expected a positive finite number, received 0/],
    [{ lambda: 0.5 }, /trainKd: lambda: expected 0 \(or absent\) without a teacher or selfDistill, received 0\.5/],
    [{ selfDistill: { fromEpoch: 2 } },
      /trainKd: selfDistill\.fromEpoch: expected an integer from 1 to epochs − 1 = 1, received 2/],
    [{ selfDistill: { fromEpoch: 1, refreshEvery: -1 }, epochs: 3 },
      /trainKd: selfDistill\.refreshEvery: expected an integer ≥ 0, received -1/],
    [{ teacher, selfDistill: { fromEpoch: 1 } },
      /trainKd: selfDistill: expected no selfDistill together with a teacher/],
    [{ teacher: { spec: parseModelSpec({ kind: 'classical_lenet' }, 'cifar10'), params: {} } },
      /trainKd: teacher\.spec\.input: expected the student's input/],
  ];
  for (const [o, message] of cases) await assert.rejects(trainKd(student, train, test_, { ...base, ...o }), message);
  assert.equal(tf.memory().numTensors, tensors, 'validation allocates nothing');
  const x = tf.zeros([4, 28, 28, 1]) as tf.Tensor4D, y = tf.zeros([3], 'int32') as tf.Tensor1D;
  await assert.rejects(trainKd(student, { x, y }, test_, base),
    /trainKd: train\.y: expected 4 int32 labels \(one per image of train\.x\), received "int32 \[3\]"/);
  tf.dispose([x, y]);
  // A teacher with NaN logits makes the KD loss NaN at the first step.
  const broken: KdTeacher = { spec: teacherSpec, params: { ...teacher.params, 'head.b': tf.fill([10], NaN) } };
  await assert.rejects(trainKd(student, train, test_, { ...base, teacher: broken }),
    (e: unknown) => e instanceof NonFiniteError &&
    /trainKd: training loss is NaN at epoch 1, step 1\/8; try a smaller lr/.test(e.message));
  broken.params['head.b'].dispose();
  assert.equal(tf.memory().numTensors, tensors, 'no tensors left after the NaN guard');
  // The simulator's own guard (non-finite features) propagates. (TF.js keeps the few tensors made
  // inside a valueAndGrads that throws, so no leak check here.)
  const nan = { x: tf.fill([16, 28, 28, 1], NaN) as tf.Tensor4D, y: tf.zeros([16], 'int32') as tf.Tensor1D };
  await assert.rejects(trainKd(student, nan, test_, { ...base, batchSize: 8 }),
    /AmplitudeEmbedding: feature vector 0 is not finite/);
  tf.dispose([nan.x, nan.y]);
  disposeParams(teacher.params);
});
