/**
 * Streaming HTTP(S) download to a file with Node's built-in `fetch`: follows redirects (at
 * most `maxRedirects`), reports progress, enforces an inactivity timeout and checks the received
 * length against Content-Length. On any failure the partial destination file is removed.
 */
import * as fs from 'fs';
import { Readable, Transform } from 'stream';
import { pipeline } from 'stream/promises';
import type { ReadableStream as NodeReadableStream } from 'stream/web';

/** Progress of a running download. */
export interface DownloadProgress {
  /** Bytes written so far. */
  receivedBytes: number;
  /** Content-Length of the response, or null if the server did not send one. */
  totalBytes: number | null;
  /** Milliseconds since the request started. */
  elapsedMs: number;
  /** True on the final call: after the last byte was written, or after a failure. */
  done: boolean;
  /** Set (with `done: true`) when the download failed: the error message. */
  error?: string;
}

/** Options of `fetchToFile`. */
export interface FetchOptions {
  /** Called after every received chunk and once more with `done: true`. */
  onProgress?: (p: DownloadProgress) => void;
  /** Abort when the connection is idle this long (default 60000 ms). */
  timeoutMs?: number;
  /** Maximum number of redirects to follow (default 5). */
  maxRedirects?: number;
}

const REDIRECTS = new Set([301, 302, 303, 307, 308]);

/** An error whose message is already complete (names the URL); not wrapped again. */
class DownloadError extends Error {}

/** An abort signal that fires when `touch()` was not called for `timeoutMs`. */
function idleTimeout(timeoutMs: number) {
  const controller = new AbortController();
  let url = '';
  let timer: NodeJS.Timeout | undefined;
  const touch = (current?: string) => {
    if (current !== undefined) url = current;
    clearTimeout(timer);
    timer = setTimeout(() => {
      controller.abort(new DownloadError(`${url}: no data received for ${timeoutMs} ms (timeout)`));
    }, timeoutMs);
  };
  return { signal: controller.signal, touch, stop: () => clearTimeout(timer) };
}

/**
 * GET requests, following up to `maxRedirects` redirects by hand (so the limit and each hop's
 * protocol are checked); resolves to the 200 response. `accept-encoding: identity` asks for the
 * file as stored (fetch decodes a gzip Content-Encoding; a server that sends one anyway fails
 * the Content-Length check instead of writing other bytes).
 */
type Idle = ReturnType<typeof idleTimeout>;

async function getFollowing(url: string, idle: Idle, maxRedirects: number): Promise<Response> {
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    if (current.protocol !== 'http:' && current.protocol !== 'https:') {
      const what = `expected an http: or https: URL, received protocol ${current.protocol}`;
      throw new DownloadError(`${current.href}: ${what}`);
    }
    idle.touch(current.href);
    const headers = { 'user-agent': 'qdistill', 'accept-encoding': 'identity' };
    const res = await fetch(current, { headers, redirect: 'manual', signal: idle.signal });
    const location = res.headers.get('location');
    if (REDIRECTS.has(res.status) && location) {
      await res.body?.cancel();
      if (hop >= maxRedirects) {
        const what = `expected at most ${maxRedirects} redirects, received more (last: ${current.href})`;
        throw new DownloadError(`${url}: ${what}`);
      }
      current = new URL(location, current);
      continue;
    }
    if (res.status !== 200) {
      await res.body?.cancel();
      throw new DownloadError(`${current.href}: expected HTTP 200, received ${res.status} ${res.statusText}`.trim());
    }
    return res;
  }
}

/** The most specific message of a fetch error (`fetch failed` names its cause only in `cause`). */
function reason(e: unknown): string {
  const err = e as Error & { cause?: unknown };
  return err.cause instanceof Error ? `${err.message} (${err.cause.message})` : String(err.message ?? e);
}

/**
 * Downloads `url` into `dest` (created or overwritten).
 *
 * @returns the number of bytes written.
 * @throws Error on network errors, non-200 status, timeout or a body shorter/longer than
 *         Content-Length; `dest` is deleted in that case.
 */
export async function fetchToFile(url: string, dest: string, opts: FetchOptions = {}): Promise<number> {
  const idle = idleTimeout(opts.timeoutMs ?? 60000);
  const start = Date.now();
  let received = 0;
  let total: number | null = null;
  try {
    const res = await getFollowing(url, idle, opts.maxRedirects ?? 5);
    const len = Number(res.headers.get('content-length') ?? NaN);
    total = Number.isFinite(len) && len >= 0 ? len : null;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        idle.touch();
        received += chunk.length;
        opts.onProgress?.({ receivedBytes: received, totalBytes: total, elapsedMs: Date.now() - start, done: false });
        cb(null, chunk);
      },
    });
    const body = res.body === null ? Readable.from([]) : Readable.fromWeb(res.body as NodeReadableStream<Uint8Array>);
    await pipeline(body, counter, fs.createWriteStream(dest));
    if (total !== null && received !== total) {
      throw new DownloadError(`${url}: expected ${total} bytes (Content-Length), received ${received}`);
    }
    opts.onProgress?.({ receivedBytes: received, totalBytes: total, elapsedMs: Date.now() - start, done: true });
    return received;
  } catch (e) {
    fs.rmSync(dest, { force: true });
    const cause = idle.signal.aborted ? idle.signal.reason : e;
    const what = total !== null ? `${received} of ${total}` : `${received}`;
    const err =
      cause instanceof DownloadError
        ? cause
        : new Error(`${url}: download failed after ${what} bytes: ${reason(cause)}`);
    const elapsedMs = Date.now() - start;
    opts.onProgress?.({ receivedBytes: received, totalBytes: total, elapsedMs, done: true, error: err.message });
    throw err;
  } finally {
    idle.stop();
  }
}
