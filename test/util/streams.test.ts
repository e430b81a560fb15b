/**
 * Named random streams: every purpose draws from its own stream of the run's seed, so no two
 * streams of one seed share a prefix (or a window of their first draws), and the network's
 * initial weights are uncorrelated with the initial synthetic set.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { parseDistillConfig } from '../../src/distill/config';
import { disposeState, initState } from '../../src/distill/loop';
import { disposeParams, initModel } from '../../src/models';
import { STREAMS, StreamName, stream, streamSeed } from '../../src/util/streams';

const names = Object.keys(STREAMS) as StreamName[];

test('stream labels are distinct; unknown names are refused', () => {
  assert.equal(new Set(Object.values(STREAMS)).size, names.length);
  assert.throws(() => streamSeed(0, 'nope' as StreamName),
    /unknown stream 'nope'; expected one of synthetic, modelInit/);
});

test('no two streams of one seed share a prefix, nor a window of their first 4,096 draws', () => {
  for (const seed of [0, 1, 2, 12345]) {
    const draws = new Map<string, Uint32Array>();
    for (const name of names) for (const part of [[], [0], [1]] as number[][]) {
      const r = stream(seed, name, ...part);
      draws.set(`${name}(${part})`, Uint32Array.from({ length: 4096 }, () => r.nextUint32()));
    }
    // every 2-word window of every stream; a shared prefix or an offset copy would repeat one
    const seen = new Map<string, string>();
    for (const [key, d] of draws) {
      for (let i = 0; i + 1 < d.length; i++) {
        const w = `${d[i]},${d[i + 1]}`, other = seen.get(w);
        assert.ok(other === undefined || other === key, `seed ${seed}: ${key} and ${other} share the draws ${w}`);
        seen.set(w, key);
      }
    }
  }
});

test('no two (seed, stream, part) triples share a seed: streams of different seeds are independent', () => {
  // Before numerics v3 the seed and the label were XORed before mixing: seed 1's synthetic images
  // were drawn from seed 2's network stream, and seed 2's training networks were seed 3's unseen ones.
  const seen = new Map<number, string>();
  const add = (s: number, key: string) => {
    const other = seen.get(s);
    assert.ok(other === undefined, `${key} and ${other} share the seed ${s}`);
    seen.set(s, key);
  };
  for (let seed = 0; seed < 1000; seed++) {
    for (const name of names) {
      add(streamSeed(seed, name), `${seed}/${name}`);
      for (let part = 0; part < 100; part++) add(streamSeed(seed, name, part), `${seed}/${name}/${part}`);
    }
  }
  assert.equal(seen.size, 1000 * names.length * 101);
  assert.notEqual(streamSeed(1, 'synthetic'), streamSeed(2, 'modelInit'));
});

/** Pearson correlation of the first n values of a and b. */
function corr(a: ArrayLike<number>, b: ArrayLike<number>, n: number): number {
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) (ma += a[i]), (mb += b[i]);
  ma /= n;
  mb /= n;
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) (sab += (a[i] - ma) * (b[i] - mb)), (saa += (a[i] - ma) ** 2), (sbb += (b[i] - mb) ** 2);
  return sab / Math.sqrt(saa * sbb);
}

const models = [
  { kind: 'classical_lenet' },
  { kind: 'quantum_lenet', qubits: 6, layers: 3, observable: 'hermitian', residual: true },
  { kind: 'quantum_lenet', qubits: 4, layers: 2, observable: 'pauliz' },
  { kind: 'quantum_lenet', quanv: { circuit: 'sel', layers: 1 } },
  { kind: 'qnn_classifier', qubits: 4, layers: 2 },
];

// |corr| of n independent draws is about N(0, 1/n): the bound is 0.05, or 5σ where n is small.
const bound = (n: number) => Math.max(0.05, 5 / Math.sqrt(n));

test('the initial weights of every model kind are uncorrelated with the initial synthetic set', async () => {
  assert.ok(await tf.setBackend('wasm'));
  for (const model of models) {
    for (const seed of [0, 1]) {
      // 100 synthetic images (78,400 pixels), so that every LeNet weight has a pixel to pair with
      const cfg = parseDistillConfig({ dataset: 'mnist', model, imagesPerClass: 10, distillSteps: 1, seed });
      const state = initState(cfg);
      const pixels = state.images.dataSync();
      const params = initModel(cfg.model, cfg.seed);
      const flat: number[] = [];
      for (const [name, t] of Object.entries(params)) {
        const w = t.dataSync();
        if (new Set(w).size < 2) continue; // a constant (biases start at 0)
        flat.push(...w); // the random tensors in order: the draws of the initialisation's stream
        if (w.length < 25) continue;
        const c = corr(w, pixels, w.length);
        assert.ok(Math.abs(c) < bound(w.length), `${model.kind} seed ${seed}: ${name} has ` +
          `correlation ${c.toFixed(4)} with the synthetic images (n = ${w.length})`);
      }
      // With one stream for both (before numerics v2) this was 0.97 (classical LeNet, seed 0).
      const n = Math.min(flat.length, pixels.length), c = corr(flat, pixels, n);
      assert.ok(Math.abs(c) < bound(n), `${model.kind} seed ${seed}: ` +
        `all weights have correlation ${c.toFixed(4)} with the synthetic images (n = ${n})`);
      if (model.kind === 'classical_lenet') assert.ok(n > 50_000 && bound(n) === 0.05, `n = ${n}`);
      disposeParams(params);
      disposeState(state);
    }
  }
});
