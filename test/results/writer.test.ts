/**
 * The results writer: CSV through danfo (exact columns, rejected cells), atomic writes,
 * manifests, the shared Table I table, figures (HTML always, PNG with Chromium) and the
 * generated README.
 */
import { recordExecutions } from '../../src/sim/executions';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { csvText, writeCsv } from '../../src/results/csv';
import { MANIFEST_FORMAT, readManifest } from '../../src/results/manifest';
import { findChromium } from '../../src/results/png';
import { profileNamed } from '../../src/results/profile';
import {
  TABLE1_BLOCK_END, TABLE1_BLOCK_START, replaceTable1Block, table1Block,
} from '../../src/results/readme';
import { TABLE1_COLUMNS, table1Row } from '../../src/results/table1';
import { ResultsWriter } from '../../src/results/writer';
import { parseModelSpec } from '../../src/models/spec';

const tmp = () => {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-results-'));
  process.on('exit', () => fs.rmSync(d, { recursive: true, force: true }));
  return d;
};
const quick = profileNamed('quick');

test('csvText writes the columns in order, null as an empty cell, through danfo', () => {
  const text = csvText('t', [{ b: 'x', a: 1.5, c: null }, { a: -2, b: 'y z', c: true }], ['a', 'b', 'c']);
  assert.equal(text, 'a,b,c\n1.5,x,\n-2,y z,true\n');
  assert.equal(csvText('t', [], ['a', 'b']), 'a,b\n');
});

test('csvText rejects missing or unknown columns, commas, quotes, ' +
  'line breaks and non-finite numbers, naming row and column', () => {
  assert.throws(() => csvText('t.csv', [{ a: 1 }], ['a', 'b']),
    /t\.csv: row 0: expected exactly the columns \[a, b\], received \[a\]; missing b/);
  assert.throws(() => csvText('t.csv', [{ a: 1, z: 2 }], ['a']), /unknown z/);
  assert.throws(() => csvText('t.csv', [{ a: 'x,y' }], ['a']),
    /row 0, column a: expected no comma, quote or line break, received "x,y"/);
  assert.throws(() => csvText('t.csv', [{ a: 'say "hi"' }], ['a']), /no comma, quote/);
  assert.throws(() => csvText('t.csv', [{ a: 1 }, { a: NaN }], ['a']),
    /row 1, column a: expected a finite number or null, received NaN/);
  assert.throws(() => csvText('t.csv', [], ['a', 'a']), /duplicate column names/);
});

test('writeCsv replaces the file atomically and leaves no temporary file, also when a row is rejected', () => {
  const dir = tmp();
  const file = path.join(dir, 'x.csv');
  writeCsv(file, [{ a: 1 }], ['a']);
  assert.throws(() => writeCsv(file, [{ a: 'bad,cell' }], ['a']));
  assert.equal(fs.readFileSync(file, 'utf8'), 'a\n1\n', 'the previous content survives a failed write');
  assert.deepEqual(fs.readdirSync(dir), ['x.csv']);
});

test('table() writes the CSV and a manifest with notebook, profile, git, config, seeds, ' +
  'backend, versions, wall time', () => {
  const dir = tmp();
  const w = new ResultsWriter('09-test.ipynb', { dir, profile: quick });
  const file = w.table('numbers', [{ k: 'a', v: 1 }], ['k', 'v'], { config: { lr: 0.01 }, seeds: [0, 1] });
  assert.equal(file, path.join(dir, 'numbers.csv'));
  assert.equal(fs.readFileSync(file, 'utf8'), 'k,v\na,1\n');
  const m = readManifest(file + '.manifest.json')!;
  assert.equal(m.format, MANIFEST_FORMAT);
  assert.deepEqual([m.output, m.notebook, m.profile, m.seeds], ['numbers.csv', '09-test.ipynb', 'quick', [0, 1]]);
  assert.deepEqual(m.config, { lr: 0.01 });
  assert.match(m.git.commit ?? '', /^[0-9a-f]{40}$/);
  assert.ok(m.versions['danfojs-node'] && m.versions['@tensorflow/tfjs'] && m.versions.node);
  assert.equal(typeof m.backend, 'string');
  assert.ok(m.wallTimeSeconds >= 0);
  assert.deepEqual(m.executions, { forward: 0, gradient: 0, hardwareCircuits: 0 },
    'no circuits simulated since the writer was made');
  recordExecutions(5, { shiftParams: 2, settings: 1 });
  w.table('more', [{ k: 'b', v: 2 }], ['k', 'v']);
  assert.deepEqual(readManifest(path.join(dir, 'more.csv.manifest.json'))!.executions,
    { forward: 5, gradient: 0, hardwareCircuits: 5 }, 'circuits simulated since the writer was made');
  assert.throws(() => w.table('../escape', [], ['a']), /expected an output name/);
  assert.throws(() => new ResultsWriter('bad/name', { dir }), /expected a notebook file name/);
});

