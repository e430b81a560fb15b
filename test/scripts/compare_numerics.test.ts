/**
 * scripts/compare-numerics.js in a scratch checkout (scripts/ copied, dist/ linked): runs of the
 * working store are paired with the runs of the same config in a commit's store, and the printed
 * accuracies and differences are the ones written by hand below; a run without a twin is left out.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');

function writeRun(dir: string, config: object, version: number, accuracy: number): void {
  fs.mkdirSync(path.join(dir, 'final'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ config, numericsVersion: version }));
  fs.writeFileSync(path.join(dir, 'final', 'result.json'), JSON.stringify({ eval: { mean: accuracy } }));
}

test('compare-numerics.js pairs runs by config across a numerics version and prints the differences', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-compare-'));
  try {
    fs.mkdirSync(path.join(dir, 'scripts'));
    fs.copyFileSync(path.join(ROOT, 'scripts', 'compare-numerics.js'), path.join(dir, 'scripts', 'compare-numerics.js'));
    fs.symlinkSync(path.join(ROOT, 'dist'), path.join(dir, 'dist'));
    const git = (...a: string[]) => execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@t', ...a],
      { cwd: dir, encoding: 'utf8' });
    git('init', '-q');
    const store = path.join(dir, 'runstore', 'standard');
    const cfg = (seed: number) => ({ dataset: 'mnist', seed, model: { kind: 'classical_lenet' } });
    writeRun(path.join(store, 'mnist-classical-fixed-s1-aaaaaaaaaaaa'), cfg(1), 2, 90);
    writeRun(path.join(store, 'mnist-classical-fixed-s2-bbbbbbbbbbbb'), cfg(2), 2, 88);
    git('add', '-A');
    git('commit', '-q', '-m', 'v2 store');
    fs.rmSync(store, { recursive: true });
    writeRun(path.join(store, 'mnist-classical-fixed-s1-cccccccccccc'), cfg(1), 3, 91);
    writeRun(path.join(store, 'mnist-classical-fixed-s2-dddddddddddd'), cfg(2), 3, 86);
    writeRun(path.join(store, 'mnist-classical-fixed-s3-eeeeeeeeeeee'), cfg(3), 3, 50); // no twin
    const out = execFileSync(process.execPath, ['scripts/compare-numerics.js', 'standard', 'HEAD'],
      { cwd: dir, encoding: 'utf8' });
    // differences 91 − 90 = 1 and 86 − 88 = −2: mean −0.5, sample std √((1.5² + 1.5²) / 1) = 2.12
    assert.equal(out, [
      'runs of runstore/standard/ against HEAD (test accuracy %, whole test set):',
      '  mnist-classical-fixed-s1-cccccccccccc: v3 91.00, v2 90.00 (mnist-classical-fixed-s1-aaaaaaaaaaaa), ' +
        'difference 1.00',
      '  mnist-classical-fixed-s2-dddddddddddd: v3 86.00, v2 88.00 (mnist-classical-fixed-s2-bbbbbbbbbbbb), ' +
        'difference -2.00',
      'per run name, over the paired seeds (mean ± sample std):',
      '  mnist-classical-fixed: seeds 1, 2 (n = 2): now 88.50 ± 3.54, before 89.00 ± 1.41, difference -0.50 ± 2.12',
      '',
    ].join('\n'));
    const bad = spawnSync(process.execPath, ['scripts/compare-numerics.js', 'standard', 'nope'],
      { cwd: dir, encoding: 'utf8' });
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /^compare-numerics: 'nope' is no commit of this repository\nusage: /);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
