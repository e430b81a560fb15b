/**
 * The variant specs written in a notebook's configuration cell (`const VARIANT_SPECS = [ … ];`
 * in its first code cell), read without running the notebook: the literal is evaluated as a
 * JavaScript expression in an empty context (no require, no process: plain data only).
 */
import * as fs from 'fs';
import * as vm from 'vm';

const START = /^const VARIANT_SPECS\s*=\s*\[/m;

/**
 * The `VARIANT_SPECS` literal of the notebook `file` (unvalidated; see `parseVariants`).
 * @throws Error naming the file
 */
export function readNotebookVariantSpecs(file: string): unknown {
  const nb = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    cells: Array<{ cell_type: string; source: string | string[] }>;
  };
  const cell = nb.cells.find((c) => c.cell_type === 'code');
  const src = cell === undefined ? '' : Array.isArray(cell.source) ? cell.source.join('') : cell.source;
  const m = START.exec(src);
  const end = m === null ? -1 : src.indexOf('\n];', m.index);
  if (m === null || end < 0) {
    throw new Error(
      `${file}: expected its first code cell to hold 'const VARIANT_SPECS = [ … ];' ` +
        `(the '];' at the start of a line)`,
    );
  }
  const literal = src.slice(m.index + m[0].length - 1, end + 2);
  try {
    // Through JSON: plain data of this realm (objects made in the context have its prototypes).
    return JSON.parse(
      vm.runInNewContext(`JSON.stringify(${literal})`, Object.create(null), { timeout: 1000 }) as string,
    );
  } catch (e) {
    throw new Error(`${file}: VARIANT_SPECS is not a plain literal: ${(e as Error).message}`);
  }
}
