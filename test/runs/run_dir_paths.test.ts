/**
 * Bad run-directory paths are the user's to fix: one line naming their path and what is wrong
 * there, exit 2, before any work (no backend line) — a file where a folder must be, and a
 * folder that cannot be written (as root, checked as user `nobody`, since root writes anywhere).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MAIN, REPO_ROOT, runCli } from '../cli/helpers';
import { tinyRaw } from './helpers';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-paths-'));
fs.chmodSync(tmp, 0o755);
process.on('exit', () => fs.rmSync(tmp, { recursive: true, force: true }));
const config = path.join(tmp, 'tiny.json');
fs.writeFileSync(config, JSON.stringify(tinyRaw()));
fs.chmodSync(config, 0o644);

test('a run directory under a file: one line naming the file, exit 2', async () => {
  const file = path.join(tmp, 'a-file');
  fs.writeFileSync(file, '');
  const r =
    await runCli(['distill', config, '--run-dir', path.join(file, 'run')], { env: { QDISTILL_TRAIN_LIMIT: '32' } });
  assert.equal(r.code, 2, r.stderr);
  assert.equal(r.stderr,
    `qdistill distill: ${path.join(file, 'run')}: expected a folder path for the run, but ${file} is a file\n`);
});

const asRoot = process.getuid?.() === 0;
/** As root the check runs as `nobody`, who must be able to read this checkout and the temporary folder. */
const nobodyCannot =
  asRoot && spawnSync('runuser', ['-u', 'nobody', '--', 'test', '-r', MAIN, '-a', '-r', config]).status !== 0
  ? 'running as root, and user nobody cannot read this checkout to run the CLI' : false;

test('a run directory in a folder that cannot be written: ' +
  'one line naming the folder, exit 2', { skip: nobodyCannot }, () => {
  const ro = path.join(tmp, 'read-only');
  fs.mkdirSync(ro, { mode: 0o555 });
  fs.chmodSync(ro, 0o555);
  const node = [process.execPath, '--import', 'tsx', MAIN, 'distill', config, '--run-dir', path.join(ro, 'run')];
  const cmd = asRoot ? ['runuser', '-u', 'nobody', '--', ...node] : node;
  const env = { ...process.env, QDISTILL_TRAIN_LIMIT: '32', QDISTILL_BACKEND: 'cpu', NODE_TEST_CONTEXT: '' };
  const r = spawnSync(cmd[0], cmd.slice(1), { cwd: REPO_ROOT, env, encoding: 'utf8' });
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stderr,
    `qdistill distill: ${path.join(ro, 'run')}: cannot write there: ${ro} is not writable (EACCES)\n`);
});
