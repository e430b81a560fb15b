/**
 * Headless notebook execution for the notebook tests (not a test file itself): nbconvert with
 * the project-local tslab kernel, as `make reproduce` runs it. Needs `make test`'s setup: the
 * build in dist/, a Python with Jupyter and the kernelspec in .jupyter/.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, findJupyterPython, installAdvice, jupyterEnv, kernelProblem } from '../../src/tools/jupyter-env';

const SETUP_HINT = 'run `make test` (it builds dist/ and installs Jupyter and the project-local tslab kernel)';

export interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
  traceback?: string[];
}
export interface Cell {
  cell_type: string;
  source: string | string[];
  execution_count?: number | null;
  outputs?: Output[];
}
export interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name?: string } };
}

const join = (t: string | string[] | undefined): string => (Array.isArray(t) ? t.join('') : t ?? '');

/** All text a notebook's code cells printed (streams, results, errors). */
export function printedText(nb: Notebook): string {
  const parts: string[] = [];
  for (const cell of nb.cells) {
    for (const out of cell.outputs ?? []) {
      parts.push(join(out.text));
      if (out.data) parts.push(join(out.data['text/plain']));
      if (out.traceback) parts.push(out.traceback.join('\n'));
    }
  }
  return parts.join('\n');
}

/** Outputs of every cell with a given MIME type. */
export const outputsWith = (nb: Notebook, mime: string) =>
  nb.cells.flatMap((c) => (c.outputs ?? []).filter((o) => o.data && mime in o.data));

/**
 * Executes `notebooks/<name>` into a temporary folder and returns the executed notebook, or
 * fails the test with nbconvert's output. `env` is added to the environment (QDISTILL_NOTEBOOK is `name`
 * unless `env` sets it).
 */
export function executeNotebook(name: string, env: Record<string, string>,
  timeoutSeconds: number): { nb: Notebook; text: string; seconds: number } {
  const found = findJupyterPython();
  if (found.python === null) assert.fail(`${installAdvice(found)}\nOr simply ${SETUP_HINT}.`);
  const problem = kernelProblem();
  if (problem !== null) assert.fail(`tslab kernel not installed (${problem}): ${SETUP_HINT}.`);
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'backend.js')))
    assert.fail(`dist/backend.js is missing: ${SETUP_HINT}.`);
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-nb-'));
  try {
    const started = Date.now();
    const r = spawnSync(
      found.python,
      ['-m', 'nbconvert', '--to', 'notebook', '--execute', `--ExecutePreprocessor.timeout=${timeoutSeconds}`,
        '--output-dir', outDir, '--output', 'executed', path.join(REPO_ROOT, 'notebooks', name)],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        // nbconvert tells the kernel nothing about the file: name it, as `make reproduce` does.
        env: { ...process.env, ...jupyterEnv(), PYDEVD_DISABLE_FILE_VALIDATION: '1', QDISTILL_NOTEBOOK: name, ...env },
        timeout: (timeoutSeconds + 60) * 1000,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const seconds = (Date.now() - started) / 1000;
    assert.equal(r.error, undefined, `nbconvert did not run: ${r.error}`);
    assert.equal(r.status, 0, `nbconvert exited with ${r.status} after ${seconds.toFixed(1)} s:\n${r.stderr}`);
    const nb = JSON.parse(fs.readFileSync(path.join(outDir, 'executed.ipynb'), 'utf8')) as Notebook;
    const errors = nb.cells.flatMap((c) => (c.outputs ?? []).filter((o) => o.output_type === 'error'));
    assert.deepEqual(errors, [], 'executed notebook contains error outputs');
    return { nb, text: printedText(nb), seconds };
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
}
