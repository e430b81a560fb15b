/**
 * Helpers of `make reproduce` (run after `make build`):
 *   node dist/tools/reproduce.js plan [NOTEBOOK...]
 *                                         print the profile and the estimated duration per notebook
 *                                         (of the notebooks named, file names, as `select` prints them)
 *   node dist/tools/reproduce.js select PATTERN...
 *                                         the notebooks/ files that names or numbers name (`01 07`),
 *                                         one per line; exit 2 naming the notebooks there are otherwise
 *   node dist/tools/reproduce.js forget NOTEBOOK...
 *                                         remove those notebooks' own outputs and executed copies
 *                                         from the profile's results folder (before rebuilding them)
 *   node dist/tools/reproduce.js dir      print the profile's results folder (resultsDir)
 *   node dist/tools/reproduce.js executed-dir <notebook.ipynb>
 *                                         where the executed copy of a notebook goes: <results>/executed
 *                                         for a committed notebook, its own folder's executed/ otherwise
 *   node dist/tools/reproduce.js readme   regenerate <results>/README.md from the manifests, and, for
 *                                         the committed profile, the Table I block of the README
 *   node dist/tools/reproduce.js chromium print the Chromium used for PNG figures; exit 1 with
 *                                         the reason when there is none
 */
import { estimateNotebooks } from '../experiments/plan';
import { formatDuration } from '../runs/eta';
import { currentProfile } from '../results/profile';
import { COMMITTED_PROFILE, RESULTS_DIR_ENV, resultsDir } from '../results/paths';
import { findChromium } from '../results/png';
import { executedNotebookDir } from '../results/notebook_writer';
import * as path from 'path';
import { replaceTable1Block, table1Block, writeResultsReadme } from '../results/readme';
import { REPO_ROOT } from './jupyter-env';
import * as fs from 'fs';
import { forgetNotebookOutputs, selectNotebooks } from '../results/notebook_select';

const notebookFiles = () =>
  fs.readdirSync(path.join(REPO_ROOT, 'notebooks')).filter((n) => n.endsWith('.ipynb')).sort();

function main(argv: string[]): number {
  const command = argv[0];
  if (command === 'plan') {
    const profile = currentProfile();
    const all = estimateNotebooks(profile), only = argv.slice(1);
    const est = only.length ? Object.fromEntries(only.map((nb) => [nb, all[nb] ?? 0])) : all;
    const total = Object.values(est).reduce((a, b) => a + b, 0);
    console.log(`reproduce: profile ${profile.name}: ${profile.description}`);
    for (const [nb, s] of Object.entries(est)) console.log(`reproduce:   ${nb.padEnd(30)} about ${formatDuration(s)}`);
    console.log(
      `reproduce: estimated total about ${formatDuration(total)} ` +
        'on the reference machine (2 cores, wasm); cached runs take no time',
    );
    return 0;
  }
  if (command === 'select') {
    try {
      console.log(selectNotebooks(argv.slice(1), notebookFiles()).join('\n'));
      return 0;
    } catch (e) {
      console.error(`reproduce: ${(e as Error).message}`);
      return 2;
    }
  }
  if (command === 'forget') {
    const removed = forgetNotebookOutputs(resultsDir(), argv.slice(1));
    console.log(`reproduce: removed ${removed.length} old output files of ${argv.slice(1).join(', ')}` +
      ` from ${resultsDir()} (the other notebooks' outputs stay)`);
    return 0;
  }
  if (command === 'dir') {
    console.log(resultsDir());
    return 0;
  }
  if (command === 'executed-dir') {
    if (argv.length !== 2) {
      console.error('usage: node dist/tools/reproduce.js executed-dir <notebook.ipynb>');
      return 2;
    }
    console.log(executedNotebookDir(argv[1], currentProfile().name));
    return 0;
  }
  if (command === 'readme') {
    console.log(`reproduce: wrote ${writeResultsReadme(resultsDir())}`);
    const top = path.join(REPO_ROOT, 'README.md');
    const profile = currentProfile().name;
    if (profile !== COMMITTED_PROFILE || process.env[RESULTS_DIR_ENV]) {
      console.log(
        `reproduce: profile ${profile}: the README's Table I shows the ` +
          `committed profile (${COMMITTED_PROFILE}); left unchanged`,
      );
    } else if (replaceTable1Block(top, table1Block(resultsDir()))) {
      console.log(`reproduce: updated the Table I block of ${top}`);
    } else {
      console.log(`reproduce: ${top} has no Table I block markers; left unchanged`);
    }
    return 0;
  }
  if (command === 'chromium') {
    const c = findChromium();
    if (c.path === null) {
      console.error(c.reason);
      return 1;
    }
    console.log(c.path);
    return 0;
  }
  console.error('usage: node dist/tools/reproduce.js plan [NOTEBOOK...]|select PATTERN...|forget NOTEBOOK...|dir|' +
    'executed-dir <notebook>|readme|chromium');
  return 2;
}

process.exitCode = main(process.argv.slice(2));
