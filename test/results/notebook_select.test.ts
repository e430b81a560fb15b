/**
 * `make reproduce NOTEBOOKS=…`: which notebooks a list names, and the outputs removed before they
 * are rebuilt (theirs only; shared tables and the other notebooks' outputs stay).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { forgetNotebookOutputs, selectNotebooks } from '../../src/results/notebook_select';

const AVAILABLE = ['00-simulator-tour.ipynb', '01-table1-mnist.ipynb', '02-table1-cifar10.ipynb', '07-claims.ipynb',
  '10-oq1-quanvolution.ipynb', '99-template-variant.ipynb'];

test('selectNotebooks: numbers, names with or without .ipynb and notebooks/, in name order, each once', () => {
  assert.deepEqual(selectNotebooks(['07', '01'], AVAILABLE), ['01-table1-mnist.ipynb', '07-claims.ipynb']);
  assert.deepEqual(selectNotebooks(['notebooks/02-table1-cifar10.ipynb', '02-table1-cifar10', '02'], AVAILABLE),
    ['02-table1-cifar10.ipynb']);
  assert.deepEqual(selectNotebooks(['01-table1', '10'], AVAILABLE), ['01-table1-mnist.ipynb',
    '10-oq1-quanvolution.ipynb'], 'a leading part ending before a "-"');
});

test('selectNotebooks: a pattern that names nothing, or none at all, says what there is', () => {
  assert.throws(() => selectNotebooks(['1'], AVAILABLE),
    /NOTEBOOKS: "1" names no notebook; expected a name or its number, one of: 00-simulator-tour, 01-table1-mnist/);
  assert.throws(() => selectNotebooks(['0'], AVAILABLE), /"0" names no notebook/);
  assert.throws(() => selectNotebooks(['table1'], AVAILABLE), /"table1" names no notebook/);
  assert.throws(() => selectNotebooks(['01-tab'], AVAILABLE), /"01-tab" names no notebook/);
  assert.throws(() => selectNotebooks([], AVAILABLE), /expected at least one notebook, received none/);
});

test('forgetNotebookOutputs: the named notebooks\' own outputs and executed copies go; the rest stays', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-forget-'));
  try {
    const own = (output: string, notebook: string) => {
      fs.writeFileSync(path.join(dir, output), 'x');
      fs.writeFileSync(path.join(dir, `${output}.manifest.json`),
        JSON.stringify({ format: 'qdistill-manifest/2', output, notebook, profile: 'standard' }));
    };
    own('table1-mnist.png', '01-table1-mnist.ipynb');
    own('table1-mnist-details.csv', '01-table1-mnist.ipynb');
    own('claims.csv', '07-claims.ipynb');
    own('table1-cifar10.png', '02-table1-cifar10.ipynb');
    fs.writeFileSync(path.join(dir, 'table1.csv'), 'x');
    fs.writeFileSync(path.join(dir, 'table1.csv.manifest.json'), JSON.stringify({ format: 'qdistill-manifest/2',
      output: 'table1.csv', notebook: '01-table1-mnist.ipynb', profile: 'standard',
      contributions: { '01-table1-mnist.ipynb': { rows: [] }, '02-table1-cifar10.ipynb': { rows: [] } } }));
    fs.mkdirSync(path.join(dir, 'executed'));
    for (const nb of ['01-table1-mnist.ipynb', '02-table1-cifar10.ipynb']) fs.writeFileSync(path.join(dir, 'executed', nb), '{}');
    fs.writeFileSync(path.join(dir, 'README.md'), '# results/');
    const removed = forgetNotebookOutputs(dir, ['01-table1-mnist.ipynb', '07-claims.ipynb']);
    assert.deepEqual(removed, ['claims.csv', 'claims.csv.manifest.json', 'table1-mnist-details.csv',
      'table1-mnist-details.csv.manifest.json', 'table1-mnist.png', 'table1-mnist.png.manifest.json',
      path.join('executed', '01-table1-mnist.ipynb')]);
    assert.deepEqual(fs.readdirSync(dir).sort(), ['README.md', 'executed', 'table1-cifar10.png',
      'table1-cifar10.png.manifest.json', 'table1.csv', 'table1.csv.manifest.json']);
    assert.deepEqual(fs.readdirSync(path.join(dir, 'executed')), ['02-table1-cifar10.ipynb']);
    assert.deepEqual(forgetNotebookOutputs(path.join(dir, 'absent'), ['01-table1-mnist.ipynb']), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('reproduce.js select: the notebooks/ files, one per line; exit 2 with the list for a bad name', () => {
  const tool = path.join(__dirname, '..', '..', 'src', 'tools', 'reproduce.ts');
  const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', tool, 'select', ...args],
    { encoding: 'utf8' });
  const ok = run('07', '01');
  assert.equal(ok.status, 0, ok.stderr);
  assert.equal(ok.stdout, '01-table1-mnist.ipynb\n07-claims.ipynb\n');
  const bad = run('13');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /^reproduce: NOTEBOOKS: "13" names no notebook; .*12-oq3-multiqubit-hermitian, 20-kd/);
});
