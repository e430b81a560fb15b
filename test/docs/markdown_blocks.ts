/**
 * Fenced blocks of a Markdown file and their `docs-test` markers (not a test file itself; the
 * convention is described in `readme_commands.test.ts`).
 */

/** What the docs test does with a block. */
export type BlockAction =
  | { kind: 'run' }
  | { kind: 'dry-run' }
  | { kind: 'not-run'; reason: string }
  | { kind: 'output' }
  | { kind: 'data' };

/** One fenced block: its info string, its text, the 1-based line of its opening fence, its action. */
export interface Block {
  file: string;
  line: number;
  info: string;
  body: string;
  action: BlockAction;
}

const SHELL_INFO = new Set(['', 'sh', 'bash', 'shell', 'console']);
const MARKER = /^<!--\s*docs-test:\s*(.*?)\s*-->$/;

/**
 * The action a marker's text asks for. @throws Error naming the file, line and text when it is not
 * one of the markers.
 */
function parseMarker(text: string, where: string): BlockAction {
  if (text === 'run' || text === 'dry-run' || text === 'output') return { kind: text };
  const skip = /^not run \((.+)\)$/.exec(text);
  if (skip) return { kind: 'not-run', reason: skip[1] };
  throw new Error(`${where}: expected a marker 'run', 'dry-run', 'output' or 'not run (REASON)', received '${text}'`);
}

/**
 * Every fenced block (``` or ~~~) of `markdown`, with the action of the marker on the line just
 * before its fence. @throws Error naming the file and line for a shell block without a marker,
 * a marker not followed by a fence, or an unclosed fence.
 */
export function fencedBlocks(markdown: string, file: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const marker = MARKER.exec(lines[i].trim());
    const open = /^(`{3,}|~{3,})\s*(.*)$/.exec(lines[i]);
    if (marker && !/^(`{3,}|~{3,})/.test(lines[i + 1] ?? '')) {
      throw new Error(`${file}:${i + 1}: expected a fenced block on the line after the docs-test marker, ` +
        `received '${lines[i + 1] ?? ''}'`);
    }
    if (!open) continue;
    const fence = open[1], info = open[2].trim();
    const end = lines.findIndex((l, j) => j > i && l.trim().startsWith(fence) && l.trim().replace(/[`~]/g, '') === '');
    if (end < 0) throw new Error(`${file}:${i + 1}: expected a closing ${fence}, found none`);
    const where = `${file}:${i + 1}`;
    const m = i > 0 ? MARKER.exec(lines[i - 1].trim()) : null;
    let action: BlockAction;
    if (m) action = parseMarker(m[1], where);
    else if (SHELL_INFO.has(info.split(/\s+/)[0])) {
      throw new Error(`${where}: a shell block needs a docs-test marker on the line before its fence ` +
        "('<!-- docs-test: run -->', 'dry-run' or 'not run (REASON)'); received none");
    } else action = { kind: 'data' };
    blocks.push({ file, line: i + 1, info, body: lines.slice(i + 1, end).join('\n'), action });
    i = end;
  }
  return blocks;
}

/** The commands of a shell block: lines joined at trailing backslashes, without comments and blank lines. */
export function commandLines(body: string): string[] {
  return body.replace(/\\\n/g, ' ').split('\n')
    .map((l) => l.replace(/(^|\s)#.*$/, '').trim())
    .filter((l) => l !== '');
}

/**
 * Checks that every non-empty line of `expected` matches a line of `actual`, in order, where `…`
 * in `expected` stands for any text. @returns null when it does, else the first expected line
 * that matched no later line of `actual`.
 */
export function firstUnmatched(expected: string, actual: string): string | null {
  const have = actual.split('\n');
  let at = 0;
  for (const want of expected.split('\n').filter((l) => l.trim() !== '')) {
    const re =
      new RegExp('^' + want.split('…').map((s) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('.*') + '$');
    const k = have.findIndex((l, j) => j >= at && re.test(l));
    if (k < 0) return want;
    at = k + 1;
  }
  return null;
}
