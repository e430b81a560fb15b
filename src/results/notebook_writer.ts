/**
 * The results writer of the running notebook, with its folder chosen by the notebook's file name
 * (`findNotebookName`), so that no string in a notebook names its outputs' folder:
 * - a committed notebook (`OWN_RESULTS_NOTEBOOKS`) writes to its profile's results folder
 *   (`resultsDir`: `results/` for the committed profile, `results-<profile>/` otherwise);
 * - any other notebook (a copy, the template `99-template-variant.ipynb`, a notebook of your own)
 *   writes to a folder of its own, `results-copies/<profile>/<notebook stem>/` (git-ignored, and
 *   never wiped by `make reproduce`), or `$QDISTILL_RESULTS_DIR/copies/<stem>/` when that is set.
 *   Its `finish()` writes the README of that folder only: `results/README.md` is not touched.
 */
import * as path from 'path';
import { findRepoRoot } from '../util/repo_root';
import { FetchJson, NOTEBOOK_ENV, findNotebookName } from './notebook_name';
import { RESULTS_DIR_ENV, resultsDir } from './paths';
import { Profile, currentProfile } from './profile';
import { ResultsWriter } from './writer';

/** The committed notebooks whose outputs are the profile's results (`results/` for `standard`). */
export const OWN_RESULTS_NOTEBOOKS: readonly string[] = [
  '00-simulator-tour.ipynb', '01-table1-mnist.ipynb', '02-table1-cifar10.ipynb', '03-stability-hermitian.ipynb',
  '04-random-init.ipynb',
  '05-quantum-execution-cost.ipynb', '06-beyond-the-paper.ipynb', '07-claims.ipynb', '08-authors-model.ipynb',
  '10-oq1-quanvolution.ipynb',
  '11-oq2-angle-embedding.ipynb', '12-oq3-multiqubit-hermitian.ipynb',
  '20-kd-teacher-student.ipynb', '21-self-distillation.ipynb',
];

/**
 * A notebook file name as an output folder and manifest name: characters other than letters, digits, '.', '_', '-'
 * become '_'.
 */
export function safeNotebookName(name: string): string {
  const stem = path.basename(name).replace(/\.ipynb$/, '').replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._-]+/, '');
  if (stem === '') {
    throw new Error(`notebook name: expected a file name such as my-study.ipynb, received ${JSON.stringify(name)}`);
  }
  return `${stem}.ipynb`;
}

/** The results folder of notebook `name` at `profile` (see module comment). */
export function notebookResultsDir(name: string, profile: string, env: NodeJS.ProcessEnv = process.env): string {
  if (OWN_RESULTS_NOTEBOOKS.includes(name)) return resultsDir(env, profile);
  const stem = safeNotebookName(name).replace(/\.ipynb$/, '');
  if (env[RESULTS_DIR_ENV]) return path.join(path.resolve(env[RESULTS_DIR_ENV]!), 'copies', stem);
  return path.join(findRepoRoot(__dirname), 'results-copies', profile, stem);
}

/** Where `make reproduce` puts the executed copy of notebook `name`: its results folder's `executed/`. */
export function executedNotebookDir(name: string, profile: string, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(notebookResultsDir(safeNotebookName(name), profile, env), 'executed');
}

export interface OpenWriterOptions {
  profile?: Profile;
  /** The notebook's file name, when it cannot be found (see `findNotebookName`). */
  notebook?: string;
  env?: NodeJS.ProcessEnv;
  argv?: readonly string[];
  fetch?: FetchJson;
  threads?: number | null;
}

/**
 * The `ResultsWriter` of the running notebook, in its folder (see module comment).
 * @throws Error saying what was tried and how to name the notebook when its name cannot be found
 */
export async function openResultsWriter(o: OpenWriterOptions = {}): Promise<ResultsWriter> {
  const env = o.env ?? process.env;
  const profile = o.profile ?? currentProfile();
  let name = o.notebook;
  if (name === undefined) {
    const found = await findNotebookName({ env, argv: o.argv, fetch: o.fetch });
    if (found.name === null) {
      throw new Error(`openResultsWriter: cannot tell which notebook is running (${found.tried.join('; ')}). ` +
        `Set ${NOTEBOOK_ENV}=<file>.ipynb in the kernel's environment, ` +
        `or call openResultsWriter({ notebook: '<file>.ipynb' })`);
    }
    name = found.name;
  }
  const safe = safeNotebookName(name);
  return new ResultsWriter(safe, { dir: notebookResultsDir(safe, profile.name, env), profile, threads: o.threads });
}
