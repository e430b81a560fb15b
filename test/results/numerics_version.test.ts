/**
 * Manifests record the numerics version, git commit, TF.js backend and threads; the generated
 * results README marks outputs computed under an older numerics version (or none recorded) as
 * stale and says how many there are.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { NUMERICS_VERSION } from '../../src/numerics';

/** The current version as the README writes it (`v<N>`). */
const V = NUMERICS_VERSION;
import { isStale, manifestNumericsVersion, readManifest } from '../../src/results/manifest';
import { profileNamed } from '../../src/results/profile';
import { resultsReadme } from '../../src/results/readme';
import { ResultsWriter } from '../../src/results/writer';

const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-numerics-'));
  process.on('exit', () => fs.rmSync(d, { recursive: true, force: true }));
  return d;
};
const quick = profileNamed('quick');

test('the expected strings below are written for numerics version 3', () => {
  assert.equal(NUMERICS_VERSION, 3);
});

test('every manifest records numerics_version, the git commit, the TF.js backend and threads', async () => {
  await tf.setBackend('cpu');
  const dir = tmp();
  const head = spawnSync('git', ['rev-parse', 'HEAD'], { cwd: __dirname, encoding: 'utf8' }).stdout.trim();
  const w = new ResultsWriter('09-test.ipynb', { dir, profile: quick });
  w.table('plain', [{ a: 1 }], ['a']);
  const m = readManifest(path.join(dir, 'plain.csv.manifest.json'))!;
  assert.equal(m.format, 'qdistill-manifest/2');
  assert.equal(m.numerics_version, V);
  assert.equal(m.git.commit, head);
  assert.equal(m.backend, 'cpu');
  assert.equal(m.threads, Math.min(os.cpus().length, 8),
    'by default, the threads the experiments use (cores, at most 8 shards)');
  assert.equal(manifestNumericsVersion(m), V);
  assert.equal(isStale(m), false);

  const told = new ResultsWriter('09-test.ipynb', { dir, profile: quick, threads: 2 });
  told.table('told', [{ a: 1 }], ['a']);
  assert.equal(readManifest(path.join(dir, 'told.csv.manifest.json'))!.threads, 2);
  told.table('override', [{ a: 1 }], ['a'], { threads: 1 });
  assert.equal(readManifest(path.join(dir, 'override.csv.manifest.json'))!.threads, 1);
  told.sharedTable('shared', [{ a: 1 }], ['a']);
  const shared = JSON.parse(fs.readFileSync(path.join(dir, 'shared.csv.manifest.json'), 'utf8'));
  assert.deepEqual([shared.numerics_version, shared.threads], [V, 2]);
  assert.deepEqual([shared.contributions['09-test.ipynb'].numerics_version,
    shared.contributions['09-test.ipynb'].backend], [V, 'cpu']);

  assert.throws(() => new ResultsWriter('09-test.ipynb', { dir, threads: 0 }),
    /threads: expected a positive integer \(worker threads \+ 1\) or null, received 0/);
  assert.throws(() => told.table('bad', [{ a: 1 }], ['a'], { threads: 1.5 }), /received 1\.5/);
});

/** A minimal manifest as the writer of numerics version `v` wrote it (undefined: format 1, no field). */
function writeManifest(dir: string, output: string, notebook: string, v: number | undefined, extra: object = {}): void {
  const m = {
    format: v === undefined ? 'qdistill-manifest/1' : 'qdistill-manifest/2',
    output, notebook, profile: 'standard',
    git: { commit: '0123456789abcdef0123456789abcdef01234567', dirty: false },
    ...(v === undefined ? {} : { numerics_version: v, threads: null }),
    config: null, seeds: [0], backend: 'wasm', versions: {}, wallTimeSeconds: 1,
    executions: { forward: 0, gradient: 0, hardwareCircuits: 0 }, created: '2025-01-01T00:00:00.000Z',
    ...extra,
  };
  fs.writeFileSync(path.join(dir, output + '.manifest.json'), JSON.stringify(m));
}

