/**
 * Tables as danfo.js DataFrames, written as CSV by danfo (no hand-written CSV).
 *
 * danfo's `toCSV` neither quotes nor escapes, so a cell holding a comma, quote or line break
 * would silently shift columns; such cells are rejected, naming the column and row. Missing
 * values are `null` and come out as empty cells; numbers must be finite (round them before).
 */
import { writeFileAtomic } from '../util/fs';

/** A table cell: a finite number, a string, a boolean, or null (written as an empty cell). */
export type Cell = number | string | boolean | null;
export type Row = Record<string, Cell>;

interface DanfoFrame {
  columns: string[];
  shape: [number, number];
}
interface Danfo {
  DataFrame: new (data: Record<string, Cell[]>, options?: { columns?: string[] }) => DanfoFrame;
  toCSV: (df: DanfoFrame) => string;
}

let danfo: Danfo | null = null;
/** danfo.js, loaded on first use (it takes a few seconds to load). */
function loadDanfo(): Danfo {
  // eslint-disable-next-line @typescript-eslint/no-var-requires
  return (danfo ??= require('danfojs-node') as Danfo);
}

/** Checks `rows` against `columns` (exactly these keys, in any order) and the cell rules. */
export function checkRows(name: string, rows: readonly Row[], columns: readonly string[]): void {
  if (new Set(columns).size !== columns.length) {
    throw new Error(`${name}: duplicate column names in [${columns.join(', ')}]`);
  }
  rows.forEach((row, i) => {
    const keys = Object.keys(row);
    const missing = columns.filter((c) => !(c in row));
    const extra = keys.filter((k) => !columns.includes(k));
    if (missing.length || extra.length) {
      throw new Error(
        `${name}: row ${i}: expected exactly the columns [${columns.join(', ')}], received [${keys.join(', ')}]` +
          `${missing.length ? `; missing ${missing.join(', ')}` : ''}` +
          `${extra.length ? `; unknown ${extra.join(', ')}` : ''}`,
      );
    }
    for (const c of columns) {
      const v = row[c];
      if (typeof v === 'number' && !Number.isFinite(v)) {
        throw new Error(`${name}: row ${i}, column ${c}: expected a finite number or null, received ${v}`);
      }
      if (typeof v === 'string' && /[",\r\n]/.test(v)) {
        throw new Error(
          `${name}: row ${i}, column ${c}: expected no comma, quote or line break, received ${JSON.stringify(v)}`,
        );
      }
      if (v !== null && !['number', 'string', 'boolean'].includes(typeof v)) {
        throw new Error(
          `${name}: row ${i}, column ${c}: expected a number, string, boolean or null, received ${typeof v}`,
        );
      }
    }
  });
}

/** The rows as a danfo DataFrame with the columns in `columns` order. */
export function toDataFrame(rows: readonly Row[], columns: readonly string[]): DanfoFrame {
  checkRows('table', rows, columns);
  const data: Record<string, Cell[]> = {};
  for (const c of columns) data[c] = rows.map((r) => r[c]);
  return new (loadDanfo().DataFrame)(data, { columns: [...columns] });
}

/** The CSV text danfo writes for `rows` (header line included, also for zero rows). */
export function csvText(name: string, rows: readonly Row[], columns: readonly string[]): string {
  checkRows(name, rows, columns);
  if (rows.length === 0) return columns.join(',') + '\n';
  const text = loadDanfo().toCSV(toDataFrame(rows, columns));
  return text.endsWith('\n') ? text : text + '\n';
}

/** Writes `rows` to `file` as CSV through danfo, atomically (temporary file + rename). */
export function writeCsv(file: string, rows: readonly Row[], columns: readonly string[]): void {
  writeFileAtomic(file, csvText(file, rows, columns));
}

/**
 * Parses CSV text as `csvText` writes it (cells never hold commas, quotes or line breaks; see
 * `checkRows`): the header gives the keys; empty cells are null, `true`/`false` booleans, finite
 * numbers numbers, the rest strings.
 * @throws Error naming `name` and the line when a row has another number of cells than the header
 */
export function parseCsv(name: string, text: string): Row[] {
  const [header, ...body] = text.split(/\r?\n/).filter((l) => l !== '').map((l) => l.split(','));
  if (!header) return [];
  const value = (v: string): Cell =>
    v === '' ? null : v === 'true' ? true : v === 'false' ? false : Number.isFinite(Number(v)) ? Number(v) : v;
  return body.map((cells, k) => {
    if (cells.length !== header.length) {
      throw new Error(
        `${name}: line ${k + 2}: expected ${header.length} cells (the header's), received ${cells.length}`,
      );
    }
    return Object.fromEntries(header.map((h, j) => [h, value(cells[j])]));
  });
}
