/** Validation of circuits given as data: every error names the offending field. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SpecError, parseCircuitFile, parseCircuitSpec } from '../../src/sim/circuit_spec';
import { loadFixtures } from './helpers';

const base = () => JSON.parse(JSON.stringify(loadFixtures().cases[2])); // 2 wires, amplitude, Hermitians incl. 2-wire

test('every fixture case validates, with defaults filled in', () => {
  const specs = parseCircuitFile({ cases: loadFixtures().cases });
  assert.equal(specs.length, 40);
  const c = base();
  delete c.layers.ranges;
  delete c.layers.imprimitive;
  const s = parseCircuitSpec(c);
  assert.deepEqual(s.layers.ranges, [1]);
  assert.equal(s.layers.imprimitive, 'CNOT');
});

test('malformed cases are rejected with the field, what was expected and what was received', () => {
  const cases: Array<[(c: any) => void, RegExp]> = [
    [(c) => delete c.n_wires, /^n_wires: expected an integer from 1 to 20, received nothing/],
    [(c) => (c.n_wires = 21), /^n_wires: expected an integer from 1 to 20, received 21/],
    [(c) => (c.embedding.features = [1, 2, 3, 4, 5]), /^embedding\.features: expected 1 to 2\^2 = 4 features/],
    [(c) => (c.embedding.features = [0, 0, 0]), /^embedding\.features: expected a non-zero feature vector/],
    [(c) => { c.embedding.normalize = false; c.embedding.features = [1, 1]; },
      /^embedding\.features: expected norm 1 \(normalize is false\), received "norm 1\.41/],
    [(c) => (c.embedding.pad_with = null), /^embedding\.pad_with: expected a number \(only 3 of 4 features\)/],
    [(c) => (c.embedding.type = 'basis'), /^embedding\.type: expected 'amplitude' or 'angle', received "basis"/],
    [(c) => (c.layers.weights[0][1] = [0.1, 0.2]), /^layers\.weights\[0\]\[1\]: expected 3 angles/],
    [(c) => (c.layers.weights[0] = [[1, 2, 3]]), /^layers\.weights\[0\]: expected 2 rows of 3 angles/],
    [(c) => (c.layers.ranges = [2]), /^layers\.ranges\[0\]: expected an integer from 1 to 1, received 2/],
    [(c) => (c.observables[0].matrix[0][1] = [5, 0]), /^observables\[0\]\.matrix: matrix is not Hermitian/],
    [(c) => (c.observables[2].wires = [0]),
      /^observables\[2\]\.matrix: expected a 2×2 matrix for 1 wire\(s\), received "4×4"/],
    [(c) => (c.observables[0].wires = [3]),
      /^observables\[0\]\.wires\[0\]: expected an integer from 0 to 1, received 3/],
    [(c) => (c.observables = []), /^observables: expected a non-empty array/],
  ];
  for (const [mutate, message] of cases) {
    const c = base();
    mutate(c);
    assert.throws(() => parseCircuitSpec(c), (e: Error) => e instanceof SpecError && message.test(e.message),
      `expected ${message}`);
  }
  assert.throws(() => parseCircuitFile({ cases: [base(), { ...base(), n_wires: 'x' }] }),
    /cases\[1\]\.n_wires: expected an integer from 1 to 20, received "x"/);
});

test('unknown keys are rejected, naming the key, where it is and the keys expected', () => {
  const angle = () => JSON.parse(JSON.stringify(loadFixtures().cases.find((c: any) => c.embedding.type === 'angle')));
  const cases: Array<[() => any, (c: any) => void, RegExp]> = [
    // A misspelt optional key would otherwise take its default (rotation X) silently.
    [angle, (c) => { c.embedding.rotaton = 'Y'; delete c.embedding.rotation; }, new RegExp('^embedding: expected ' +
      "one of the keys type, features, n_features, rotation for an angle embedding, received unknown key 'rotaton'$")],
    [angle, (c) => (c.embedding.normalize = true), /^embedding: .* angle embedding, received unknown key 'normalize'$/],
    [base, (c) => (c.embedding.rotation = 'Y'),
      /^embedding: .* pad_with for an amplitude embedding \(or .*: padded_normalized\), received unknown key 'rot/],
    [base, (c) => (c.n_wire = 2), new RegExp('^case: expected one of the keys id, n_wires, n_layers, embedding, ' +
      "layers, observables \\(or the fixtures' answer fields, ignored: expvals, grad_weights, grad_features, " +
      "state\\), received unknown key 'n_wire'$")],
    [base, (c) => (c.layers.imprimitve = 'CZ'),
      /^layers: expected one of the keys type, weights, ranges, imprimitive, received unknown key 'imprimitve'$/],
    [base, (c) => (c.observables[1].wire = [0]),
      /^observables\[1\]: expected one of the keys kind, wires, matrix, received unknown key 'wire'$/],
  ];
  for (const [make, mutate, message] of cases) {
    const c = make();
    mutate(c);
    assert.throws(() => parseCircuitSpec(c), (e: Error) => e instanceof SpecError && message.test(e.message),
      `expected ${message}`);
  }
  const bad = base();
  bad.embedding.padd_with = 0;
  assert.throws(() => parseCircuitFile({ cases: [base(), bad] }),
    /cases\[1\]\.embedding: expected one of the keys type, .*, received unknown key 'padd_with'$/);
  assert.throws(() => parseCircuitFile({ cases: [base()], case: [] }),
    /file: expected one of the keys cases, meta, received unknown key 'case'$/);
  // The fixtures' answer fields and metadata stay accepted (and are ignored).
  const fixtures = loadFixtures();
  assert.equal(parseCircuitFile({ meta: fixtures.meta, cases: fixtures.cases }).length, 40);
  const keys = new Set(fixtures.cases.flatMap((c: any) => Object.keys(c)));
  for (const k of ['expvals', 'grad_weights', 'grad_features', 'state']) assert.ok(keys.has(k), k);
});
