/**
 * The variants a notebook's configuration cell holds find the same cached runs as before the
 * notebooks held them (the run store and caches stay valid), and are the library's defaults
 * (what `qdistill plan` lists). Expected run folder names: test/fixtures/notebook_run_ids.json,
 * computed with the code before this change.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  AUTHORS_MODEL_VARIANTS, EMBEDDING_VARIANTS, HERMITIAN_GROUP_VARIANTS, QUANV_VARIANTS, RANDOM_INIT_VARIANTS, STABILITY_VARIANTS,
  TABLE1_VARIANTS, Variant,
  NOTEBOOK_RUNS, parseVariants, randomInitRuns, readNotebookVariantSpecs, runSpecDir, stabilityRuns, table1Runs,
  variantStudyRuns, RunSpec,
} from '../../src/experiments';
import { DatasetName } from '../../src/models/spec';
import { Profile, profileNamed } from '../../src/results/profile';
import { REPO_ROOT } from '../../src/tools/jupyter-env';

const expected = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'fixtures', 'notebook_run_ids.json'),
  'utf8')) as Record<string, Record<string, string[]>>;
const runsOf = (xs: Array<{ run: RunSpec }>) => xs.map((x) => x.run);

interface Case { datasets: DatasetName[]; defaults: readonly Variant[]; runs: (p: Profile, v: Variant[]) => RunSpec[] }
const table1 = (d: DatasetName): Case => ({
  datasets: [d], defaults: TABLE1_VARIANTS,
  runs: (p, v) => { const r = table1Runs(d, p, v); return [...runsOf(r.distill), ...runsOf(r.train)]; },
});
const study = (defaults: readonly Variant[], datasets: DatasetName[]): Case => ({
  datasets, defaults, runs: (p, v) => datasets.flatMap((d) => runsOf(variantStudyRuns(d, v, p))),
});
const CASES: Record<string, Case> = {
  '01-table1-mnist.ipynb': table1('mnist'),
  '02-table1-cifar10.ipynb': table1('cifar10'),
  '03-stability-hermitian.ipynb': { datasets: ['mnist'], defaults: STABILITY_VARIANTS,
    runs: (p, v) => runsOf(stabilityRuns(p, v)) },
  '04-random-init.ipynb': { datasets: ['mnist'], defaults: RANDOM_INIT_VARIANTS,
    runs: (p, v) => runsOf(randomInitRuns(p, v)) },
  '08-authors-model.ipynb': study(AUTHORS_MODEL_VARIANTS, ['mnist']),
  '10-oq1-quanvolution.ipynb': study(QUANV_VARIANTS, ['mnist']),
  '11-oq2-angle-embedding.ipynb': study(EMBEDDING_VARIANTS, ['mnist']),
  '12-oq3-multiqubit-hermitian.ipynb': study(HERMITIAN_GROUP_VARIANTS, ['mnist', 'cifar10']),
};

for (const [nb, c] of Object.entries(CASES)) {
  test(`${nb}: the configuration cell's variants find the same runs as before, and are the library's defaults`, () => {
    const variants = parseVariants(readNotebookVariantSpecs(path.join(REPO_ROOT, 'notebooks', nb)), c.datasets);
    assert.deepEqual(variants, c.defaults.map((v) => ({ ...v, model: { ...v.model } })));
    for (const profile of ['quick', 'standard']) {
      const ids = c.runs(profileNamed(profile), variants).map((s) => path.basename(runSpecDir(s, profile)));
      assert.deepEqual(ids, expected[profile][nb], `${nb} at profile ${profile}`);
    }
  });
}

test("the run store's paper runs are found from notebook 01's configuration cell", () => {
  const variants =
    parseVariants(readNotebookVariantSpecs(path.join(REPO_ROOT, 'notebooks', '01-table1-mnist.ipynb')), ['mnist']);
  const ids = CASES['01-table1-mnist.ipynb'].runs(profileNamed('paper'), variants)
    .map((s) => path.basename(runSpecDir(s, 'paper')));
  // as `node scripts/store-distill.js mnist VARIANT 0 paper --check` names them (numerics v3)
  for (const id of ['mnist-classical-fixed-s0-8f6bea6c4163', 'mnist-quantum-hermitian-res-fixed-s0-49a38ee0807e'])
    assert.ok(ids.includes(id), `${id} not among ${ids.join(', ')}`);
});

test('a field written at its default and a new label find the same run (identity is the parsed model)', () => {
  const [a, b] = parseVariants([
    { label: 'angle RY, 6 qubits', model: { kind: 'quantum_lenet', embedding: 'angle', rotation: 'Y' } },
    { key: 'other', label: 'same model, other words',
      model: { kind: 'quantum_lenet', embedding: 'angle', rotation: 'Y', qubits: 6, layers: 3, residual: true } },
  ], ['mnist']);
  assert.equal(a.key, 'angle-ry-6-qubits');
  const dir = (v: Variant) => runSpecDir(variantStudyRuns('mnist', [v], profileNamed('quick'))[0].run, 'quick');
  assert.equal(dir(a), dir(b));
  assert.match(path.basename(dir(a)), /^mnist-quantum-hermitian-res-angleY-fixed-s0-[0-9a-f]{12}$/);
});

test("the plan (qdistill plan, make reproduce EXECUTOR=…) lists the runs of the " +
  "notebooks' configuration cells", () => {
  for (const nb of Object.keys(CASES)) {
    for (const profile of ['quick', 'standard']) {
      const ids = NOTEBOOK_RUNS[nb](profileNamed(profile)).map((s) => path.basename(runSpecDir(s, profile)));
      assert.deepEqual(ids, expected[profile][nb], `${nb} at profile ${profile}`);
    }
  }
  const template = NOTEBOOK_RUNS['99-template-variant.ipynb'](profileNamed('quick'))
    .map((s) => path.basename(runSpecDir(s, 'quick')));
  const seeds = profileNamed('quick').openQuestions.mnist.seeds.length; // runs are variant-major
  assert.deepEqual(template, expected.quick['11-oq2-angle-embedding.ipynb'].slice(0, 2 * seeds),
    "the template's default variants are notebook 11's first two: cached");
});
