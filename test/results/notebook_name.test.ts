/** Finding the running notebook's name, and the folder its outputs go to (no Jupyter needed). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  executedNotebookDir, findNotebookName, kernelIdFrom, notebookResultsDir, openResultsWriter, OWN_RESULTS_NOTEBOOKS,
  safeNotebookName,
} from '../../src/results';
import { profileNamed } from '../../src/results/profile';
import { REPO_ROOT } from '../../src/tools/jupyter-env';

const KERNEL = '0f1e2d3c-aaaa-bbbb-cccc-123456789abc';

test('the kernel id comes from the connection file on the command line', () => {
  assert.deepEqual(kernelIdFrom(['node', 'tslab', 'kernel', '--config-path', `/r/kernel-${KERNEL}.json`]),
    { id: KERNEL, file: `/r/kernel-${KERNEL}.json` });
  assert.deepEqual(kernelIdFrom(['python', '-f', `--connection-file=/r/kernel-${KERNEL}.json`]),
    { id: KERNEL, file: `/r/kernel-${KERNEL}.json` });
  assert.equal(kernelIdFrom(['node', 'script.js', 'kernel.json']), null);
});

test('QDISTILL_NOTEBOOK comes first, then JPY_SESSION_NAME; both as base names', async () => {
  assert.deepEqual(await findNotebookName(
    { env: { QDISTILL_NOTEBOOK: 'notebooks/11-x.ipynb', JPY_SESSION_NAME: 'a/b.ipynb' }, argv: [] }),
    { name: '11-x.ipynb', how: '$QDISTILL_NOTEBOOK' });
  assert.deepEqual(await findNotebookName({ env: { JPY_SESSION_NAME: 'work/copy of 11.ipynb' }, argv: [] }),
    { name: 'copy of 11.ipynb', how: '$JPY_SESSION_NAME' });
});

test('a kernel asks the notebook servers beside its connection file which session it serves', async () => {
  const runtime = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-runtime-'));
  try {
    fs.writeFileSync(path.join(runtime, 'nbserver-11.json'),
      JSON.stringify({ url: 'http://127.0.0.1:1/', token: 'dead' }));
    fs.writeFileSync(path.join(runtime, 'nbserver-12.json'),
      JSON.stringify({ url: 'http://127.0.0.1:2/base', token: 't2' }));
    const asked: string[] = [];
    const fetch = async (url: string, headers: Record<string, string>) => {
      asked.push(`${url} ${headers.Authorization}`);
      if (url.startsWith('http://127.0.0.1:1/')) throw new Error('connection refused');
      return [{ path: 'other.ipynb', kernel: { id: 'x' } }, { path: 'sub/my-copy.ipynb', kernel: { id: KERNEL } }];
    };
    const found = await findNotebookName(
      { env: {}, argv: ['tslab', '--config-path', path.join(runtime, `kernel-${KERNEL}.json`)], fetch });
    assert.deepEqual(found,
      { name: 'my-copy.ipynb', how: `the notebook server at http://127.0.0.1:2/base/ (session of kernel ${KERNEL})` });
    assert.deepEqual(asked,
      ['http://127.0.0.1:1/api/sessions token dead', 'http://127.0.0.1:2/base/api/sessions token t2']);
    const none = await findNotebookName({ env: {}, argv: ['tslab', path.join(runtime, 'kernel-ffff.json')], fetch });
    assert.equal(none.name, null);
    assert.match((none as { tried: string[] }).tried.join('\n'),
      /127\.0\.0\.1:1\/ .*did not answer: connection refused/);
    assert.match((none as { tried: string[] }).tried.join('\n'), /has no session of kernel ffff/);
  } finally {
    fs.rmSync(runtime, { recursive: true, force: true });
  }
});

test('outside a notebook the writer says what it tried and how to name the notebook', async () => {
  await assert.rejects(openResultsWriter({ env: {}, argv: ['node', 'x.js'], profile: profileNamed('quick') }),
    /cannot tell which notebook is running \(\$QDISTILL_NOTEBOOK is not set; \$JPY_SESSION_NAME is not set; no Jupyter connection file.*Set QDISTILL_NOTEBOOK=<file>\.ipynb/);
});

test('committed notebooks write to the profile folder, any other notebook to a folder of its own', () => {
  assert.equal(notebookResultsDir('11-oq2-angle-embedding.ipynb', 'standard', {}), path.join(REPO_ROOT, 'results'));
  assert.equal(notebookResultsDir('11-oq2-angle-embedding.ipynb', 'quick', {}), path.join(REPO_ROOT, 'results-quick'));
  assert.equal(notebookResultsDir('11-oq2-angle-embedding-Copy1.ipynb', 'standard', {}),
    path.join(REPO_ROOT, 'results-copies', 'standard', '11-oq2-angle-embedding-Copy1'));
  assert.equal(notebookResultsDir('99-template-variant.ipynb', 'quick', { QDISTILL_RESULTS_DIR: '/tmp/r' }),
    path.join('/tmp/r', 'copies', '99-template-variant'));
  assert.equal(safeNotebookName('my angle (v2).ipynb'), 'my_angle_v2_.ipynb');
  assert.equal(executedNotebookDir('01-table1-mnist.ipynb', 'standard', {}),
    path.join(REPO_ROOT, 'results', 'executed'));
  assert.equal(executedNotebookDir('my copy.ipynb', 'quick', {}),
    path.join(REPO_ROOT, 'results-copies', 'quick', 'my_copy', 'executed'));
  assert.throws(() => safeNotebookName('.ipynb'), /expected a file name such as my-study\.ipynb, received "\.ipynb"/);
});

test('the list of notebooks that own the profile results is the committed notebooks less the template', () => {
  const committed = fs.readdirSync(path.join(REPO_ROOT, 'notebooks'))
    .filter((f) => f.endsWith('.ipynb') && !f.startsWith('99-')).sort();
  assert.deepEqual([...OWN_RESULTS_NOTEBOOKS].sort(), committed);
});

test('a copy writes its manifests under its own name into its own folder, and its own README only', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-copy-'));
  try {
    const env = { QDISTILL_RESULTS_DIR: dir, QDISTILL_NOTEBOOK: '01-table1-mnist copy.ipynb' };
    const w = await openResultsWriter({ env, profile: profileNamed('quick'), threads: 1 });
    w.table('t', [{ a: 1 }], ['a']);
    w.finish();
    assert.equal(w.dir, path.join(dir, 'copies', '01-table1-mnist_copy'));
    const m = JSON.parse(fs.readFileSync(path.join(w.dir, 't.csv.manifest.json'), 'utf8'));
    assert.equal(m.notebook, '01-table1-mnist_copy.ipynb');
    assert.deepEqual(fs.readdirSync(dir), ['copies'],
      'nothing written beside the copy folder (no README.md of the profile folder)');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
