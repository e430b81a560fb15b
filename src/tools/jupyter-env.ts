/**
 * The one place that decides which Python runs Jupyter for the notebooks and where the
 * project-local Jupyter files live. Used by the Makefile (through the CLI below, after
 * `make build`) and by the notebook tests (imported directly).
 *
 * Python: `QDISTILL_JUPYTER_PYTHON` when set (it must have Jupyter), else the first of
 * `/usr/bin/python3` (Debian's), `python3`, `python` on PATH that can import
 * nbconvert, nbclient, ipykernel and jupyter_client.
 *
 * Jupyter directories: everything under `<repo>/.jupyter/` (git-ignored), so nothing is
 * read from or written to `~/.jupyter` and the tslab kernelspec is found only here.
 *
 * CLI (`node dist/tools/jupyter-env.js <command>`):
 *   python        print the Python that has Jupyter; exit 1 with advice when none has
 *   env [root]    print `export NAME=value` lines for the Jupyter directories
 *   write-config  write the project-local nbconvert config (see NBCONVERT_CONFIG)
 *   kernel-json   print the path of the project-local tslab kernel.json
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

export const JUPYTER_PYTHON_ENV = 'QDISTILL_JUPYTER_PYTHON';
export const REQUIRED_MODULES = ['nbconvert', 'nbclient', 'ipykernel', 'jupyter_client'] as const;
export const DEFAULT_CANDIDATES = ['/usr/bin/python3', 'python3', 'python'] as const;
/** Debian packages that provide the modules above for `/usr/bin/python3`. */
export const DEBIAN_PACKAGES = [
  'jupyter-nbconvert',
  'python3-nbclient',
  'python3-ipykernel',
  'jupyter-client',
  'jupyter-core',
] as const;

/** Repository root: two levels above this file both in `src/tools/` and `dist/tools/`. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Lists the required modules that `python` cannot find (all of them if it does not run). */
export function missingModules(python: string): string[] {
  const code =
    'import importlib.util, sys\n' +
    'missing = [m for m in sys.argv[1:] if importlib.util.find_spec(m) is None]\n' +
    'print(" ".join(missing))\n';
  const r = spawnSync(python, ['-c', code, ...REQUIRED_MODULES], { encoding: 'utf8', timeout: 30_000 });
  if (r.error || r.status !== 0) return [...REQUIRED_MODULES];
  return r.stdout.trim().split(/\s+/).filter((m) => m !== '');
}

/** Absolute path of `python` (resolving PATH look-ups), or null if it does not run. */
function resolvePython(python: string): string | null {
  const r = spawnSync(python, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8', timeout: 30_000 });
  if (r.error || r.status !== 0) return null;
  const exe = r.stdout.trim();
  return exe === '' ? python : exe;
}

export interface FindResult {
  python: string | null;
  /** Why each tried candidate was rejected (for the error message). */
  rejected: { candidate: string; missing: string[] }[];
}

/** Finds the Python that has Jupyter, honouring `QDISTILL_JUPYTER_PYTHON`. */
export function findJupyterPython(env: NodeJS.ProcessEnv = process.env): FindResult {
  const forced = (env[JUPYTER_PYTHON_ENV] ?? '').trim();
  const candidates = forced !== '' ? [forced] : [...DEFAULT_CANDIDATES];
  const rejected: FindResult['rejected'] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const exe = resolvePython(candidate);
    if (exe === null) {
      rejected.push({ candidate, missing: ['(does not run)'] });
      continue;
    }
    if (seen.has(exe)) continue;
    seen.add(exe);
    const missing = missingModules(candidate);
    if (missing.length === 0) return { python: candidate.includes('/') ? candidate : exe, rejected };
    rejected.push({ candidate: candidate === exe ? exe : `${candidate} (${exe})`, missing });
  }
  return { python: null, rejected };
}

/** What to tell a user when no Python has Jupyter. */
export function installAdvice(result: FindResult, env: NodeJS.ProcessEnv = process.env): string {
  const lines = ['No Python with Jupyter found (need the modules ' + REQUIRED_MODULES.join(', ') + ').'];
  for (const r of result.rejected) lines.push(`  ${r.candidate}: missing ${r.missing.join(', ')}`);
  if ((env[JUPYTER_PYTHON_ENV] ?? '').trim() !== '') {
    lines.push(`${JUPYTER_PYTHON_ENV} is set: install those modules into that Python, or unset it.`);
  } else {
    lines.push('Install them, as root, on Debian/Ubuntu:');
    lines.push('  apt-get update && apt-get install -y --no-install-recommends ' + DEBIAN_PACKAGES.join(' '));
    lines.push('or into any Python with pip:');
    lines.push('  python3 -m pip install nbconvert nbclient ipykernel jupyter_client');
    lines.push(`and point ${JUPYTER_PYTHON_ENV} at that Python.`);
  }
  return lines.join('\n');
}