test('every output name belongs to one notebook: another notebook writing it fails naming both', async () => {
  const dir = tmp();
  const a = new ResultsWriter('10-a.ipynb', { dir, profile: quick }),
    b = new ResultsWriter('11-b.ipynb', { dir, profile: quick });
  a.table('answer', [{ k: 'x', v: 1 }], ['k', 'v']);
  a.table('answer', [{ k: 'x', v: 2 }], ['k', 'v']); // its own notebook may rewrite it
  const owned = new RegExp(`answer\\.csv: this output belongs to notebooks/10-a\\.ipynb; ` +
    `notebooks/11-b\\.ipynb must not overwrite it`);
  assert.throws(() => b.table('answer', [{ k: 'y', v: 3 }], ['k', 'v']), owned);
  assert.throws(() => b.sharedTable('answer', [{ k: 'y', v: 3 }], ['k', 'v']), owned);
  assert.equal(fs.readFileSync(path.join(dir, 'answer.csv'), 'utf8'), 'k,v\nx,2\n', 'left as its owner wrote it');
  a.sharedTable('joint', [{ k: 'x', v: 1 }], ['k', 'v']);
  b.sharedTable('joint', [{ k: 'y', v: 2 }], ['k', 'v']);
  assert.throws(() => b.table('joint', [], ['k', 'v']),
    /joint\.csv: this output belongs to notebooks\/10-a\.ipynb, notebooks\/11-b\.ipynb/);
  await a.figure('curve', { data: [], layout: {} });
  await assert.rejects(b.figure('curve', { data: [], layout: {} }),
    /curve\.html: this output belongs to notebooks\/10-a\.ipynb/);
});

