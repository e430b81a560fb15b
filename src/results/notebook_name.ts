/**
 * Which notebook is this kernel running? A notebook's outputs go to a folder chosen by its file
 * name (`notebook_writer.ts`), so a copy never writes as its original. Asked in this order:
 * 1. `$QDISTILL_NOTEBOOK` (set per notebook by `make reproduce` and the notebook tests: nbconvert
 *    tells the kernel nothing about the file it executes);
 * 2. `$JPY_SESSION_NAME` (set for its kernels by jupyter_server 2 and later);
 * 3. the Jupyter notebook server that started this kernel (Debian 12's notebook 6.4 sets neither
 *    variable): the kernel's connection file, `…/runtime/kernel-<id>.json`, is on the kernel's
 *    command line; the servers' files beside it (`nbserver-<pid>.json`, `jpserver-<pid>.json`)
 *    give their URL and token; `GET <url>api/sessions` maps kernel ids to notebook paths.
 */
import * as fs from 'fs';
import * as path from 'path';

export const NOTEBOOK_ENV = 'QDISTILL_NOTEBOOK';

/** The notebook's file name and how it was found, or, when it was not, what was tried. */
export type NotebookLookup = { name: string; how: string } | { name: null; tried: string[] };

/** GET `url` with `headers` and parse JSON (replaceable in tests). */
export type FetchJson = (url: string, headers: Record<string, string>) => Promise<unknown>;

const fetchJson: FetchJson = async (url, headers) => {
  const r = await fetch(url, { headers, signal: AbortSignal.timeout(5000) });
  if (!r.ok) throw new Error(`HTTP ${r.status}`);
  return r.json();
};

/** The kernel id in a connection file path `…/kernel-<id>.json` on `argv`, or null. */
export function kernelIdFrom(argv: readonly string[]): { id: string; file: string } | null {
  for (const a of argv) {
    const m = /(?:^|[/\\=])kernel-([A-Za-z0-9-]+)\.json$/.exec(a);
    if (m) return { id: m[1], file: a.includes('=') ? a.slice(a.indexOf('=') + 1) : a };
  }
  return null;
}

interface ServerInfo {
  url: string;
  token: string;
  file: string;
}

/** The notebook servers described in `dirs` (their `nbserver-*.json` / `jpserver-*.json` files). */
export function notebookServers(dirs: readonly string[]): ServerInfo[] {
  const out: ServerInfo[] = [];
  for (const dir of [...new Set(dirs)]) {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      continue;
    }
    for (const n of names.filter((f) => /^(nb|jp)server-\d+\.json$/.test(f)).sort()) {
      try {
        const info = JSON.parse(fs.readFileSync(path.join(dir, n), 'utf8')) as { url?: string; token?: string };
        if (typeof info.url !== 'string') continue;
        out.push({
          url: info.url.endsWith('/') ? info.url : `${info.url}/`,
          token: info.token ?? '',
          file: path.join(dir, n),
        });
      } catch {
        // a server file being written or removed: skip it
      }
    }
  }
  return out;
}

/** Finds the running notebook's file name (see module comment); never throws. */
export async function findNotebookName(
  o: { env?: NodeJS.ProcessEnv; argv?: readonly string[]; fetch?: FetchJson } = {},
): Promise<NotebookLookup> {
  const env = o.env ?? process.env, argv = o.argv ?? process.argv, get = o.fetch ?? fetchJson;
  if (env[NOTEBOOK_ENV]?.trim()) return { name: path.basename(env[NOTEBOOK_ENV]!.trim()), how: `$${NOTEBOOK_ENV}` };
  if (env.JPY_SESSION_NAME?.trim()) {
    return { name: path.basename(env.JPY_SESSION_NAME.trim()), how: '$JPY_SESSION_NAME' };
  }
  const tried = [`$${NOTEBOOK_ENV} is not set`, '$JPY_SESSION_NAME is not set'];
  const kernel = kernelIdFrom(argv);
  if (kernel === null) {
    return {
      name: null,
      tried: [...tried, 'no Jupyter connection file (kernel-<id>.json) on the command line: not a Jupyter kernel'],
    };
  }
  const dirs = [path.dirname(kernel.file), ...(env.JUPYTER_RUNTIME_DIR ? [env.JUPYTER_RUNTIME_DIR] : [])];
  const servers = notebookServers(dirs);
  if (servers.length === 0) {
    const where = [...new Set(dirs)].join(', ');
    return { name: null, tried: [...tried, `no notebook server files (nbserver-*.json, jpserver-*.json) in ${where}`] };
  }
  for (const s of servers) {
    try {
      const sessions = await get(`${s.url}api/sessions`, s.token ? { Authorization: `token ${s.token}` } : {});
      type Session = { path?: string; notebook?: { path?: string }; kernel?: { id?: string } };
      const hit = (Array.isArray(sessions) ? (sessions as Session[]) : []).find((x) => x.kernel?.id === kernel.id);
      const p = hit?.path ?? hit?.notebook?.path;
      if (typeof p === 'string' && p) {
        return { name: path.basename(p), how: `the notebook server at ${s.url} (session of kernel ${kernel.id})` };
      }
      tried.push(`the server at ${s.url} has no session of kernel ${kernel.id}`);
    } catch (e) {
      tried.push(`the server at ${s.url} (${s.file}) did not answer: ${(e as Error).message}`);
    }
  }
  return { name: null, tried };
}
