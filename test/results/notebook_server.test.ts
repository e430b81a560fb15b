/**
 * A copied notebook finds its own name under a real Jupyter notebook server (Debian's
 * jupyter-notebook, which sets no JPY_SESSION_NAME): the test starts a server on loopback in a
 * temporary folder, opens a session of a notebook copy with the project-local tslab kernel,
 * asks that kernel for its notebook name and results folder (through jupyter_client), and stops
 * the server by its PID. Skips, saying why, without jupyter-notebook or the kernel.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ChildProcess, spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { REPO_ROOT, findJupyterPython, jupyterEnv, kernelProblem } from '../../src/tools/jupyter-env';

const EXECUTE = `
import sys, time, queue
from jupyter_client import BlockingKernelClient
c = BlockingKernelClient(connection_file=sys.argv[1]); c.load_connection_file(); c.start_channels()
end = time.time() + 120
while True:  # tslab starts in seconds; wait_for_ready takes its silent heartbeat for a dead kernel
    c.kernel_info()
    try:
        if c.get_shell_msg(timeout=2)['msg_type'] == 'kernel_info_reply': break
    except queue.Empty:
        if time.time() > end: sys.exit('the kernel did not answer kernel_info in 120 s')
out = []
def hook(msg):
    if msg['msg_type'] == 'stream': out.append(msg['content']['text'])
    elif msg['msg_type'] == 'error': out.append('ERROR ' + msg['content'].get('evalue', ''))
c.execute_interactive(sys.stdin.read(), timeout=120, output_hook=hook)
print(''.join(out))
`;

const freePort = () => new Promise<number>((resolve, reject) => {
  const s = net.createServer().listen(0, '127.0.0.1', () => {
    const port = (s.address() as net.AddressInfo).port;
    s.close(() => resolve(port));
  }).on('error', reject);
});

async function until<T>(what: string, f: () => T | null | Promise<T | null>, seconds: number): Promise<T> {
  const end = Date.now() + seconds * 1000;
  for (;;) {
    const v = await f();
    if (v !== null) return v;
    if (Date.now() > end) throw new Error(`gave up after ${seconds} s waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

function skipReason(): string | null {
  if (spawnSync('jupyter-notebook', ['--version'], { encoding: 'utf8' }).status !== 0)
    return 'jupyter-notebook is not installed (apt-get install jupyter-notebook)';
  if (findJupyterPython().python === null) return 'no Python with jupyter_client (make jupyter)';
  const k = kernelProblem();
  if (k !== null) return `tslab kernel not installed (${k}): make kernel`;
  if (!fs.existsSync(path.join(REPO_ROOT, 'dist', 'results', 'index.js'))) return 'dist/ is not built (make build)';
  return null;
}

const reason = skipReason();

test('under a Jupyter notebook server, a copy finds its name ' +
  'and writes to its own folder', { skip: reason ?? false, timeout: 300_000 }, async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-nbserver-'));
  const runtime = path.join(tmp, 'runtime'), root = path.join(tmp, 'nbs'), results = path.join(tmp, 'results');
  fs.mkdirSync(root);
  fs.copyFileSync(path.join(REPO_ROOT, 'notebooks', '11-oq2-angle-embedding.ipynb'),
    path.join(root, 'my angle study.ipynb'));
  const port = await freePort(), token = 'qdistill-test-token';
  const env: NodeJS.ProcessEnv = { ...process.env, ...jupyterEnv(), JUPYTER_RUNTIME_DIR: runtime,
    QDISTILL_RESULTS_DIR: results, QDISTILL_PROFILE: 'quick' };
  delete env.QDISTILL_NOTEBOOK;
  delete env.JPY_SESSION_NAME;
  let server: ChildProcess | null = null;
  let log = '';
  try {
    server = spawn('jupyter-notebook', ['--no-browser', '--ip=127.0.0.1', `--port=${port}`, '--port-retries=0',
      `--notebook-dir=${root}`, `--NotebookApp.token=${token}`, '--allow-root'],
      { env, stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout!.on('data', (d) => (log += d));
    server.stderr!.on('data', (d) => (log += d));
    const api = `http://127.0.0.1:${port}/api`,
      headers = { Authorization: `token ${token}`, 'Content-Type': 'application/json' };
    await until('the server file nbserver-<pid>.json',
      () => (fs.existsSync(path.join(runtime, `nbserver-${server!.pid}.json`)) ? true : null), 60)
      .catch((e) => assert.fail(`${(e as Error).message}; server log:\n${log}`));
    const created = await fetch(`${api}/sessions`, { method: 'POST', headers,
      body: JSON.stringify({ path: 'my angle study.ipynb', type: 'notebook', kernel: { name: 'tslab' } }) });
    const body = await created.text();
    assert.equal(created.status, 201, `POST /api/sessions: ${body}`);
    const session = JSON.parse(body) as { id: string; kernel: { id: string } };
    const connection = path.join(runtime, `kernel-${session.kernel.id}.json`);
    await until('the kernel connection file', () => (fs.existsSync(connection) ? true : null), 60);
    const code = `import { findNotebookName, openResultsWriter } from ` +
      `${JSON.stringify(path.join(REPO_ROOT, 'dist', 'results'))};
const found = await findNotebookName();
const w = await openResultsWriter();
console.log('FOUND ' + JSON.stringify({ found: found, dir: w.dir, notebook: w.notebook }));`;
    const r = spawnSync(findJupyterPython().python!, ['-c', EXECUTE, connection],
      { input: code, encoding: 'utf8', env, timeout: 200_000 });
    const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith('FOUND '));
    assert.ok(line, `the kernel printed no answer; stdout:\n${r.stdout}\nstderr:\n${r.stderr}\nserver log:\n${log}`);
    const got = JSON.parse(line.slice(6)) as { found: { name: string; how: string }; dir: string; notebook: string };
    assert.equal(got.found.name, 'my angle study.ipynb');
    assert.match(got.found.how, new RegExp(`notebook server at http://127\\.0\\.0\\.1:${port}/`));
    assert.equal(got.notebook, 'my_angle_study.ipynb');
    assert.equal(got.dir, path.join(results, 'copies', 'my_angle_study'));
    await fetch(`${api}/sessions/${session.id}`, { method: 'DELETE', headers });
  } finally {
    if (server?.pid !== undefined && server.exitCode === null) {
      const exited = new Promise((r) => server!.once('exit', r));
      process.kill(server.pid, 'SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 10_000))]);
      if (server.exitCode === null && server.signalCode === null) process.kill(server.pid, 'SIGKILL');
    }
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});
