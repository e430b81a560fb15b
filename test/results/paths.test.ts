/**
 * Where outputs go: the committed profile writes results/, every other profile its own
 * git-ignored results-<profile>/, so a quick run never touches the committed results; only the
 * committed profile rewrites the README's Table I.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { COMMITTED_PROFILE, resultsDir } from '../../src/results/paths';

const root = path.resolve(__dirname, '..', '..');

test('resultsDir: results/ for the committed profile, results-<profile>/ for the others, ' +
  '$QDISTILL_RESULTS_DIR first', () => {
  assert.equal(COMMITTED_PROFILE, 'standard');
  assert.equal(resultsDir({ QDISTILL_PROFILE: 'standard' }), path.join(root, 'results'));
  assert.equal(resultsDir({ QDISTILL_PROFILE: 'quick' }), path.join(root, 'results-quick'));
  assert.equal(resultsDir({}), path.join(root, 'results-quick'), 'the default profile is quick');
  assert.equal(resultsDir({ QDISTILL_PROFILE: 'paper' }), path.join(root, 'results-paper'));
  assert.equal(resultsDir({ QDISTILL_PROFILE: 'quick', QDISTILL_RESULTS_DIR: '/tmp/x' }), '/tmp/x');
  const ignored = spawnSync('git', ['check-ignore', '-q', 'results-quick/table1.csv'], { cwd: root });
  assert.equal(ignored.status, 0, 'results-quick/ is git-ignored');
});

test("reproduce.js readme leaves the README's Table I alone unless the profile is the committed one", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-results-'));
  try {
    const before = fs.readFileSync(path.join(root, 'README.md'));
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/tools/reproduce.ts', 'readme'],
      { cwd: root, env: { ...process.env, QDISTILL_PROFILE: 'quick', QDISTILL_RESULTS_DIR: dir }, encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout,
      /profile quick: the README's Table I shows the committed profile \(standard\); left unchanged/);
    assert.ok(fs.existsSync(path.join(dir, 'README.md')), 'the results folder gets its own README');
    assert.ok(fs.readFileSync(path.join(root, 'README.md')).equals(before));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
