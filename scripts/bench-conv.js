#!/usr/bin/env node
/**
 * The convolutions of one real-batch shard of the MNIST LeNet on the active backend, and two
 * formulations of the weight gradient: a convolution with the batch as channels (what
 * `conv2dFast` does) and an im2col matrix product. Prints the median ms and GFLOP/s of each,
 * and how far the two weight gradients are apart.
 *
 *   node scripts/bench-conv.js [SHARD_SIZE=128]      (after `make build`)
 */
const tf = require('@tensorflow/tfjs');
const { initBackend } = require('../dist/backend');
const { builtinConv, convGradW, convGradX } = require('../dist/nn/conv2d');

/** dw[a, b, c, o] = Σ_{n,i,j} xp[n, i+a, j+b, c] · dy[n, i, j, o], as patchesᵀ @ dy. */
function im2colGradW(x, dy, pad) {
  return tf.tidy(() => {
    const [n, , , c] = x.shape, [, oh, ow, co] = dy.shape;
    const xp = pad ? tf.pad(x, [[0, 0], [pad, pad], [pad, pad], [0, 0]]) : x;
    const cols = [];
    for (let a = 0; a < 5; a++) for (let b = 0; b < 5; b++) cols.push(tf.slice(xp, [0, a, b, 0], [n, oh, ow, c]));
    const patches = tf.reshape(tf.stack(cols, 3), [n * oh * ow, 25 * c]);
    return tf.reshape(tf.matMul(patches, tf.reshape(dy, [n * oh * ow, co]), true, false), [5, 5, c, co]);
  });
}

(async () => {
  await initBackend(process.env.QDISTILL_BACKEND || 'wasm');
  const N = Number(process.argv[2] || 128);
  const r = (s) => tf.randomNormal(s, 0, 1, 'float32', 1);
  const x1 = r([N, 28, 28, 1]), w1 = r([5, 5, 1, 6]), dy1 = r([N, 28, 28, 6]);
  const x2 = r([N, 14, 14, 6]), w2 = r([5, 5, 6, 16]), dy2 = r([N, 10, 10, 16]);
  const conv1 = N * 28 * 28 * 6 * 25 * 2, conv2 = N * 10 * 10 * 16 * 150 * 2;
  const ops = {
    'conv1 forward': [() => tf.conv2d(x1, w1, 1, [[0, 0], [2, 2], [2, 2], [0, 0]]), conv1],
    'conv1 dw (conv)': [() => tf.tidy(() => convGradW(x1, dy1, 2, 2, builtinConv)), conv1],
    'conv1 dw (im2col)': [() => im2colGradW(x1, dy1, 2), conv1],
    'conv2 forward': [() => tf.conv2d(x2, w2, 1, 'valid'), conv2],
    'conv2 dx (conv)': [() => tf.tidy(() => convGradX(w2, dy2, 0, 0, builtinConv)), N * 14 * 14 * 6 * 16 * 25 * 2],
    'conv2 dw (conv)': [() => tf.tidy(() => convGradW(x2, dy2, 0, 0, builtinConv)), conv2],
    'conv2 dw (im2col)': [() => im2colGradW(x2, dy2, 0), conv2],
  };
  const gap = (a, b) => tf.tidy(() =>
    tf.max(tf.abs(tf.sub(a(), b()))).dataSync()[0] / tf.max(tf.abs(a())).dataSync()[0]);
  console.log(`backend ${tf.getBackend()}, shard of ${N} images; relative gap of the two weight gradients: ` +
    `conv1 ${gap(ops['conv1 dw (conv)'][0], ops['conv1 dw (im2col)'][0]).toExponential(1)}, ` +
    `conv2 ${gap(ops['conv2 dw (conv)'][0], ops['conv2 dw (im2col)'][0]).toExponential(1)}`);
  for (const [name, [f, flops]] of Object.entries(ops)) {
    const times = [];
    for (let i = 0; i < 18; i++) {
      const t0 = performance.now();
      const t = f();
      t.dataSync();
      if (i >= 3) times.push(performance.now() - t0);
      t.dispose();
    }
    const ms = times.sort((a, b) => a - b)[7];
    console.log(`${name.padEnd(20)}${ms.toFixed(2).padStart(9)} ms` +
      `${(flops / ms / 1e6).toFixed(2).padStart(8)} GFLOP/s`);
  }
})();
