import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import { initBackend, tryBackend } from '../src/backend';

test('explicit backends load and become active; unknown names and unavailable backends are errors', async () => {
  assert.equal(await initBackend({ backend: 'cpu', report: false }), 'cpu');
  assert.equal(tf.getBackend(), 'cpu');
  assert.equal(await initBackend({ backend: 'wasm', report: false }), 'wasm');
  assert.equal(tf.getBackend(), 'wasm');
  await assert.rejects(initBackend({ backend: 'gpu', report: false }),
    /QDISTILL_BACKEND: expected one of tensorflow, wasm, cpu or auto, received 'gpu'/);
  const hasNode = await tryBackend('tensorflow');
  if (!hasNode) {
    await assert.rejects(initBackend({ backend: 'tensorflow', report: false }),
      /backend 'tensorflow' was requested but could not be loaded/);
  }
});

test('automatic choice prefers tensorflow, then wasm, and honours QDISTILL_BACKEND', async () => {
  const hasNode = await tryBackend('tensorflow');
  const saved = process.env.QDISTILL_BACKEND;
  try {
    delete process.env.QDISTILL_BACKEND;
    assert.equal(await initBackend({ report: false }), hasNode ? 'tensorflow' : 'wasm');
    process.env.QDISTILL_BACKEND = 'cpu';
    assert.equal(await initBackend({ report: false }), 'cpu');
  } finally {
    if (saved === undefined) delete process.env.QDISTILL_BACKEND;
    else process.env.QDISTILL_BACKEND = saved;
  }
});
