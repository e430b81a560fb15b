/**
 * Rebuilding some notebooks only (`make reproduce NOTEBOOKS="01 02 07"`): which notebooks a list
 * of names means, and the outputs of theirs to remove first, so that what they no longer write
 * does not linger. The other notebooks' outputs stay. A shared table (Table I) keeps its
 * contributions: the notebook's writer replaces its own contribution when it runs
 * (`ResultsWriter.sharedTable`).
 */
import * as fs from 'fs';
import * as path from 'path';
import { MANIFEST_SUFFIX, isShared, readManifest } from './manifest';

/**
 * The notebooks of `available` (file names, `01-table1-mnist.ipynb`) that `patterns` name, in name
 * order, each once. A pattern is a file name, with or without `.ipynb` and `notebooks/`, or a
 * leading part of it that ends before a `-`: its number (`01`: the names starting with `01-`) or more.
 * @throws Error naming the pattern and the notebooks there are when a pattern names none
 */
export function selectNotebooks(patterns: readonly string[], available: readonly string[]): string[] {
  if (patterns.length === 0) throw new Error('NOTEBOOKS: expected at least one notebook, received none');
  const picked = new Set<string>();
  for (const raw of patterns) {
    const p = raw.replace(/^notebooks\//, '').replace(/\.ipynb$/, '');
    const hits = available.filter((name) => {
      const stem = name.replace(/\.ipynb$/, '');
      return p !== '' && (stem === p || stem.startsWith(`${p}-`));
    });
    if (hits.length === 0) {
      throw new Error(`NOTEBOOKS: ${JSON.stringify(raw)} names no notebook; expected a name or its number, ` +
        `one of: ${available.map((n) => n.replace(/\.ipynb$/, '')).join(', ')}`);
    }
    hits.forEach((h) => picked.add(h));
  }
  return [...picked].sort();
}

/**
 * Removes from the results folder `dir` the outputs `notebooks` wrote alone (each with its
 * manifest) and their executed copies in `dir/executed/`; shared tables stay.
 * @returns the removed paths, relative to `dir`
 */
export function forgetNotebookOutputs(dir: string, notebooks: readonly string[]): string[] {
  if (!fs.existsSync(dir)) return [];
  const removed: string[] = [];
  const remove = (rel: string) => {
    fs.rmSync(path.join(dir, rel), { force: true });
    removed.push(rel);
  };
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith(MANIFEST_SUFFIX)).sort()) {
    const m = readManifest(path.join(dir, f));
    if (m === null || isShared(m) || !notebooks.includes(m.notebook)) continue;
    remove(f.slice(0, -MANIFEST_SUFFIX.length));
    remove(f);
  }
  for (const nb of notebooks) {
    if (fs.existsSync(path.join(dir, 'executed', nb))) remove(path.join('executed', nb));
  }
  return removed;
}