test('the README marks outputs without numerics_version or with an older one as stale, and current ones not', () => {
  const dir = tmp();
  writeManifest(dir, 'absent.csv', '01-a.ipynb', undefined);
  writeManifest(dir, 'older.csv', '02-b.ipynb', 1);
  writeManifest(dir, 'previous.csv', '04-d.ipynb', 2);
  writeManifest(dir, 'current.csv', '03-c.ipynb', V);
  const text = resultsReadme(dir);
  assert.ok(
    text.includes('| output | written by | profile | numerics | provenance |\n| --- | --- | --- | --- | --- |\n'));
  assert.ok(text.includes('| [`absent.csv`](absent.csv) | `notebooks/01-a.ipynb` | standard | v1 (stale: regenerate) ' +
    '| [manifest](absent.csv.manifest.json) |\n'));
  assert.ok(text.includes('| [`older.csv`](older.csv) | `notebooks/02-b.ipynb` | standard | v1 (stale: regenerate) | ' +
    '[manifest](older.csv.manifest.json) |\n'));
  assert.ok(text.includes('| [`previous.csv`](previous.csv) | `notebooks/04-d.ipynb` | standard ' +
    '| v2 (stale: regenerate) | [manifest](previous.csv.manifest.json) |\n'));
  assert.ok(text.includes(`| [\`current.csv\`](current.csv) | \`notebooks/03-c.ipynb\` | standard | v${V} | ` +
    `[manifest](current.csv.manifest.json) |\n`));
  assert.ok(text.includes(`\n**3 of 4 outputs are stale**: they were produced under an older numerics version ` +
    `(v1, v2; current: v${V}, \`src/numerics.ts\`), so their numbers may differ from what the code computes now. ` +
    `Regenerate them with \`make reproduce\`; they are marked "stale" below.\n`));
  assert.equal(readManifest(path.join(dir, 'absent.csv.manifest.json'))!.format, 'qdistill-manifest/1',
    'format 1 manifests are still read');
});

test('the README says when every output is current, and a shared table is stale if any contribution is', () => {
  const dir = tmp();
  writeManifest(dir, 'current.csv', '03-c.ipynb', V);
  assert.ok(resultsReadme(dir)
    .includes(`\nAll 1 outputs were computed under the current numerics version (v${V}, \`src/numerics.ts\`).\n`));
  const contribution = (v: number | undefined) =>
    ({ profile: 'standard', ...(v === undefined ? {} : { numerics_version: v }), rows: [] });
  writeManifest(dir, 'table1.csv', '02-table1-cifar10.ipynb', V, {
    columns: ['dataset'],
    contributions: { '01-table1-mnist.ipynb': contribution(undefined), '02-table1-cifar10.ipynb': contribution(V) },
  });
  const text = resultsReadme(dir);
  assert.ok(text.includes('| [`table1.csv`](table1.csv) | `notebooks/01-table1-mnist.ipynb`, ' +
    '`notebooks/02-table1-cifar10.ipynb` | standard | v1 (stale: regenerate) | ' +
    '[manifest](table1.csv.manifest.json) |\n'));
  assert.ok(text.includes(`\n_Stale: computed under numerics v1, older than the current v${V}; ` +
    `regenerate with \`make reproduce\`._\n`));
  assert.ok(text.includes('\n**1 of 2 outputs are stale**: '));
});

test('a derived output carries the oldest numerics version of its inputs ' +
  '(the claims of a v1 Table I are stale)', async () => {
  await tf.setBackend('cpu');
  const dir = tmp();
  // A Table I written under version 1: a shared table whose one contribution records no version.
  const w = new ResultsWriter('01-table1-mnist.ipynb', { dir, profile: quick });
  w.sharedTable('table1', [{ dataset: 'mnist' }], ['dataset']);
  const file = path.join(dir, 'table1.csv.manifest.json');
  const m = JSON.parse(fs.readFileSync(file, 'utf8'));
  delete m.contributions['01-table1-mnist.ipynb'].numerics_version;
  fs.writeFileSync(file, JSON.stringify(m));
  const { claimsOf } = await import('../../src/experiments/claims_study');
  const claims = claimsOf(dir, 'quick');
  assert.equal(claims.numericsVersion, 1);
  const c = new ResultsWriter('07-claims.ipynb', { dir, profile: quick });
  c.table('claims', [{ a: 1 }], ['a'], { numericsVersion: claims.numericsVersion });
  const out = readManifest(path.join(dir, 'claims.csv.manifest.json'))!;
  assert.deepEqual([out.numerics_version, isStale(out)], [1, true]);
  assert.equal(claimsOf(tmp(), 'quick').numericsVersion, undefined, 'no inputs: no version');
  assert.throws(() => c.table('x', [], ['a'], { numericsVersion: V + 1 }),
    new RegExp(`expected an integer from 1 to ${V}, received ${V + 1}`));
});
