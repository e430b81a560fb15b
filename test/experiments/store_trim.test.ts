/**
 * Which finished runs of a store keep only the hash of their final images, on a scratch store of
 * the standard profile holding finished runs with made-up sets: the lowest planned seed of a family,
 * small sets, the runs notebook 03 probes and a transfer source with uncached cells keep their
 * images; the others are listed, and scripts/compact-store.js (built code: `make build` first)
 * trims exactly those, after which every number the tables read is unchanged.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { TRANSFER_TARGETS, transferCacheFile, transferSeeds } from '../../src/experiments/beyond_transfer';
import { planRuns } from '../../src/experiments/notebook_runs';
import { trimCandidates } from '../../src/experiments/store_trim';
import { profileNamed } from '../../src/results/profile';
import { stateShapes } from '../../src/runs/checkpoint';
import { readDistilledSet, readFinalResult, writeFinalSet } from '../../src/runs/final_set';
import { createRunDir, runPaths } from '../../src/runs/run_dir';
import { sizeOf } from '../../src/runs/tensor_file';

const script = path.join(__dirname, '..', '..', 'scripts', 'compact-store.js');
const LOWEST = 'cifar10-classical-fixed-s1-262e9f6b0957';
const LATER = 'cifar10-classical-fixed-s2-6274f9c745cd';
const SOURCE = 'cifar10-quantum-hermitian-res-fixed-s2-c6d6b783e640'; // Table I R+H, a transfer source of 06
const PROBED = 'mnist-quantum-hermitian_fixed-res-fixed-s2-99102c22a4fb'; // notebook 03
const SMALL = 'mnist-classical-fixed-s2-';

test('trimCandidates and compact-store.js: later seeds of big sets only, once nothing needs their images',
  { timeout: 120_000 }, () => {
    const store = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-trim-'));
    const saved = process.env.QDISTILL_RUNS_DIR;
    process.env.QDISTILL_RUNS_DIR = store;
    try {
      const profile = profileNamed('standard');
      const plan = planRuns(profile);
      const ids = [LOWEST, LATER, SOURCE, PROBED, plan.find((r) => r.id.startsWith(SMALL))!.id];
      for (const id of ids) {
        const r = plan.find((p) => p.id === id)!;
        assert.ok(r && r.spec.kind === 'distill', id);
        const cfg = r.spec.cfg, info = createRunDir(r.dir, cfg, cfg, r.spec.trainLimit ?? null);
        const images = Float32Array.from({ length: sizeOf(stateShapes(cfg).images) }, (_, i) => Math.cos(i));
        const rawLrs = new Float32Array(stateShapes(cfg).rawLrs[0]).fill(-1);
        writeFinalSet(runPaths(r.dir).final, cfg, { images, rawLrs }, { iteration: 9, test_examples: 10000,
          eval: { accuracies: [30], mean: 30, std: 0 }, seeds: [cfg.seed], seconds: 1, configHash: info.configHash });
      }
      const listed = () => trimCandidates(profile).map((c) => path.basename(c.dir));
      assert.deepEqual(listed(), [LATER], 'the transfer source waits for its cells');
      assert.deepEqual(trimCandidates(profile, { minBytes: 0 }).map((c) => path.basename(c.dir)).sort(),
        [LATER, ids[4]].sort(), 'without the size rule the small later seed goes too, never the probed run');

      const source = plan.find((p) => p.id === SOURCE)!;
      const cfg = source.spec.kind === 'distill' ? source.spec.cfg : null!;
      const seeds = transferSeeds(cfg, profile.beyond.evalInits);
      TRANSFER_TARGETS.forEach((t, k) => {
        const { key, file } = transferCacheFile(source.dir, { iteration: 9 }, t.model, seeds,
          profile.beyond.transferTestLimit, profile.name);
        assert.deepEqual(listed(), [LATER], `${k} of ${TRANSFER_TARGETS.length} cells cached`);
        fs.mkdirSync(path.dirname(file), { recursive: true });
        fs.writeFileSync(file, JSON.stringify({ key, accuracies: [50] }));
      });
      assert.deepEqual(listed(), [LATER, SOURCE], 'every cell cached: the source goes too');

      const before = ids.map((id) => readFinalResult(runPaths(path.join(store, 'standard', id)).final));
      const out = execFileSync(process.execPath, [script, ...ids.map((id) => path.join(store, 'standard', id))],
        { encoding: 'utf8', env: { ...process.env, QDISTILL_RUNS_DIR: '' } });
      assert.match(out, new RegExp(`${LATER}: final/images.bin replaced by its sha256 \\(1228800 bytes freed\\)`));
      for (const id of ids) {
        const final = path.join(store, 'standard', id, 'final');
        const trimmed = id === LATER || id === SOURCE;
        assert.equal(fs.existsSync(path.join(final, 'images.bin')), !trimmed, id);
        assert.equal(fs.existsSync(path.join(final, 'images.bin.sha256')), trimmed, id);
      }
      assert.deepEqual(ids.map((id) => readFinalResult(runPaths(path.join(store, 'standard', id)).final)), before);
      const later = plan.find((p) => p.id === LATER)!;
      const lcfg = later.spec.kind === 'distill' ? later.spec.cfg : null!;
      const set = readDistilledSet(runPaths(later.dir), lcfg, '', { trimmed: 'allow' });
      assert.deepEqual([set.images, Array.from(set.rawLrs).every((v) => v === -1)], [null, true]);
      assert.deepEqual(trimCandidates(profile), [], 'nothing left to trim');
    } finally {
      if (saved === undefined) delete process.env.QDISTILL_RUNS_DIR;
      else process.env.QDISTILL_RUNS_DIR = saved;
      fs.rmSync(store, { recursive: true, force: true });
    }
  });
