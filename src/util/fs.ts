/**
 * Crash-safe file writes: data goes to a temporary file in the destination's folder, is
 * flushed to disk (fsync), and is then renamed over the destination, so a reader sees either
 * the old or the new content, never a partial file. JSON helpers name the file in errors.
 */
import * as fs from 'fs';
import * as path from 'path';

let counter = 0;

/** A fresh temporary name beside `file` (same folder, so the final rename is atomic). */
export function tempPathFor(file: string): string {
  return path.join(path.dirname(file), `.${path.basename(file)}.tmp-${process.pid}-${Date.now()}-${counter++}`);
}

/** Writes `data` to `file` and flushes it to disk before returning (not atomic by itself). */
export function writeFileSynced(file: string, data: string | Uint8Array): void {
  const fd = fs.openSync(file, 'w');
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data, 'utf8') : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
}

/** Flushes a folder's entries (renames, new files) to disk; a no-op where folders cannot be opened. */
export function fsyncDir(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some platforms (Windows) cannot fsync a folder; the rename is still atomic there.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/**
 * Replaces `file` atomically with `data`: temporary file in the same folder, fsync, rename.
 * On failure the temporary file is removed and `file` keeps its previous content.
 */
export function writeFileAtomic(file: string, data: string | Uint8Array): void {
  const tmp = tempPathFor(file);
  try {
    writeFileSynced(tmp, data);
    fs.renameSync(tmp, file);
  } catch (e) {
    fs.rmSync(tmp, { force: true });
    throw e;
  }
  fsyncDir(path.dirname(file));
}

/** `value` as pretty-printed JSON with a final newline, written with `writeFileAtomic`. */
export function writeJsonAtomic(file: string, value: unknown): void {
  writeFileAtomic(file, JSON.stringify(value, null, 2) + '\n');
}

/**
 * Reads and parses a JSON file.
 * @throws Error naming the file when it cannot be read or is not valid JSON.
 */
export function readJson(file: string): unknown {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new Error(
      `${file}: expected a readable JSON file, received ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`,
    );
  }
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: expected valid JSON, received a parse error (${(e as Error).message})`);
  }
}

/** Fault injection for tests of `replaceDirAtomic` (a throwing hook simulates a failure there). */
export interface DirWriteHooks {
  /** Called after `fill` wrote the temporary folder, before anything is renamed. */
  afterFill?: (tmp: string) => void;
  /** Used instead of `fs.renameSync` for the two renames of the commit. */
  rename?: (from: string, to: string) => void;
}

/** The folder `dir` moves to while its replacement is renamed in (read when `dir` is missing). */
export const previousDirOf = (dir: string) => `${dir}.old`;

/**
 * Replaces the folder `dir` by a new one written by `fill` into a temporary sibling folder
 * (files flushed by `fill`, e.g. with `writeFileSynced`). Commit: `dir` → `dir.old`,
 * temporary → `dir`, then `dir.old` is removed. A crash at any point leaves a complete
 * folder at `dir` or at `dir.old` (see `committedDir`); stale temporary folders of earlier
 * crashes are removed first.
 */
export function replaceDirAtomic(dir: string, fill: (tmp: string) => void, hooks: DirWriteHooks = {}): void {
  const parent = path.dirname(dir), base = path.basename(dir), old = previousDirOf(dir);
  const rename = hooks.rename ?? fs.renameSync;
  for (const name of fs.readdirSync(parent)) {
    if (name.startsWith(`.${base}.tmp-`)) fs.rmSync(path.join(parent, name), { recursive: true, force: true });
  }
  const tmp = tempPathFor(dir);
  fs.mkdirSync(tmp);
  try {
    fill(tmp);
    hooks.afterFill?.(tmp);
    fsyncDir(tmp);
  } catch (e) {
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  let movedAside = false;
  try {
    if (fs.existsSync(dir)) {
      // `dir.old` is stale only when `dir` exists (otherwise it is the last complete copy).
      fs.rmSync(old, { recursive: true, force: true });
      rename(dir, old);
      movedAside = true;
    }
    rename(tmp, dir);
  } catch (e) {
    if (movedAside && !fs.existsSync(dir)) {
      try {
        fs.renameSync(old, dir);
      } catch {
        // `committedDir` still finds the previous folder at `dir.old`.
      }
    }
    fs.rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
  fsyncDir(parent);
  fs.rmSync(old, { recursive: true, force: true });
}

/**
 * The complete copy of a folder written by `replaceDirAtomic`: `dir` if it holds `marker`
 * (the file its writer puts last), else `dir.old` if that does, else null.
 */
export function committedDir(dir: string, marker: string): string | null {
  for (const d of [dir, previousDirOf(dir)]) if (fs.existsSync(path.join(d, marker))) return d;
  return null;
}
