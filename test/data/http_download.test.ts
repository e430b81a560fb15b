/**
 * fetchToFile against a loopback server: bytes and progress, headers sent, the redirect limit,
 * an idle connection, a body cut short and a refused connection (no file left behind).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as path from 'path';
import { DownloadProgress, fetchToFile } from '../../src/data/http_download';
import { tempDir } from './helpers';

const BODY = Buffer.from(Array.from({ length: 100_000 }, (_, i) => (i * 31 + 5) & 0xff));
let work: string;
let server: http.Server;
let base: string;
const seen: http.IncomingHttpHeaders[] = [];

before(async () => {
  work = tempDir('qd-http-');
  server = http.createServer((req, res) => {
    seen.push(req.headers);
    const url = req.url ?? '';
    const hop = /^\/hop\/(\d+)$/.exec(url);
    if (hop) {
      const n = Number(hop[1]);
      res.writeHead(301, { location: n > 0 ? `/hop/${n - 1}` : '/file' }).end();
    } else if (url === '/file') {
      res.writeHead(200, { 'content-length': BODY.length });
      for (let i = 0; i < BODY.length; i += 30_000) res.write(BODY.subarray(i, i + 30_000));
      res.end();
    } else if (url === '/chunked') {
      res.writeHead(200); // no Content-Length: chunked transfer encoding
      res.end(BODY);
    } else if (url === '/stall') {
      res.writeHead(200, { 'content-length': BODY.length });
      res.write(BODY.subarray(0, 1000)); // then nothing: the client's idle timeout ends it
    } else if (url === '/short') {
      res.writeHead(200, { 'content-length': BODY.length });
      res.write(BODY.subarray(0, 5000), () => res.destroy());
    } else res.writeHead(500, 'Broken').end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  setTimeout(() => server.close(), 60_000).unref();
});

after(() => {
  server.closeAllConnections();
  server.close();
  fs.rmSync(work, { recursive: true, force: true });
});

test('downloads the exact bytes through redirects, reporting progress, with identity encoding', async () => {
  const dest = path.join(work, 'ok.bin');
  const events: DownloadProgress[] = [];
  const n = await fetchToFile(`${base}/hop/2`, dest, { onProgress: (p) => events.push(p) });
  assert.equal(n, BODY.length);
  assert.ok(fs.readFileSync(dest).equals(BODY));
  const last = events[events.length - 1];
  const final = [last.done, last.receivedBytes, last.totalBytes, last.error];
  assert.deepEqual(final, [true, BODY.length, BODY.length, undefined]);
  assert.ok(events.slice(0, -1).every((p) => !p.done && p.totalBytes === BODY.length));
  const h = seen[seen.length - 1];
  assert.deepEqual([h['user-agent'], h['accept-encoding']], ['qdistill', 'identity']);
});

test('without Content-Length the total is unknown and every byte is kept', async () => {
  const dest = path.join(work, 'chunked.bin');
  const events: DownloadProgress[] = [];
  assert.equal(await fetchToFile(`${base}/chunked`, dest, { onProgress: (p) => events.push(p) }), BODY.length);
  assert.ok(fs.readFileSync(dest).equals(BODY));
  assert.ok(events.length > 0, 'expected progress events');
  assert.ok(events.every((p) => p.totalBytes === null));
});

/** A loopback port nobody listens on (a server bound and closed again). */
async function closedPort(): Promise<number> {
  const s = http.createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return port;
}

test('failures name the URL and what was expected, and leave no file', async () => {
  const refused = `http://127.0.0.1:${await closedPort()}/x`;
  const cases: Array<[string, RegExp, object?]> = [
    [`${base}/hop/5`, /\/hop\/5: expected at most 2 redirects, received more \(last: .*\/hop\/3\)/,
      { maxRedirects: 2 }],
    [`${base}/stall`, /\/stall: no data received for 300 ms \(timeout\)/, { timeoutMs: 300 }],
    [
      `${base}/short`,
      /\/short: (download failed after 5000 of 100000 bytes|expected 100000 bytes \(Content-Length\), received 5000)/,
    ],
    [`${base}/broken`, /\/broken: expected HTTP 200, received 500 Broken/],
    [refused, /\d\/x: download failed after 0 bytes: .*ECONNREFUSED/],
    ['file:///etc/passwd', /expected an http: or https: URL, received protocol file:/],
  ];
  for (const [url, pattern, opts] of cases) {
    const dest = path.join(work, 'fail.bin');
    const events: DownloadProgress[] = [];
    await assert.rejects(fetchToFile(url, dest, { ...opts, onProgress: (p) => events.push(p) }), pattern, url);
    assert.equal(fs.existsSync(dest), false, `${url}: partial file removed`);
    const last = events[events.length - 1];
    const named = last.done && last.error !== undefined && pattern.test(last.error);
    assert.ok(named, `${url}: final progress names the error`);
  }
});
