/**
 * Executes notebooks/00-simulator-tour.ipynb headlessly with the project-local tslab kernel
 * (the same way `make reproduce` does) and checks what it printed. Needs `make test`'s
 * setup: the build in dist/, a Python with Jupyter and the kernelspec in .jupyter/.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  REPO_ROOT,
  findJupyterPython,
  installAdvice,
  jupyterEnv,
  kernelProblem,
} from '../../src/tools/jupyter-env';

const NOTEBOOK = path.join(REPO_ROOT, 'notebooks', '00-simulator-tour.ipynb');
const SETUP_HINT = 'run `make test` (it builds dist/ and installs Jupyter and the project-local tslab kernel)';

interface Output {
  output_type: string;
  name?: string;
  text?: string | string[];
  data?: Record<string, string | string[]>;
  traceback?: string[];
}
interface Cell {
  cell_type: string;
  source: string | string[];
  execution_count?: number | null;
  outputs?: Output[];
}
interface Notebook {
  cells: Cell[];
  metadata: { kernelspec?: { name?: string } };
}

const join = (t: string | string[] | undefined): string => (Array.isArray(t) ? t.join('') : t ?? '');

/** All text a notebook's code cells printed (streams, results, errors). */
function printedText(nb: Notebook): string {
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

test('the committed tour notebook has no outputs and uses the tslab kernel', () => {
  const nb = JSON.parse(fs.readFileSync(NOTEBOOK, 'utf8')) as Notebook;
  assert.equal(nb.metadata.kernelspec?.name, 'tslab');
  for (const [i, cell] of nb.cells.entries()) {
    if (cell.cell_type !== 'code') continue;
    assert.deepEqual(cell.outputs, [], `cell ${i + 1} has outputs: clear them before committing`);
    assert.equal(cell.execution_count, null, `cell ${i + 1} has an execution_count: clear it`);
  }
});

test('the tour notebook executes headlessly with the project-local tslab kernel', { timeout: 300_000 }, (t) => {
  const found = findJupyterPython();
  if (found.python === null) assert.fail(`${installAdvice(found)}\nOr simply ${SETUP_HINT}.`);
  const problem = kernelProblem();
  if (problem !== null) assert.fail(`tslab kernel not installed (${problem}): ${SETUP_HINT}.`);
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'backend.js'))) {
    assert.fail(`dist/backend.js is missing: ${SETUP_HINT}.`);
  }

  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-nb-'));
  try {
    const started = Date.now();
    const r = spawnSync(
      found.python,
      [
        '-m', 'nbconvert', '--to', 'notebook', '--execute',
        '--ExecutePreprocessor.timeout=240',
        '--output-dir', outDir, '--output', 'tour',
        NOTEBOOK,
      ],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, ...jupyterEnv(), PYDEVD_DISABLE_FILE_VALIDATION: '1', QDISTILL_PROFILE: 'quick' },
        timeout: 280_000,
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    assert.equal(r.error, undefined, `nbconvert did not run: ${r.error}`);
    assert.equal(r.status, 0, `nbconvert exited with ${r.status} after ${seconds} s:\n${r.stderr}`);

    const executed = JSON.parse(fs.readFileSync(path.join(outDir, 'tour.ipynb'), 'utf8')) as Notebook;
    const text = printedText(executed);
    assert.match(text, /backend (tensorflow|wasm|cpu)/, `no backend line in the outputs:\n${text}`);
    assert.match(text, /expectation values <H_w>, shape 4 × 6/, `no expectation values in the outputs:\n${text}`);
    assert.match(text, /gradient norms: features \d/, `no gradients in the outputs:\n${text}`);
    const diff = /fused vs gate-by-gate: max difference ([0-9.e+-]+)/.exec(text);
    assert.ok(diff && Number(diff[1]) < 1e-5, `fused and gate-by-gate layers disagree: ${diff?.[1]}`);
    assert.match(text, /qubit 5: exact -?\d\.\d{4} {2}1000 shots -?\d\.\d{4}/, 'no finite-shot estimates');
    const plots = executed.cells.flatMap((c) => (c.outputs ?? []).filter((o) => o.data && 'application/vnd.plotly.v1+json' in o.data));
    assert.equal(plots.length, 1, 'expected one Plotly figure in the outputs');
    const errors = executed.cells.flatMap((c) => (c.outputs ?? []).filter((o) => o.output_type === 'error'));
    assert.deepEqual(errors, [], 'executed notebook contains error outputs');
    t.diagnostic(`tour notebook executed in ${seconds} s`);
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
});
