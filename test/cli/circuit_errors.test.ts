/**
 * `qdistill circuit` on malformed input: exit code 2, nothing on stdout, exactly one stderr
 * line naming the offending field (so the input is validated before the backend starts,
 * whose report would be a second line).
 */
import { describe, test } from 'node:test';
import * as path from 'node:path';
import { FixtureCase, assertInputError, loadFixture, runCli, tempDir, writeTempJson } from './helpers';

const { cases } = loadFixture();
/** A fresh copy of fixture case `id`. */
const fixtureCase = (id: number): FixtureCase => structuredClone(cases[id]);

async function expectError(input: unknown, pattern: RegExp): Promise<void> {
  assertInputError(await runCli(['circuit', writeTempJson(input)]), pattern);
}

// Each test is a subprocess or two; two at a time keeps the file short on a 2-core machine.
describe('qdistill circuit, malformed input', { concurrency: 2 }, () => {
  test('invalid JSON', async () => {
    const file = writeTempJson('{"n_wires": 3, "embedding": ', 'broken.json');
    assertInputError(await runCli(['circuit', file]), /broken\.json: expected valid JSON, received invalid JSON/);
  });

  test('missing n_wires', async () => {
    const c = fixtureCase(6);
    delete (c as Partial<FixtureCase>).n_wires;
    await expectError(c, /^qdistill circuit: n_wires: expected an integer from 1 to 20, received nothing$/);
  });

  test('layers.weights of the wrong shape', async () => {
    const c = fixtureCase(6); // 3 wires
    c.layers.weights[1] = c.layers.weights[1].slice(0, 2);
    await expectError(c, /layers\.weights\[1\]: expected 3 rows of 3 angles/);
    const d = fixtureCase(6);
    d.layers.weights[0][2] = [0.1, 0.2];
    await expectError(d, /layers\.weights\[0\]\[2\]: expected 3 angles/);
  });

  test('n_features that disagrees with the features given', async () => {
    const c = fixtureCase(6) as FixtureCase & { embedding: { n_features?: number } };
    const n = c.embedding.features.length;
    c.embedding.n_features = n + 1;
    await expectError(c, new RegExp(`^qdistill circuit: embedding\\.n_features: ` +
      `expected ${n} \\(the number of features given\\), received ${n + 1}$`));
  });

  test('non-Hermitian observable matrix', async () => {
    const c = fixtureCase(6);
    c.observables[1].matrix[0][1] = [0.3, 0.7];
    await expectError(c, /observables\[1\]\.matrix: matrix is not Hermitian/);
  });

  test('more than 20 wires', async () => {
    const c = fixtureCase(6);
    c.n_wires = 21;
    await expectError(c, /n_wires: expected an integer from 1 to 20, received 21/);
  });

  test('amplitude features longer than 2^n', async () => {
    const c = fixtureCase(6); // 3 wires, 8 features
    c.embedding.features = [...c.embedding.features, 0.5];
    await expectError(c, /embedding\.features: expected 1 to 2\^3 = 8 features, received "9 features"/);
  });

  test('unknown embedding type', async () => {
    const c = fixtureCase(6);
    c.embedding.type = 'basis';
    await expectError(c, /embedding\.type: expected 'amplitude' or 'angle', received "basis"/);
  });

  test('missing file', async () => {
    const file = path.join(tempDir(), 'does-not-exist.json');
    assertInputError(await runCli(['circuit', file]),
      /does-not-exist\.json: expected a readable JSON file, cannot read it \(no such file\)/);
  });

  test('a bad case among good ones: nothing is printed, the field names the case', async () => {
    const good = [fixtureCase(3), fixtureCase(6)];
    const bad = fixtureCase(13);
    bad.observables[0].wires = [5];
    await expectError({ cases: [...good, bad] },
      /cases\[2\]\.observables\[0\]\.wires\[0\]: expected an integer from 0 to 2, received 5/);
  });

  test('a misspelt key (rotaton) is an input error, not the default rotation', async () => {
    const i = cases.findIndex((c) => c.embedding.type === 'angle');
    const c = fixtureCase(i);
    delete c.embedding.rotation;
    c.embedding.rotaton = 'Y';
    await expectError({ meta: {}, cases: [fixtureCase(6), c] }, new RegExp(
      '^qdistill circuit: cases\\[1\\]\\.embedding: expected one of the keys type, features, n_features, ' +
      "rotation for an angle embedding, received unknown key 'rotaton'$"));
  });

  test('an all-zero amplitude feature vector is an input error', async () => {
    const c = fixtureCase(6);
    c.embedding.features = c.embedding.features.map(() => 0);
    await expectError(c, /embedding\.features: expected a non-zero feature vector/);
  });

  test('malformed input on stdin; missing FILE argument', async () => {
    const [stdin, none, two] = await Promise.all([
      runCli(['circuit', '-'], { input: '[1, 2' }),
      runCli(['circuit']),
      runCli(['circuit', 'a.json', 'b.json']),
    ]);
    assertInputError(stdin, /stdin: expected valid JSON/);
    assertInputError(none, /expected one FILE argument \(a path, or - for stdin\), received none/);
    assertInputError(two, /expected one FILE argument/);
  });
});
