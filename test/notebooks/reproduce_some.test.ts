/**
 * `make reproduce NOTEBOOKS=…`: only the named notebooks run; their old outputs go first, the other
 * notebooks' outputs stay, the results README is regenerated; a name that matches no notebook stops it
 * before anything is touched. Notebook 00 (the simulator tour, which writes no output) keeps it short.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

const ROOT = path.join(__dirname, '..', '..');

test('make reproduce NOTEBOOKS=00: notebook 00 only; its old outputs removed, the others kept', { timeout: 600_000 },
  () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-some-'));
    const results = path.join(dir, 'results');
    try {
      fs.mkdirSync(path.join(results, 'executed'), { recursive: true });
      // A real output of notebook 04 (committed, with its manifest), and one attributed to notebook 00.
      for (const f of ['random-init.csv', 'random-init.csv.manifest.json'])
        fs.copyFileSync(path.join(ROOT, 'results', f), path.join(results, f));
      const m = JSON.parse(fs.readFileSync(path.join(ROOT, 'results', 'random-init.csv.manifest.json'), 'utf8'));
      fs.writeFileSync(path.join(results, 'old-tour.csv'), 'a\n1\n');
      fs.writeFileSync(path.join(results, 'old-tour.csv.manifest.json'),
        JSON.stringify({ ...m, output: 'old-tour.csv', notebook: '00-simulator-tour.ipynb' }));
      fs.writeFileSync(path.join(results, 'executed', '04-random-init.ipynb'), '{}');
      const make = (notebooks: string) => spawnSync('make', ['reproduce', `NOTEBOOKS=${notebooks}`], {
        cwd: ROOT, encoding: 'utf8',
        env: { ...process.env, QDISTILL_RESULTS_DIR: results, QDISTILL_RUNS_DIR: path.join(dir, 'runs') },
      });
      const bad = make('13');
      assert.notEqual(bad.status, 0);
      assert.match(bad.stderr, /NOTEBOOKS: "13" names no notebook; expected a name or its number, one of: 00-simul/);
      assert.ok(fs.existsSync(path.join(results, 'old-tour.csv')), 'nothing removed after a bad name');

      const r = make('00');
      assert.equal(r.status, 0, r.stdout + r.stderr);
      assert.match(r.stdout, /reproduce:   00-simulator-tour\.ipynb +about/);
      assert.doesNotMatch(r.stdout, /01-table1-mnist\.ipynb +about/, 'the plan lists notebook 00 only');
      assert.match(r.stdout, /only those of 00-simulator-tour\.ipynb are replaced/);
      assert.deepEqual(r.stdout.match(/reproduce: executing notebooks\/\S+/g),
        ['reproduce: executing notebooks/00-simulator-tour.ipynb']);
      assert.deepEqual(fs.readdirSync(results).sort(), ['README.md', 'executed', 'random-init.csv',
        'random-init.csv.manifest.json']);
      assert.deepEqual(fs.readdirSync(path.join(results, 'executed')).sort(),
        ['00-simulator-tour.ipynb', '04-random-init.ipynb']);
      assert.equal(fs.readFileSync(path.join(results, 'random-init.csv'), 'utf8'),
        fs.readFileSync(path.join(ROOT, 'results', 'random-init.csv'), 'utf8'), 'notebook 04\'s output unchanged');
      const readme = fs.readFileSync(path.join(results, 'README.md'), 'utf8');
      assert.match(readme, /\[`random-init\.csv`\]\(random-init\.csv\)/);
      assert.doesNotMatch(readme, /old-tour/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
