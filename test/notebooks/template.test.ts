/**
 * The extension path, headless: the template notebook executed as a copy would be (its name,
 * `my-study.ipynb`, given as make reproduce gives it) in the quick profile, into temporary results
 * and run-cache folders: its outputs land in the copy's own folder, under the copy's name, with
 * its own README; the profile's folder gets nothing else (no results README map rewritten); its
 * estimate is a duration, not "about ?".
 */
import { test } from 'node:test';
import { profileNamed } from '../../src/results/profile';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { executeNotebook, outputsWith } from './execute';
import { STUDY_COLUMNS } from '../../src/experiments/variant_study';

test('99-template-variant run as a copy writes to the copy\'s own folder only', { timeout: 600_000 }, (t) => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-template-'));
  const results = path.join(root, 'results'), runs = path.join(root, 'runs');
  try {
    const env = { QDISTILL_PROFILE: 'quick', QDISTILL_RESULTS_DIR: results, QDISTILL_RUNS_DIR: runs,
      QDISTILL_NOTEBOOK: 'my-study.ipynb' };
    const { nb, text, seconds } = executeNotebook('99-template-variant.ipynb', env, 500);
    assert.match(text, /estimated duration: about \d+(\.\d+)? ?(h|m|s)/);
    assert.doesNotMatch(text, /about \?/);
    assert.match(text, /notebook my-study\.ipynb \| results folder .*copies\/my-study/);
    const own = path.join(results, 'copies', 'my-study');
    assert.deepEqual(fs.readdirSync(results), ['copies'], 'nothing written to the profile folder itself');
    const csv = fs.readFileSync(path.join(own, 'variants.csv'), 'utf8').trim().split('\n');
    assert.equal(csv[0], STUDY_COLUMNS.join(','));
    const seeds = profileNamed('quick').openQuestions.mnist.seeds.length;
    assert.equal(csv.length, 1 + 2 * seeds, `two variants × ${seeds} seed(s) (quick)`);
    assert.match(csv[1], /^mnist,amplitude-embedding-6-qubits-table-i-best-row,0,/);
    const m = JSON.parse(fs.readFileSync(path.join(own, 'variants.csv.manifest.json'), 'utf8'));
    assert.equal(m.notebook, 'my-study.ipynb');
    assert.ok(fs.existsSync(path.join(own, 'variants-accuracy.html')) &&
      fs.existsSync(path.join(own, 'variants-loss.html')));
    assert.match(fs.readFileSync(path.join(own, 'README.md'), 'utf8'), /`notebooks\/my-study\.ipynb`/);
    assert.equal(outputsWith(nb, 'application/vnd.plotly.v1+json').length, 2);
    t.diagnostic(`99-template-variant (quick, cold run cache) executed in ${seconds.toFixed(1)} s`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
});
