/**
 * A lock on a run directory, so that two writers (two notebooks, two executors, a re-run cell
 * while the first still computes) never write the same run.
 *
 * The lock is the file `<run dir>.qdistill-lock` beside the directory (the directory itself may
 * not exist yet), created exclusively (`O_EXCL`) and holding `{ pid, host, started, heartbeat }`.
 * A holder refreshes its modification time (`heartbeat`) while it works. A lock is stale, and
 * is taken over, when its process is gone (same host: the pid no longer runs) or, from another
 * host (a cluster node that died), when it has not been refreshed for `staleSeconds`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { RunSetupError } from './errors';

/** Suffix of lock files (git-ignored). */
export const LOCK_SUFFIX = '.qdistill-lock';
/** A lock from another host not refreshed for this long is stale (default of `acquireRunLock`). */
export const DEFAULT_STALE_SECONDS = 600;
/** How often `heartbeat` refreshes the lock at most. */
const HEARTBEAT_SECONDS = 30;

export interface LockInfo {
  pid: number;
  host: string;
  started: string;
}

export interface RunLock {
  file: string;
  /** Refreshes the lock (at most every 30 s; call it as often as convenient). */
  heartbeat(): void;
  /** Removes the lock (idempotent). */
  release(): void;
}

export const lockFile = (runDir: string): string => runDir.replace(/[/\\]+$/, '') + LOCK_SUFFIX;

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/** The holder of `file` if the lock is live, null if it is absent or stale. */
export function liveHolder(file: string, staleSeconds = DEFAULT_STALE_SECONDS): LockInfo | null {
  let info: LockInfo, mtime: number;
  try {
    info = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
    mtime = fs.statSync(file).mtimeMs;
  } catch {
    return null; // absent, or half-written by a process that died while creating it
  }
  if (info.host === os.hostname()) return alive(info.pid) ? info : null;
  return Date.now() - mtime < staleSeconds * 1000 ? info : null;
}

/**
 * Takes the lock of `runDir` or fails at once.
 * @throws RunSetupError naming the holder when another live process holds it.
 */
export function acquireRunLock(runDir: string, staleSeconds = DEFAULT_STALE_SECONDS): RunLock {
  const file = lockFile(runDir);
  fs.mkdirSync(path.dirname(file), { recursive: true }); // the lock lies beside the run, which may not exist yet
  const mine: LockInfo = { pid: process.pid, host: os.hostname(), started: new Date().toISOString() };
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      fs.writeFileSync(file, JSON.stringify(mine) + '\n', { flag: 'wx' });
      return heldLock(file);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const holder = liveHolder(file, staleSeconds);
    if (holder !== null) {
      throw new RunSetupError(
        `${runDir} is in use by process ${holder.pid} on ${holder.host} (since ${holder.started}; lock ${file}): ` +
          'two writers must not share a run. Wait for it to finish or stop it; ' +
          'a lock left by a process that died is taken over',
      );
    }
    fs.rmSync(file, { force: true }); // stale: take it over
  }
  throw new RunSetupError(`${runDir}: could not take the lock ${file} (another process keeps taking it)`);
}

function heldLock(file: string): RunLock {
  let last = Date.now(), released = false;
  const onExit = () => release();
  const release = () => {
    if (released) return;
    released = true;
    process.removeListener('exit', onExit);
    try {
      const info = JSON.parse(fs.readFileSync(file, 'utf8')) as LockInfo;
      if (info.pid === process.pid && info.host === os.hostname()) fs.rmSync(file, { force: true });
    } catch {
      // gone already
    }
  };
  process.on('exit', onExit);
  return {
    file,
    heartbeat() {
      if (released || Date.now() - last < HEARTBEAT_SECONDS * 1000) return;
      last = Date.now();
      const t = new Date();
      try {
        fs.utimesSync(file, t, t);
      } catch {
        // the lock was removed under us; the run goes on, a second writer would now be refused no more
      }
    },
    release,
  };
}