test('sharedTable keeps other notebooks\' rows and replaces this notebook\'s own (Table I)', () => {
  const dir = tmp();
  const spec = parseModelSpec({ kind: 'classical_lenet' }, 'mnist');
  const mnist = table1Row('mnist', 'classical', spec, 'fixed', 1, [90, 92], 'quick');
  const cifar = table1Row('cifar10', 'classical', parseModelSpec({ kind: 'classical_lenet' }, 'cifar10'), 'fixed', 10,
    [50], 'quick');
  new ResultsWriter('01-a.ipynb', { dir, profile: quick }).sharedTable('table1', [mnist], TABLE1_COLUMNS);
  new ResultsWriter('02-b.ipynb', { dir, profile: quick }).sharedTable('table1', [cifar], TABLE1_COLUMNS);
  const again = { ...mnist, accuracy_mean: 93 };
  new ResultsWriter('01-a.ipynb', { dir, profile: quick }).sharedTable('table1', [again], TABLE1_COLUMNS);
  const lines = fs.readFileSync(path.join(dir, 'table1.csv'), 'utf8').trim().split('\n');
  assert.equal(lines[0], TABLE1_COLUMNS.join(','));
  assert.equal(lines.length, 3);
  assert.match(lines[1], /^mnist,classical,classical_lenet,none,false,fixed,1,2,93,1\.41,94,-3,quick$/);
  assert.match(lines[2], /^cifar10,classical,classical_lenet,none,false,fixed,10,1,50,0,54,-4,quick$/);
  assert.throws(() => new ResultsWriter('03-c.ipynb', { dir, profile: quick }).sharedTable('table1', [], ['dataset']),
    /expected the table's columns/);
});

test('figure() writes a self-contained HTML page always, ' +
  'and a PNG when Chromium is present', { timeout: 120_000 }, async () => {
  const dir = tmp();
  const w = new ResultsWriter('09-test.ipynb', { dir, profile: quick });
  const fig = { data: [{ type: 'bar', x: ['a', 'b'], y: [1, 2] }], layout: { title: { text: 'T' } } };
  const files = await w.figure('bars', fig);
  const html = fs.readFileSync(files.html, 'utf8');
  assert.match(html, /^<!DOCTYPE html>/);
  assert.ok(!/<script src=/.test(html), 'no external script: works offline');
  assert.ok(fs.existsSync(files.html + '.manifest.json'));
  const chromium = findChromium();
  if (chromium.path === null) {
    assert.equal(files.png, null);
    assert.match(files.pngMissing ?? '', /no Chromium found/);
  } else {
    const png = fs.readFileSync(files.png!);
    assert.deepEqual([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join(''), 'PNG');
    assert.equal(png.readUInt32BE(16), 1800, 'width 900 at scale 2');
    assert.ok(fs.existsSync(files.png + '.manifest.json'));
    const sized = await w.figure('sized', { ...fig, layout: { ...fig.layout, width: 400, height: 300 } });
    const png2 = fs.readFileSync(sized.png!);
    assert.deepEqual([png2.readUInt32BE(16), png2.readUInt32BE(20)], [800, 600], 'the layout\'s 400 × 300 at scale 2');
  }
});

test('figure() without Chromium writes the HTML and says why the PNG is missing', async () => {
  const dir = tmp();
  const saved = { path: process.env.PATH, c: process.env.QDISTILL_CHROMIUM };
  process.env.PATH = '/nonexistent';
  delete process.env.QDISTILL_CHROMIUM;
  try {
    const files = await new ResultsWriter('09-test.ipynb', { dir, profile: quick })
      .figure('f', { data: [{ type: 'scatter', x: [1], y: [1] }] });
    assert.ok(fs.existsSync(files.html));
    assert.equal(files.png, null);
    assert.match(files.pngMissing!, /no Chromium found .*apt-get install chromium/);
    assert.ok(!fs.existsSync(path.join(dir, 'f.png')));
  } finally {
    process.env.PATH = saved.path;
    if (saved.c !== undefined) process.env.QDISTILL_CHROMIUM = saved.c;
  }
});

test('withdrawFigure removes a figure this notebook no longer draws, and refuses another notebook\'s', async () => {
  const dir = tmp();
  const saved = { path: process.env.PATH, c: process.env.QDISTILL_CHROMIUM };
  process.env.PATH = '/nonexistent'; // HTML only: no Chromium needed
  delete process.env.QDISTILL_CHROMIUM;
  try {
    const w = new ResultsWriter('09-test.ipynb', { dir, profile: quick });
    await w.figure('f', { data: [{ type: 'scatter', x: [1], y: [1] }] });
    fs.writeFileSync(path.join(dir, 'f.png'), 'an older PNG'); // e.g. rendered by an earlier run
    fs.writeFileSync(path.join(dir, 'f.png.manifest.json'), fs.readFileSync(path.join(dir, 'f.html.manifest.json')));
    assert.equal(w.withdrawFigure('f'), true);
    assert.deepEqual(fs.readdirSync(dir).filter((f) => f.startsWith('f.')), []);
    assert.equal(w.withdrawFigure('f'), false, 'nothing left to withdraw');
    await new ResultsWriter('10-other.ipynb', { dir, profile: quick }).figure('g', { data: [] });
    assert.throws(() => w.withdrawFigure('g'), /g\.html.*10-other\.ipynb/);
    assert.ok(fs.existsSync(path.join(dir, 'g.html')));
  } finally {
    process.env.PATH = saved.path;
    if (saved.c !== undefined) process.env.QDISTILL_CHROMIUM = saved.c;
  }
});

test('the generated README maps every output to its notebook and shows Table I beside the paper', () => {
  const dir = tmp();
  const spec = parseModelSpec({ kind: 'quantum_lenet', observable: 'pauliz', residual: true }, 'mnist');
  const w = new ResultsWriter('01-table1-mnist.ipynb', { dir, profile: quick });
  w.sharedTable('table1', [table1Row('mnist', 'q-res-pauliz', spec, 'fixed', 1, [80], 'quick')], TABLE1_COLUMNS);
  w.table('details', [{ a: 1 }], ['a']);
  fs.mkdirSync(path.join(dir, 'executed'));
  fs.writeFileSync(path.join(dir, 'executed', '01-table1-mnist.ipynb'), '{}');
  fs.writeFileSync(path.join(dir, 'table1-paper-budget-mnist.csv'),
    'dataset,model,observable,residual,status,accuracy,accuracy_at,total_iterations\n' +
    'mnist,quantum_lenet,pauliz,true,finished,71.7,23200,23200\n');
  w.finish();
  const text = fs.readFileSync(path.join(dir, 'README.md'), 'utf8');
  assert.ok(text.startsWith('# results/\n\n<!-- Generated by src/results/readme.ts'), text.slice(0, 200));
  assert.match(text, /\nProfile\(s\) of the files present: quick; code: [0-9a-f]{10}\.\n/);
  assert.ok(text.includes('\n## Table I: test accuracy of a model trained on the distilled set\n'));
  assert.ok(text.includes('\n## Files\n\n| output | written by | profile | numerics | provenance |\n' +
    '| --- | --- | --- | --- | --- |\n'));
  assert.match(text, /\| \[`details\.csv`\]\(details\.csv\) \| `notebooks\/01-table1-mnist\.ipynb` \| quick \|/);
  assert.match(text, /\| \[`executed\/01-table1-mnist\.ipynb`\]/);
  assert.match(text, new RegExp(
    '\\| mnist \\| q-res-pauliz \\| quantum_lenet \\| pauliz \\| true \\| fixed \\| 1 \\| 1 \\| 80 \\(n = 1\\) ' +
    '\\| 71\\.7 \\|  \\|  \\| quick \\|'),
    'the paper-budget run beside it; no paper value invented for residual + PauliZ');
});

test('the top-level README block shows Table I and the figures, replacing only what is between its markers', () => {
  const dir = tmp();
  const readme = path.join(dir, 'TOP.md');
  fs.writeFileSync(readme, `intro\n${TABLE1_BLOCK_START}\nold\n${TABLE1_BLOCK_END}\noutro\n`);
  assert.match(table1Block(dir), /has not been computed yet/);
  const spec = parseModelSpec({ kind: 'classical_lenet' }, 'mnist');
  new ResultsWriter('01-table1-mnist.ipynb', { dir, profile: quick })
    .sharedTable('table1', [table1Row('mnist', 'classical', spec, 'fixed', 1, [93], 'quick')], TABLE1_COLUMNS);
  fs.writeFileSync(path.join(dir, 'table1-mnist.png'), 'png');
  assert.ok(replaceTable1Block(readme, table1Block(dir)));
  const text = fs.readFileSync(readme, 'utf8');
  assert.ok(text.startsWith(`intro\n${TABLE1_BLOCK_START}\n| dataset |`));
  assert.ok(text.includes(
    '| mnist | classical | classical_lenet | none | false | fixed | 1 | 1 | 93 (n = 1) |  | 94 | -1 | quick |'));
  assert.match(text, /!\[table1-mnist\]\(results\/table1-mnist\.png\)\n<!-- table1:end -->\noutro\n$/);
  const plain = path.join(dir, 'PLAIN.md');
  fs.writeFileSync(plain, 'no markers');
  assert.equal(replaceTable1Block(plain, 'x'), false);
  assert.equal(fs.readFileSync(plain, 'utf8'), 'no markers');
});
