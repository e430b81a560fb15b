/**
 * `gitState` records the state of the source tree: a change under results/ or runstore/ (what
 * `make reproduce` and long runs rewrite) leaves it clean; a change to a source file does not.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { gitState } from '../../src/util/git';

test('gitState: outputs do not make the tree dirty, sources do', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-git-'));
  const git = (...args: string[]) => {
    const r = spawnSync('git', ['-c', 'user.email=t@t', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
  };
  try {
    for (const f of ['src/a.ts', 'results/table1.csv', 'runstore/paper/run/metrics.jsonl', 'README.md']) {
      fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
      fs.writeFileSync(path.join(dir, f), 'v1\n');
    }
    git('init', '-q');
    git('add', '-A');
    git('commit', '-q', '-m', 'init');
    const clean = gitState(dir);
    assert.match(clean.commit ?? '', /^[0-9a-f]{40}$/);
    assert.equal(clean.dirty, false);
    fs.rmSync(path.join(dir, 'results', 'table1.csv')); // what make reproduce does first
    fs.writeFileSync(path.join(dir, 'runstore/paper/run/metrics.jsonl'), 'v2\n');
    fs.writeFileSync(path.join(dir, 'README.md'), 'v2\n');
    assert.equal(gitState(dir).dirty, false, 'outputs and the README are not the source tree');
    fs.writeFileSync(path.join(dir, 'src/a.ts'), 'v2\n');
    assert.equal(gitState(dir).dirty, true);
    assert.deepEqual(gitState(os.tmpdir()), { commit: null, dirty: null }, 'outside a checkout');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
