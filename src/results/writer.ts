/**
 * The one writer of `results/`. A notebook creates one `ResultsWriter` at its start and writes
 * every output through it:
 * - `table(name, rows, columns)`: a CSV written by danfo.js;
 * - `sharedTable(name, rows, columns)`: a CSV several notebooks contribute to (Table I): this
 *   notebook's rows replace its previous contribution, the others' rows are kept;
 * - `figure(name, fig)`: an interactive self-contained HTML page and a static PNG (headless
 *   Chromium; without one the HTML is written and the reason the PNG is missing is returned).
 * Each output gets `<output>.manifest.json` (see `manifest.ts`); all writes are atomic.
 * `finish()` regenerates `results/README.md`.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as tf from '@tensorflow/tfjs';
import { PlotlyFigure, plotlyStandaloneHtml } from '../plot/plotly';
import { writeFileAtomic, writeJsonAtomic } from '../util/fs';
import { Row, checkRows, writeCsv } from './csv';
import { MANIFEST_FORMAT, MANIFEST_SUFFIX, Manifest, SharedManifest, gitState, libraryVersions } from './manifest';
import { NUMERICS_VERSION } from '../numerics';
import { defaultWorkers } from '../util/threads';
import { resultsDir } from './paths';
import { PngOptions, findChromium, renderPng } from './png';
import { Profile, currentProfile } from './profile';
import { writeResultsReadme } from './readme';
import { diffCounts, executionCounts } from '../sim/executions';

/** What an output was computed from (recorded in its manifest). */
export interface OutputMeta {
  config?: unknown;
  seeds?: number[];
  /** Threads that computed this output (workers + 1; see `Manifest.threads`). Default: the writer's. */
  threads?: number | null;
  /**
   * For an output derived from other outputs: the oldest numerics version among its inputs, so
   * that it is marked stale with them (default: this code's `NUMERICS_VERSION`).
   */
  numericsVersion?: number;
}

export interface FigureFiles {
  html: string;
  /** Null when no PNG could be written; `pngMissing` says why. */
  png: string | null;
  pngMissing?: string;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function checkVersion(v: number): number {
  if (!(Number.isInteger(v) && v >= 1 && v <= NUMERICS_VERSION)) {
    throw new Error(`ResultsWriter: numericsVersion: expected an integer from 1 to ${NUMERICS_VERSION}, received ${v}`);
  }
  return v;
}

function checkThreads(threads: number | null): number | null {
  if (threads !== null && !(Number.isInteger(threads) && threads >= 1)) {
    throw new Error(
      `ResultsWriter: threads: expected a positive integer (worker threads + 1) or null, received ${threads}`,
    );
  }
  return threads;
}

export class ResultsWriter {
  readonly dir: string;
  readonly profile: Profile;
  private readonly started = Date.now();
  private readonly countsAtStart = executionCounts();
  private readonly git = gitState();
  /** Threads recorded when an output's meta gives none (see `Manifest.threads`). */
  readonly threads: number | null;

  /**
   * @param notebook file name of the notebook writing (e.g. `01-table1-mnist.ipynb`)
   * @param o.dir results folder (default: the profile's, `resultsDir`); o.profile (default `currentProfile()`);
   *   o.threads threads that compute the notebook's outputs, the worker threads passed to the
   *   experiments + 1 (default: 1 + `defaultWorkers`, what the experiments use unless given `workers`)
   */
  constructor(readonly notebook: string, o: { dir?: string; profile?: Profile; threads?: number | null } = {}) {
    if (!NAME.test(notebook)) {
      throw new Error(
        'ResultsWriter: expected a notebook file name such as ' +
          `01-table1-mnist.ipynb, received ${JSON.stringify(notebook)}`,
      );
    }
    this.profile = o.profile ?? currentProfile();
    this.dir = o.dir ?? resultsDir(process.env, this.profile.name);
    this.threads = checkThreads(o.threads === undefined ? 1 + defaultWorkers(tf.getBackend() ?? 'cpu') : o.threads);
    fs.mkdirSync(this.dir, { recursive: true });
  }

  private file(name: string, ext: string): string {
    if (!NAME.test(name) || name.includes('..')) {
      throw new Error(
        `ResultsWriter: expected an output name of letters, digits, '.', '_' or '-', received ${JSON.stringify(name)}`,
      );
    }
    return path.join(this.dir, name.endsWith(ext) ? name : `${name}${ext}`);
  }

  /**
   * Every output name belongs to one notebook: the one whose manifest is beside it (shared
   * tables belong to all their contributors). @throws Error naming both notebooks.
   */
  private checkOwner(file: string, shared: boolean): void {
    const mfile = file + MANIFEST_SUFFIX;
    if (!fs.existsSync(mfile)) return;
    let m: Partial<SharedManifest>;
    try {
      m = JSON.parse(fs.readFileSync(mfile, 'utf8')) as Partial<SharedManifest>;
    } catch {
      return; // a damaged manifest is rewritten
    }
    const isShared = m.contributions !== undefined;
    if (m.notebook === undefined || (shared && isShared) || (!isShared && m.notebook === this.notebook)) return;
    const owner = isShared
      ? Object.keys(m.contributions!)
          .sort()
          .map((n) => `notebooks/${n}`)
          .join(', ')
      : `notebooks/${m.notebook}`;
    throw new Error(`${file}: this output belongs to ${owner}; notebooks/${this.notebook} must not overwrite it ` +
      '(give the output another name; rows several notebooks contribute go through sharedTable)');
  }

