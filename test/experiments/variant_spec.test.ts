/** Variant specs: what a bad one is told (field path, what was expected, what was received). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { parseVariants, readNotebookVariantSpecs, variantKey } from '../../src/experiments';

const q = { kind: 'quantum_lenet' };

test('keys default to the label in lower case with dashes', () => {
  assert.equal(variantKey('angle RY, 6 qubits'), 'angle-ry-6-qubits');
  assert.deepEqual(parseVariants([{ label: 'QLeNet (k = 2)', model: { ...q, hermitianQubits: 2 } }], ['mnist']),
    [{ key: 'qlenet-k-2', label: 'QLeNet (k = 2)', model: { ...q, hermitianQubits: 2 } }]);
});

test('bad specs are explained by their path', () => {
  const bad: Array<[unknown, RegExp]> = [
    [[], /^Error: variants: expected a non-empty list of variants/],
    [{ label: 'a', model: q }, /^Error: variants: expected a non-empty list/],
    [['x'], /^Error: variants\[0\]: expected \{ label, model \} \(an object\), received "x"$/],
    [[{ label: 'a', model: q, seeds: [1] }],
      /^Error: variants\[0\]\.seeds: expected one of the fields key, label, model, received \[1\]$/],
    [
      [{ model: q }],
      /^Error: variants\[0\]\.label: expected a non-empty string \(the name in tables and figures\), received nothing$/,
    ],
    [[{ label: 'a' }], /^Error: variants\[0\]\.model: expected a model spec such as .*received nothing$/],
    [[{ label: 'a', key: 'a b', model: q }], /^Error: variants\[0\]\.key: expected letters, digits.*received "a b"$/],
    [[{ label: '!!', model: q }],
      /^Error: variants\[0\]\.label: expected a label with letters or digits.*received "!!"$/],
    [[{ label: 'a', model: q }, { label: 'A', model: q }],
      /^Error: variants\[1\]\.key: expected a key no other variant has \(variants\[0\] is also 'a'.*received "a"$/],
    [[{ label: 'a', model: { ...q, embedding: 'angle', rotation: 'Z' } }],
      /^Error: variants\[0\]\.model\.rotation: expected 'X' or 'Y' .*received "Z"$/],
    [[{ label: 'a', model: { ...q, qubit: 6 } }],
      /^Error: variants\[0\]\.model\.qubit: expected one of the fields kind, qubits/],
    [[{ label: 'a', model: { kind: 'lenet' } }], /^Error: variants\[0\]\.model\.kind: expected 'classical_lenet', 'quantum_lenet' or 'qnn_classifier', received "lenet"$/],
  ];
  for (const [raw, re] of bad) assert.throws(() => parseVariants(raw, ['mnist']), re, JSON.stringify(raw));
});

test('a model that one of the datasets cannot take names the dataset', () => {
  const quanv = [{ label: 'quanv', model: { ...q, quanv: { circuit: 'random' } } }];
  assert.doesNotThrow(() => parseVariants(quanv, ['mnist']));
  assert.throws(() => parseVariants(quanv, ['mnist', 'cifar10']),
    /^Error: variants\[0\]\.model\.quanv: expected MNIST-sized 28×28 inputs.*\(for dataset cifar10\)$/);
});

test('a notebook whose configuration cell lacks VARIANT_SPECS, or holds code in it, is told so', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-nbvar-'));
  try {
    const write = (src: string) => {
      const f = path.join(dir, 'x.ipynb');
      fs.writeFileSync(f, JSON.stringify({ cells: [{ cell_type: 'markdown', source: 'const VARIANT_SPECS = [1\n];' },
        { cell_type: 'code', source: src }] }));
      return f;
    };
    assert.deepEqual(readNotebookVariantSpecs(write("import x from 'y';\nconst VARIANT_SPECS = [\n" +
      "  { label: 'a', model: { kind: 'classical_lenet' } },\n];\nconst z = 1;")),
      [{ label: 'a', model: { kind: 'classical_lenet' } }]);
    assert.throws(() => readNotebookVariantSpecs(write('const specs = [];')),
      /x\.ipynb: expected its first code cell to hold 'const VARIANT_SPECS = \[ … \];'/);
    assert.throws(() => readNotebookVariantSpecs(write("const VARIANT_SPECS = [\n  require('fs'),\n];")),
      /VARIANT_SPECS is not a plain literal: require is not defined/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
