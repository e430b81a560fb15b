/**
 * A real Jupyter Notebook server for the browser tests (not a test file itself), started as
 * `make notebook` starts it: the classic notebook of the Jupyter Python, in the repository root,
 * on 127.0.0.1 (a free port) with a fresh token and the project-local tslab kernel. `stop` sends
 * SIGTERM to the server by its PID (it shuts its kernels down) and SIGKILL after 15 s.
 */
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import * as net from 'node:net';
import { REPO_ROOT, findJupyterPython, jupyterEnv, kernelProblem } from '../../src/tools/jupyter-env';

export interface JupyterServer {
  /** `http://127.0.0.1:<port>` */
  base: string;
  token: string;
  /** The URL of a file under the repository root in the notebook editor. */
  notebookUrl(relPath: string): string;
  /** What the server printed so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

/** Why the server cannot start here (null: it can), for the test's skip message. */
export function serverProblem(): string | null {
  const found = findJupyterPython();
  if (found.python === null) return 'no Python with Jupyter (run `make test` or `make notebook` first)';
  const r = spawnSync(found.python, ['-c', 'import notebook'], { encoding: 'utf8' });
  if (r.status !== 0) {
    return `${found.python} cannot import 'notebook' (run \`make notebook-app\`, or apt-get install jupyter-notebook)`;
  }
  const kernel = kernelProblem();
  return kernel === null ? null : `tslab kernel not installed (${kernel}): run \`make kernel\``;
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as net.AddressInfo).port;
      srv.close(() => resolve(port));
    });
  });

/** Starts the server with `env` added to the environment; resolves once its API answers. */
export async function startJupyter(env: Record<string, string>): Promise<JupyterServer> {
  const python = findJupyterPython().python;
  if (python === null) throw new Error('startJupyter: no Python with Jupyter');
  const port = await freePort();
  const token = randomBytes(24).toString('hex');
  const args = ['-m', 'notebook', '--no-browser', '--ip=127.0.0.1', `--port=${port}`, '--NotebookApp.port_retries=0',
    `--NotebookApp.token=${token}`, `--notebook-dir=${REPO_ROOT}`];
  if (process.getuid?.() === 0) args.push('--allow-root');
  const child: ChildProcess = spawn(python, args, {
    cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ...jupyterEnv(), PYDEVD_DISABLE_FILE_VALIDATION: '1', ...env },
  });
  let out = '';
  child.stdout?.on('data', (b) => (out += b));
  child.stderr?.on('data', (b) => (out += b));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const base = `http://127.0.0.1:${port}`;
  const server: JupyterServer = {
    base, token, log: () => out,
    notebookUrl: (rel) => `${base}/notebooks/${rel.split('/').map(encodeURIComponent).join('/')}?token=${token}`,
    async stop() {
      if (child.exitCode !== null || child.pid === undefined) return;
      process.kill(child.pid, 'SIGTERM'); // the server shuts down the kernels it started
      const killer = setTimeout(() => child.pid && process.kill(child.pid, 'SIGKILL'), 15_000);
      await exited;
      clearTimeout(killer);
    },
  };
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`Jupyter exited with ${child.exitCode}:\n${out}`);
    try {
      const r = await fetch(`${base}/api/status?token=${token}`);
      if (r.ok) return server;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await server.stop();
      throw new Error(`Jupyter did not answer on ${base} within 60 s:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
