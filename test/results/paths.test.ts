/** Where run caches live: the tracked store for committed profiles, git-ignored runs/ otherwise. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { runCacheDir } from '../../src/results/paths';

const ROOT = path.resolve(__dirname, '..', '..');

test('runCacheDir: runstore/<profile> for standard and paper, runs/reproduce/<profile> otherwise, $QDISTILL_RUNS_DIR first', () => {
  assert.equal(runCacheDir('paper', {}), path.join(ROOT, 'runstore', 'paper'));
  assert.equal(runCacheDir('standard', {}), path.join(ROOT, 'runstore', 'standard'));
  assert.equal(runCacheDir('quick', {}), path.join(ROOT, 'runs', 'reproduce', 'quick'));
  assert.equal(runCacheDir('paper', { QDISTILL_RUNS_DIR: '/tmp/x' }), path.join('/tmp/x', 'paper'));
});

test('the run store is tracked by git and runs/ is not', () => {
  const ignored = (p: string) => {
    try {
      execFileSync('git', ['check-ignore', '-q', p], { cwd: ROOT });
      return true;
    } catch {
      return false;
    }
  };
  assert.equal(ignored('runstore/paper/some-run/checkpoint/state.json'), false);
  assert.equal(ignored('runs/reproduce/quick/x'), true);
});