/** The project-local Jupyter directories, as environment variables. */
export function jupyterEnv(root: string = REPO_ROOT): Record<string, string> {
  const base = path.join(root, '.jupyter');
  return {
    JUPYTER_PATH: path.join(base, 'share', 'jupyter'),
    JUPYTER_CONFIG_DIR: path.join(base, 'config'),
    JUPYTER_DATA_DIR: path.join(base, 'data'),
    JUPYTER_RUNTIME_DIR: path.join(base, 'runtime'),
    IPYTHONDIR: path.join(base, 'ipython'),
  };
}

/** Path of the project-local tslab kernelspec written by `make kernel`. */
export function kernelJsonPath(root: string = REPO_ROOT): string {
  return path.join(root, '.jupyter', 'share', 'jupyter', 'kernels', 'tslab', 'kernel.json');
}

/** The tslab binary the kernelspec must start: this checkout's own. */
export function tslabBinary(root: string = REPO_ROOT): string {
  return path.join(root, 'node_modules', '.bin', 'tslab');
}

/** Null when the project-local tslab kernel is installed for this checkout, else the reason. */
export function kernelProblem(root: string = REPO_ROOT): string | null {
  const file = kernelJsonPath(root);
  if (!fs.existsSync(file)) return `no tslab kernelspec at ${file}`;
  try {
    const spec = JSON.parse(fs.readFileSync(file, 'utf8')) as { argv?: string[] };
    const bin = spec.argv?.[0];
    if (bin !== tslabBinary(root)) return `${file} starts ${bin}, not ${tslabBinary(root)}`;
    if (!fs.existsSync(bin)) return `${bin} does not exist (npm ci not run?)`;
  } catch (e) {
    return `${file} is unreadable: ${(e as Error).message}`;
  }
  return null;
}

/**
 * nbconvert configuration written to `<JUPYTER_CONFIG_DIR>/jupyter_nbconvert_config.py`
 * (project-local, so every headless run picks it up). tslab answers a failing cell with a
 * bare `<Error>`; the real message (the TypeScript diagnostic or the stack trace) is in the
 * cell's stream output, so when a cell fails this prints that output on nbconvert's stderr,
 * between the two marker lines below, before nbconvert's own error.
 */
export const FAILED_CELL_BEGIN = 'qdistill: output of the failing cell';
export const FAILED_CELL_END = 'qdistill: end of the failing cell output';
export const NBCONVERT_CONFIG = String.raw`# Written by 'make kernel' from src/tools/jupyter-env.ts; do not edit.
import sys


def _qdistill_on_cell_error(cell=None, cell_index=None, execute_reply=None, **kwargs):
    lines = []
    for out in (cell or {}).get('outputs', []):
        if out.get('output_type') == 'stream':
            lines.extend(out.get('text', '').splitlines())
        elif out.get('output_type') == 'error':
            lines.extend(out.get('traceback', []))
    if len(lines) > 80:
        lines = ['[... %d earlier lines cut ...]' % (len(lines) - 80)] + lines[-80:]
    number = '' if cell_index is None else ' (cell %d of the notebook)' % (cell_index + 1)
    sys.stderr.write('${FAILED_CELL_BEGIN}%s:\n' % number)
    for line in lines:
        sys.stderr.write(line + '\n')
    sys.stderr.write('${FAILED_CELL_END}\n')
    sys.stderr.flush()


c.ExecutePreprocessor.on_cell_error = _qdistill_on_cell_error
`;

/** Writes {@link NBCONVERT_CONFIG} into the project-local config dir (only if it changed). */
export function writeNbconvertConfig(root: string = REPO_ROOT): string {
  const file = path.join(jupyterEnv(root).JUPYTER_CONFIG_DIR, 'jupyter_nbconvert_config.py');
  const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : null;
  if (current !== NBCONVERT_CONFIG) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, NBCONVERT_CONFIG);
  }
  return file;
}

function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@+-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

function main(argv: string[]): number {
  const [command, arg] = argv;
  if (command === 'python') {
    const result = findJupyterPython();
    if (result.python === null) {
      process.stderr.write(installAdvice(result) + '\n');
      return 1;
    }
    process.stdout.write(result.python + '\n');
    return 0;
  }
  if (command === 'env') {
    for (const [k, v] of Object.entries(jupyterEnv(arg ? path.resolve(arg) : REPO_ROOT))) {
      process.stdout.write(`export ${k}=${shellQuote(v)}\n`);
    }
    return 0;
  }
  if (command === 'write-config') {
    process.stdout.write(writeNbconvertConfig(arg ? path.resolve(arg) : REPO_ROOT) + '\n');
    return 0;
  }
  if (command === 'kernel-json') {
    process.stdout.write(kernelJsonPath() + '\n');
    return 0;
  }
  process.stderr.write('usage: jupyter-env.js python | env [root] | write-config [root] | kernel-json\n');
  return 2;
}

if (require.main === module) process.exitCode = main(process.argv.slice(2));
