/**
 * The file-level pieces of run directories: atomic writes and JSON reading, metrics lines
 * (reading, a torn last line, truncation on resume), config comparison and hashing, and
 * float32 little-endian files.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { readJson, writeFileAtomic, writeJsonAtomic } from '../../src/util/fs';
import * as zlib from 'node:zlib';
import { appendMetrics, compressMetrics, readMetrics, truncateMetrics } from '../../src/runs/metrics';
import { configHash, firstDifference, stableStringify } from '../../src/runs/config_compare';
import { NUMERICS_VERSION } from '../../src/numerics';
import { float32FromLE, float32ToLE } from '../../src/runs/tensor_file';
import { createRunDir, defaultRunDir, readRunInfo } from '../../src/runs/run_dir';
import { freshDir, tiny, tinyRaw } from './helpers';

test('writeFileAtomic / writeJsonAtomic replace the file and leave no temporary files; readJson names the file', () => {
  const dir = freshDir();
  fs.mkdirSync(dir);
  const file = path.join(dir, 'a.json');
  writeJsonAtomic(file, { x: 1 });
  writeFileAtomic(file, '{"x": 2}');
  assert.deepEqual(readJson(file), { x: 2 });
  assert.deepEqual(fs.readdirSync(dir), ['a.json']);
  fs.writeFileSync(file, '{"x": ');
  assert.throws(() => readJson(file),
    new RegExp(`^Error: ${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: expected valid JSON, received a parse error`));
  assert.throws(() => readJson(path.join(dir, 'missing.json')),
    /missing\.json: expected a readable JSON file, received ENOENT/);
  assert.throws(() => writeFileAtomic(path.join(dir, 'no-such-dir', 'b'), 'x'), /ENOENT/);
  assert.deepEqual(fs.readdirSync(dir), ['a.json']);
});

test('metrics: append and read; a torn last line is ignored; truncation keeps events up to an iteration', () => {
  const file = path.join(freshDir(), 'metrics.jsonl');
  fs.mkdirSync(path.dirname(file));
  for (let i = 1; i <= 4; i++) appendMetrics(file, { iteration: i, epoch: 0, loss: 2 / i, lr: 0.01, seconds: i });
  appendMetrics(file, { iteration: 4, eval: { accuracies: [50], mean: 50, std: 0 }, test_examples: 10 });
  appendMetrics(file, { iteration: 4, eval: { accuracies: [60], mean: 60, std: 0 }, test_examples: 100, final: true });
  fs.appendFileSync(file, '{"iteration": 5, "lo');
  assert.equal(readMetrics(file).length, 6);
  truncateMetrics(file, 3);
  assert.deepEqual(readMetrics(file).map((e) => e.iteration), [1, 2, 3]);
  appendMetrics(file, { iteration: 4, eval: { accuracies: [50], mean: 50, std: 0 }, test_examples: 10 });
  truncateMetrics(file, 4);
  assert.equal(readMetrics(file).length, 4, 'an intermediate evaluation at the checkpoint stays');
  fs.appendFileSync(file, 'not json\n');
  assert.throws(() => readMetrics(file),
    /metrics\.jsonl:5: expected a JSON object with an integer "iteration", received "not json"/);
});

test('metrics: a compressed file holds the same bytes, reads the same, and refuses appends', () => {
  const file = path.join(freshDir(), 'metrics.jsonl');
  fs.mkdirSync(path.dirname(file));
  assert.equal(compressMetrics(file), 0, 'no file: nothing to do');
  for (let i = 1; i <= 50; i++) appendMetrics(file, { iteration: i, epoch: 0, loss: 2 / i, lr: 0.01, seconds: i });
  appendMetrics(file, { iteration: 50, eval: { accuracies: [60], mean: 60, std: 0 }, test_examples: 100, final: true });
  const raw = fs.readFileSync(file);
  const events = readMetrics(file);
  const saved = compressMetrics(file);
  assert.deepEqual(fs.readdirSync(path.dirname(file)), ['metrics.jsonl.gz']);
  const gz = fs.readFileSync(`${file}.gz`);
  assert.ok(zlib.gunzipSync(gz).equals(raw), 'plain gzip of the original bytes');
  assert.equal(saved, raw.length - gz.length);
  assert.ok(saved > raw.length / 2, `${saved} of ${raw.length} bytes saved`);
  assert.deepEqual(readMetrics(file), events);
  assert.throws(() => appendMetrics(file, { iteration: 51, epoch: 0, loss: 1, lr: 0.01, seconds: 51 }),
    /metrics\.jsonl: expected an uncompressed metrics file to append to, received a compressed one/);
});

test('config comparison: first differing field as a path; hash independent of key order', () => {
  assert.equal(firstDifference(tiny(), tiny()), null);
  assert.deepEqual(firstDifference(tiny(), tiny({ lr: 0.5 })), { field: 'lr', a: 0.01, b: 0.5 });
  assert.deepEqual(firstDifference(tiny(), tiny({ betas: [0.5, 0.9] })), { field: 'betas[1]', a: 0.999, b: 0.9 });
  assert.deepEqual(firstDifference(tiny(), tiny({ model: { kind: 'quantum_lenet', qubits: 2, layers: 2 } })),
    { field: 'model.layers', a: 1, b: 2 });
  assert.deepEqual(firstDifference({ a: 1 }, { a: 1, b: null }), { field: 'b', a: undefined, b: null });
  assert.equal(stableStringify({ b: 1, a: [1, { d: 2, c: 3 }] }), '{"a":[1,{"c":3,"d":2}],"b":1}');
  assert.equal(configHash({ x: 1, y: 2 }), configHash({ y: 2, x: 1 }));
  assert.notEqual(configHash(tiny()), configHash(tiny({ seed: 6 })));
});

test('float32 little-endian round trip; wrong sizes are named', () => {
  const v = Float32Array.from([0, -1.5, 3.4028234663852886e38, NaN, 1e-45, -0]);
  const bytes = float32ToLE(v);
  assert.equal(bytes.readFloatLE(4), -1.5);
  assert.ok(Buffer.from(float32FromLE(bytes, 'x').buffer).equals(Buffer.from(v.buffer)));
  assert.throws(() => float32FromLE(bytes, 'f.bin', 5), /f\.bin: expected 20 bytes \(float32\), received 24/);
});

test('run directory: config.json holds the validated config, the input and its hash; ' +
  'an edited config.json is caught', () => {
  assert.equal(defaultRunDir('configs/mnist_quick.json'), path.join('runs', 'mnist_quick'));
  const dir = freshDir();
  createRunDir(dir, tiny(), tinyRaw(), null);
  const info = readRunInfo(dir);
  // The hash of the run identity: the config without result-neutral fields, and the numerics version.
  const { checkpointEvery: _c, profile: _p, ...numbers } = tiny();
  const expectedHash = configHash({ numericsVersion: NUMERICS_VERSION, config: numbers });
  assert.deepEqual([info.config, info.input, info.trainLimit, info.configHash, info.numericsVersion],
    [tiny(), tinyRaw(), null, expectedHash, NUMERICS_VERSION]);
  const file = path.join(dir, 'config.json');
  const raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  fs.writeFileSync(file, JSON.stringify({ ...raw, config: { ...raw.config, lr: 0.5 } }));
  assert.throws(() => readRunInfo(dir), /configHash: expected [0-9a-f]{64} \(hash of config\).*was the file edited\?/);
  fs.writeFileSync(file, JSON.stringify({ ...raw, config: { ...raw.config, lr: -1 } }));
  assert.throws(() => readRunInfo(dir), /config\.json: config\.lr: expected a positive finite number, received -1/);
});
