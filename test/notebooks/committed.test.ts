/** Every committed notebook: tslab kernel, no outputs, numbered, imports only the built library. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../src/tools/jupyter-env';
import { Notebook } from './execute';

const dir = path.join(REPO_ROOT, 'notebooks');
const names = fs.readdirSync(dir).filter((f) => f.endsWith('.ipynb')).sort();

test('the notebooks are numbered and include the paper-reproduction set', () => {
  for (const n of names) assert.match(n, /^\d\d-[a-z0-9-]+\.ipynb$/, `${n}: expected NN-name.ipynb`);
  for (const n of ['00-simulator-tour', '01-table1-mnist', '02-table1-cifar10', '03-stability-hermitian',
    '04-random-init']) {
    assert.ok(names.includes(`${n}.ipynb`), `notebooks/${n}.ipynb is missing`);
  }
});

/**
 * The first shorthand property `{ …, profile, … }` of a notebook-level variable in `src`: a name
 * between '{' or ',' and ',' or '}' whose innermost open bracket is '{' (call arguments such as
 * `f(a, profile, b)` are fine).
 */
function shorthandProperty(src: string): string | null {
  for (const m of src.matchAll(/[{,]\s*(profile|meta|result|writer|scale)\s*[,}]/g)) {
    const open: string[] = [];
    for (const ch of src.slice(0, m.index! + 1)) {
      if ('([{'.includes(ch)) open.push(ch);
      else if (')]}'.includes(ch)) open.pop();
    }
    if (open[open.length - 1] === '{') return m[1];
  }
  return null;
}

test('the shorthand check flags object literals only', () => {
  assert.equal(shorthandProperty('f(a, profile, b); g({ x: 1, result })'), 'result');
  assert.equal(shorthandProperty('const o = { profile, x: 1 };'), 'profile');
  assert.equal(shorthandProperty('f(writer, result, profile); h({ profile: profile })'), null);
});

for (const name of names) {
  test(`${name}: tslab kernel, no outputs, imports from ../dist only, a header cell first`, () => {
    const nb = JSON.parse(fs.readFileSync(path.join(dir, name), 'utf8')) as Notebook;
    assert.equal(nb.metadata.kernelspec?.name, 'tslab');
    assert.equal(nb.cells[0].cell_type, 'markdown', 'the first cell says what the notebook computes');
    for (const [i, cell] of nb.cells.entries()) {
      if (cell.cell_type !== 'code') continue;
      assert.deepEqual(cell.outputs, [], `cell ${i + 1} has outputs: clear them before committing`);
      assert.equal(cell.execution_count, null, `cell ${i + 1} has an execution_count: clear it`);
      const src = Array.isArray(cell.source) ? cell.source.join('') : cell.source;
      for (const m of src.matchAll(/from '(\.[^']*)'/g)) assert.match(m[1], /^\.\.\/dist\//,
        `cell ${i + 1} imports ${m[1]}: notebooks import the built library (../dist/...)`);
      // tslab drops shorthand properties of notebook-level variables ({ profile } is undefined there).
      const shorthand = shorthandProperty(src);
      assert.equal(shorthand, null,
        `cell ${i + 1}: write { ${shorthand}: ${shorthand} }, tslab mis-compiles shorthand properties`);
    }
  });
}
