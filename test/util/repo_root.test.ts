import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { findRepoRoot } from '../../src/util/repo_root';

// The repository root by hand: this test file sits at <root>/test/util/.
const REPO_ROOT = path.resolve(__dirname, '..', '..');

test('findRepoRoot finds the folder holding package.json from src/ and dist/ folders', () => {
  assert.ok(fs.existsSync(path.join(REPO_ROOT, 'package.json')));
  assert.equal(findRepoRoot(), REPO_ROOT);
  assert.equal(findRepoRoot(path.join(REPO_ROOT, 'src', 'data')), REPO_ROOT);
  assert.equal(findRepoRoot(path.join(REPO_ROOT, 'dist', 'util')), REPO_ROOT);
});

test('findRepoRoot says what it expected when no folder above holds a package.json', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qd-noroot-'));
  try {
    assert.throws(() => findRepoRoot(dir),
      /findRepoRoot: expected a package\.json in .*qd-noroot-\w+ or one of its parents, found none/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
