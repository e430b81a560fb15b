/**
 * Streaming HTTP(S) download to a file with Node's http/https modules: follows
 * redirects, reports progress, enforces an inactivity timeout and checks the received
 * length against Content-Length. On any failure the partial destination file is removed.
 */
import * as fs from 'fs';
import * as http from 'http';
import * as https from 'https';
import { Transform } from 'stream';
import { pipeline } from 'stream/promises';

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

function get(url: URL, timeoutMs: number): Promise<http.IncomingMessage> {
  return new Promise((resolve, reject) => {
    const mod = url.protocol === 'https:' ? https : url.protocol === 'http:' ? http : null;
    if (mod === null) {
      reject(new DownloadError(`${url.href}: expected an http: or https: URL, received protocol ${url.protocol}`));
      return;
    }
    const req = mod.get(url, { headers: { 'user-agent': 'qdistill' } }, resolve);
    req.setTimeout(timeoutMs, () => {
      req.destroy(new DownloadError(`${url.href}: no data received for ${timeoutMs} ms (timeout)`));
    });
    req.on('error', reject);
  });
}

/** Issues GET requests, following up to `maxRedirects` redirects; resolves to the 200 response. */
async function getFollowing(url: string, timeoutMs: number, maxRedirects: number): Promise<http.IncomingMessage> {
  let current = new URL(url);
  for (let hop = 0; ; hop++) {
    const res = await get(current, timeoutMs);
    const status = res.statusCode ?? 0;
    if (REDIRECTS.has(status) && res.headers.location) {
      res.resume();
      if (hop >= maxRedirects) {
        throw new DownloadError(`${url}: expected at most ${maxRedirects} redirects, received more (last: ${current.href})`);
      }
      current = new URL(res.headers.location, current);
      continue;
    }
    if (status !== 200) {
      res.resume();
      throw new DownloadError(`${current.href}: expected HTTP 200, received ${status} ${res.statusMessage ?? ''}`.trim());
    }
    return res;
  }
}

/**
 * Downloads `url` into `dest` (created or overwritten).
 *
 * @returns the number of bytes written.
 * @throws Error on network errors, non-200 status, timeout or a body shorter/longer than
 *         Content-Length; `dest` is deleted in that case.
 */
export async function fetchToFile(url: string, dest: string, opts: FetchOptions = {}): Promise<number> {
  const timeoutMs = opts.timeoutMs ?? 60000;
  const start = Date.now();
  let received = 0;
  let total: number | null = null;
  try {
    const res = await getFollowing(url, timeoutMs, opts.maxRedirects ?? 5);
    const len = Number(res.headers['content-length']);
    total = Number.isFinite(len) && len >= 0 ? len : null;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, cb) {
        received += chunk.length;
        opts.onProgress?.({ receivedBytes: received, totalBytes: total, elapsedMs: Date.now() - start, done: false });
        cb(null, chunk);
      },
    });
    await pipeline(res, counter, fs.createWriteStream(dest));
    if (total !== null && received !== total) {
      throw new DownloadError(`${url}: expected ${total} bytes (Content-Length), received ${received}`);
    }
    opts.onProgress?.({ receivedBytes: received, totalBytes: total, elapsedMs: Date.now() - start, done: true });
    return received;
  } catch (e) {
    fs.rmSync(dest, { force: true });
    const what = total !== null ? `${received} of ${total}` : `${received}`;
    const err = e instanceof DownloadError ? e : new Error(`${url}: download failed after ${what} bytes: ${(e as Error).message}`);
    opts.onProgress?.({ receivedBytes: received, totalBytes: total, elapsedMs: Date.now() - start, done: true, error: err.message });
    throw err;
  }
}