  private manifest(file: string, meta: OutputMeta): Manifest {
    return {
      format: MANIFEST_FORMAT,
      output: path.relative(this.dir, file),
      notebook: this.notebook,
      profile: this.profile.name,
      git: this.git,
      numerics_version: checkVersion(meta.numericsVersion ?? NUMERICS_VERSION),
      config: meta.config ?? null,
      seeds: meta.seeds ?? [],
      backend: tf.getBackend() ?? 'none',
      threads: meta.threads === undefined ? this.threads : checkThreads(meta.threads),
      versions: libraryVersions(),
      wallTimeSeconds: Number(((Date.now() - this.started) / 1000).toFixed(1)),
      executions: diffCounts(executionCounts(), this.countsAtStart),
      created: new Date().toISOString(),
    };
  }

  /** Writes `rows` as `<name>.csv` with exactly `columns`. Returns the file's path. */
  table(name: string, rows: readonly Row[], columns: readonly string[], meta: OutputMeta = {}): string {
    const file = this.file(name, '.csv');
    this.checkOwner(file, false);
    writeCsv(file, rows, columns);
    writeJsonAtomic(file + MANIFEST_SUFFIX, this.manifest(file, meta));
    return file;
  }

  /**
   * Writes this notebook's `rows` into the shared table `<name>.csv`: rows other notebooks
   * contributed are kept (from the table's manifest), this notebook's are replaced. Rows are
   * in contribution order (notebooks by name). @throws Error if `columns` differ from the table's.
   */
  sharedTable(name: string, rows: readonly Row[], columns: readonly string[], meta: OutputMeta = {}): string {
    const file = this.file(name, '.csv');
    this.checkOwner(file, true);
    checkRows(file, rows, columns);
    const mfile = file + MANIFEST_SUFFIX;
    const previous = fs.existsSync(mfile) ? (JSON.parse(fs.readFileSync(mfile, 'utf8')) as SharedManifest) : null;
    if (previous && previous.columns.join(',') !== columns.join(',')) {
      throw new Error(
        `${file}: expected the table's columns [${previous.columns.join(', ')}], received [${columns.join(', ')}]`,
      );
    }
    const { format: _f, output: _o, notebook: _n, ...mine } = this.manifest(file, meta);
    const contributions = { ...(previous?.contributions ?? {}), [this.notebook]: { ...mine, rows: [...rows] } };
    const all = Object.keys(contributions).sort().flatMap((k) => contributions[k].rows);
    writeCsv(file, all, columns);
    const m: SharedManifest = { ...this.manifest(file, meta), columns: [...columns], contributions };
    writeJsonAtomic(mfile, m);
    return file;
  }

  /**
   * Writes `<name>.html` (self-contained, interactive) and `<name>.png` (headless Chromium).
   * Without Chromium, or if rendering fails, the PNG is skipped and `pngMissing` says why.
   */
  async figure(name: string, fig: PlotlyFigure, meta: OutputMeta = {}, png: PngOptions = {}): Promise<FigureFiles> {
    const html = this.file(name, '.html');
    this.checkOwner(html, false);
    this.checkOwner(this.file(name, '.png'), false);
    const title = (fig.layout?.title as { text?: string } | undefined)?.text ?? name;
    writeFileAtomic(html, plotlyStandaloneHtml(fig, title));
    writeJsonAtomic(html + MANIFEST_SUFFIX, this.manifest(html, meta));
    const pngFile = this.file(name, '.png');
    const chromium = findChromium();
    let pngMissing: string | undefined;
    if (chromium.path === null) {
      pngMissing = chromium.reason;
    } else {
      try {
        writeFileAtomic(pngFile, await renderPng(fig, chromium.path, png));
        writeJsonAtomic(pngFile + MANIFEST_SUFFIX, this.manifest(pngFile, meta));
        return { html, png: pngFile };
      } catch (e) {
        pngMissing = `rendering with ${chromium.path} failed: ${(e as Error).message.split('\n')[0]}`;
      }
    }
    fs.rmSync(pngFile, { force: true });
    fs.rmSync(pngFile + MANIFEST_SUFFIX, { force: true });
    return { html, png: null, pngMissing };
  }

  /**
   * Removes the figure `name` (HTML, PNG and their manifests) where this notebook no longer draws it (e.g.
   * no finished run yet), so that an older one is never shown as current. Returns whether one was there.
   */
  withdrawFigure(name: string): boolean {
    const files = ['.html', '.png'].map((ext) => this.file(name, ext)).filter((f) => fs.existsSync(f));
    for (const f of files) {
      this.checkOwner(f, false);
      fs.rmSync(f, { force: true });
      fs.rmSync(f + MANIFEST_SUFFIX, { force: true });
    }
    return files.length > 0;
  }

  /** Regenerates `results/README.md` from the manifests present. Returns its path. */
  finish(): string {
    return writeResultsReadme(this.dir);
  }
}
