/**
 * scripts/unstage-newer-checkpoints.sh (commit-store.sh --progress) in a scratch git repository:
 * a run with a committed checkpoint keeps it (its newer checkpoint and its snapshots, added, changed
 * or deleted, are unstaged; its metrics stay staged); a new run's first checkpoint and snapshot, and
 * a finished run's deleted checkpoint and snapshots, stay staged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const script = path.join(__dirname, '..', '..', 'scripts', 'unstage-newer-checkpoints.sh');

test('unstage-newer-checkpoints.sh keeps committed checkpoints, stages new and deleted ones', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-unstage-'));
  const git = (...args: string[]) => execFileSync('git', args, { cwd: root, encoding: 'utf8' });
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
    fs.writeFileSync(path.join(root, file), text);
  };
  try {
    git('init', '-q');
    git('config', 'user.email', 'test@example.com');
    git('config', 'user.name', 'test');
    for (const run of ['going', 'finishing']) {
      write(`runstore/standard/${run}/checkpoint/state.json`, '{"iteration":100}');
      write(`runstore/standard/${run}/checkpoint/images.bin`, 'old');
      write(`runstore/standard/${run}/metrics.jsonl`, '{"iteration":100}\n');
      write(`runstore/standard/${run}/snapshots/images-0000050.bin`, 'at 50');
      write(`runstore/standard/${run}/snapshots/images-0000100.bin`, 'at 100');
    }
    git('add', '-A');
    git('commit', '-q', '-m', 'store');
    write('runstore/standard/going/checkpoint/state.json', '{"iteration":200}');
    write('runstore/standard/going/checkpoint/images.bin', 'new');
    write('runstore/standard/going/metrics.jsonl', '{"iteration":100}\n{"iteration":200}\n');
    write('runstore/standard/going/snapshots/images-0000200.bin', 'at 200');
    write('runstore/standard/going/snapshots/images-0000100.bin', 'at 100, rewritten');
    fs.rmSync(path.join(root, 'runstore/standard/going/snapshots/images-0000050.bin'));
    fs.rmSync(path.join(root, 'runstore/standard/finishing/snapshots'), { recursive: true });
    write('runstore/paper/started/checkpoint/state.json', '{"iteration":0}');
    write('runstore/paper/started/snapshots/images-0000000.bin', 'at 0');
    write('runstore/paper/started/config.json', '{}');
    fs.rmSync(path.join(root, 'runstore/standard/finishing/checkpoint'), { recursive: true });
    write('runstore/standard/finishing/final/result.json', '{}');
    git('add', '-A');

    const out = execFileSync('bash', [script], { cwd: root, encoding: 'utf8' });
    assert.equal(out, 'commit-store: kept the committed checkpoint of runstore/standard/going\n');
    const staged = git('diff', '--cached', '--name-status').trim().split('\n').sort();
    assert.deepEqual(staged, [
      'A\trunstore/paper/started/checkpoint/state.json',
      'A\trunstore/paper/started/config.json',
      'A\trunstore/paper/started/snapshots/images-0000000.bin',
      'A\trunstore/standard/finishing/final/result.json',
      'D\trunstore/standard/finishing/checkpoint/images.bin',
      'D\trunstore/standard/finishing/checkpoint/state.json',
      'D\trunstore/standard/finishing/snapshots/images-0000050.bin',
      'D\trunstore/standard/finishing/snapshots/images-0000100.bin',
      'M\trunstore/standard/going/metrics.jsonl',
    ]);
    // The newer checkpoint is still in the work tree, for the commit at the stop.
    assert.equal(fs.readFileSync(path.join(root, 'runstore/standard/going/checkpoint/images.bin'), 'utf8'), 'new');
    assert.deepEqual(fs.readdirSync(path.join(root, 'runstore/standard/going/snapshots')).sort(),
      ['images-0000100.bin', 'images-0000200.bin']);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
