/**
 * scripts/compact-store.js on a scratch store (it runs the built code: `make build` first, as
 * `make test` does): a finished run keeps its trajectory snapshots only where notebook 03 reads
 * the run, its metrics become a plain gzip of the same bytes, final/ and config are untouched; an
 * unfinished run keeps its metrics and checkpoint; a run a live process holds is left alone.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { planRuns } from '../../src/experiments/notebook_runs';
import { profileNamed } from '../../src/results/profile';
import { writeSnapshot } from '../../src/runs/snapshots';

const script = path.join(__dirname, '..', '..', 'scripts', 'compact-store.js');

test('compact-store.js: snapshots only where notebook 03 reads them, gzipped metrics of finished runs', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-compact-'));
  try {
    const standard = profileNamed('standard');
    const probed = planRuns(standard, ['03-stability-hermitian.ipynb'])[0];
    const other = planRuns(standard, ['01-table1-mnist.ipynb'])
      .find((r) => !r.notebooks.includes('03-stability-hermitian.ipynb') && r.spec.kind === 'distill')!;
    const make = (id: string, cfg: unknown, finished: boolean) => {
      const dir = path.join(root, 'standard', id);
      fs.mkdirSync(path.join(dir, 'final'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'config.json'), JSON.stringify({ config: cfg }));
      fs.writeFileSync(path.join(dir, 'metrics.jsonl'), '{"iteration":1,"epoch":0,"loss":2.3,"lr":0.01,"seconds":1}\n'
        .repeat(200));
      if (finished) fs.writeFileSync(path.join(dir, 'final', 'result.json'), '{}');
      else fs.mkdirSync(path.join(dir, 'checkpoint'));
      return dir;
    };
    const cfgOf = (r: typeof probed) => (r.spec.kind === 'distill' ? r.spec.cfg : null)!;
    const cfg = cfgOf(probed);
    // The standard run notebook 03 probes, MNIST (60,000 training images): 70 epochs of floor(60,000 / 512)
    // = 117 iterations (117 × 512 = 59,904), 70 × 117 = 8,190 in all, evaluated every 117 iterations:
    // at 117 j for j = 1, …, 69 (117 × 69 = 8,073; the last iteration, 117 × 70 = 8,190, is not a point).
    assert.deepEqual([cfg.dataset, cfg.epochs, cfg.batchSize, cfg.evalEvery], ['mnist', 70, 512, 117]);
    const evals = Array.from({ length: 69 }, (_, j) => 117 * (j + 1));
    const images = new Float32Array(10 * 784); // MNIST's 10 images: 10 × 784 × 4 = 31,360 bytes per snapshot
    // The trajectory (snapshot_retention.ts): at most min(16, floor(512 KiB / 31,360 B) = floor(16.7) = 16)
    // points, so every ceil(69 / 16) = ceil(4.31) = 5th evaluation: j = 5, 10, …, 65, 13 of the 69 points.
    // 117 × 5 = 585, 117 × 10 = 1,170, …, 117 × 65 = 7,605:
    const kept = [585, 1170, 1755, 2340, 2925, 3510, 4095, 4680, 5265, 5850, 6435, 7020, 7605];
    const dirs = [make(probed.id, cfg, true), make(other.id, cfgOf(other), true), make('unfinished-run', cfg, false),
      make('held-run', cfgOf(other), true)];
    // Held by this (live) process, as a run under way holds its lock.
    fs.writeFileSync(`${dirs[3]}.qdistill-lock`, JSON.stringify({ pid: process.pid, host: os.hostname(), started: '' }));
    for (const dir of dirs) {
      for (const it of evals) writeSnapshot(path.join(dir, 'snapshots'), it, images, new Float32Array(3));
    }
    const raw = fs.readFileSync(path.join(dirs[0], 'metrics.jsonl'));
    execFileSync(process.execPath, [script, ...dirs], { stdio: 'pipe' });

    const snapshots = (dir: string) => fs.readdirSync(path.join(dir, 'snapshots'))
      .filter((f) => f.startsWith('images-')).map((f) => Number(f.slice(7, 14)));
    assert.deepEqual(snapshots(dirs[0]).sort((a, b) => a - b), kept, 'notebook 03 reads it: the trajectory stays');
    assert.deepEqual(snapshots(dirs[1]), [], 'no reader: no snapshot');
    for (const dir of dirs.slice(0, 2)) {
      assert.deepEqual(fs.readdirSync(dir).sort(), ['config.json', 'final', 'metrics.jsonl.gz', 'snapshots']);
      assert.ok(zlib.gunzipSync(fs.readFileSync(path.join(dir, 'metrics.jsonl.gz'))).equals(raw));
      assert.equal(fs.readFileSync(path.join(dir, 'final', 'result.json'), 'utf8'), '{}');
    }
    assert.ok(fs.existsSync(path.join(dirs[2], 'metrics.jsonl')) && fs.existsSync(path.join(dirs[2], 'checkpoint')),
      'an unfinished run keeps its metrics and checkpoint');
    assert.equal(snapshots(dirs[3]).length, 69, 'a held run: every snapshot stays');
    assert.ok(fs.existsSync(path.join(dirs[3], 'metrics.jsonl')), 'a held run: metrics not compressed');
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
