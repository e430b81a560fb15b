/**
 * `parseCsv` reads back what danfo writes (`csvText`, an independent implementation): numbers,
 * booleans, nulls and strings (the writer refuses commas, quotes and line breaks in cells).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { csvText, parseCsv } from '../../src/results/csv';

test('parseCsv reads danfo\'s CSV back: numbers, booleans, empty cells, strings', () => {
  const columns = ['name', 'n', 'x', 'flag', 'note'];
  const rows = [
    { name: 'q-res-hermitian', n: 3, x: -0.125, flag: true, note: 'plain' },
    { name: '42.55 ± 4.77 (n = 2)', n: 0, x: 1e-7, flag: false, note: 'd ≤ 1.8' },
    { name: 'x', n: 12, x: 91.9, flag: null, note: null },
  ];
  assert.deepEqual(parseCsv('t.csv', csvText('t.csv', rows, columns)), rows);
  assert.deepEqual(parseCsv('t.csv', 'a,b\r\n1,x\r\n'), [{ a: 1, b: 'x' }]);
  assert.deepEqual(parseCsv('t.csv', ''), []);
  assert.throws(() => parseCsv('t.csv', 'a,b\n1,2,3\n'),
    /t\.csv: line 2: expected 2 cells \(the header's\), received 3/);
});
