/**
 * Every command shown in README.md and docs/*.md is run, dry-run or explicitly skipped, and the
 * README's facts that the code can check are checked.
 *
 * Convention for the Markdown files: every fenced block whose info string is a shell (`sh`,
 * `bash`, `shell`, `console`) or empty carries one marker, an HTML comment (invisible on GitHub)
 * on the line just before its fence:
 *   <!-- docs-test: run -->       the block runs as one bash script (`set -euo pipefail`) in a
 *                                 scratch folder that looks like the checkout (dist/, node_modules/,
 *                                 package.json, src/, test/, scripts/, notebooks/, data/ linked in;
 *                                 QDISTILL_RUNS_DIR and QDISTILL_RESULTS_DIR inside it), so nothing
 *                                 in the checkout changes; a file's run blocks share the folder, in
 *                                 order. It must exit 0. Commands are shown at a size that runs in
 *                                 seconds (QDISTILL_TRAIN_LIMIT, --repeats, ...), as a user would try them.
 *                                 `pgrep` finds no process there (a stub first on PATH), so the
 *                                 machine's own runs do not show in `scripts/lanes.sh status`.
 *   <!-- docs-test: dry-run -->   every command is a `make` call; it runs as `make -n …` in the
 *                                 checkout, must exit 0, and the printed recipes must contain the
 *                                 value of each VAR=value given (i.e. the variable is used).
 *   <!-- docs-test: not run (REASON) -->  shown only (too long, needs a cluster, starts a server…).
 * Other blocks (json, text, ts) are data, except a ```text block marked
 *   <!-- docs-test: output -->    right after a run block: each of its non-empty lines, with `…`
 *                                 standing for any text, must match a line of that block's stdout,
 *                                 in order.
 * Also checked: relative links point to existing files; the README's Table I block is what the
 * generator writes from results/, its headline percentages are cells of that block (or of the numerics
 * version-2 record, while it stands); and
 * its command-line table names every command with exactly the options of its usage synopsis.
 * Needs `make build` first (dist/). Takes about a minute on 2 cores.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Block, commandLines, fencedBlocks, firstUnmatched } from './markdown_blocks';
import { COMMANDS } from '../../src/cli/main';
import { TABLE1_BLOCK_END, TABLE1_BLOCK_START, table1Block } from '../../src/results/readme';

const RECORD_START = '<!-- record-v2:start -->', RECORD_END = '<!-- record-v2:end -->';

const ROOT = path.resolve(__dirname, '..', '..');
const README = path.join(ROOT, 'README.md');
const DOCS = path.join(ROOT, 'docs');
const LINKED = ['dist', 'node_modules', 'package.json', 'src', 'test', 'scripts', 'notebooks', 'data'];
const BLOCK_TIMEOUT_MS = 240_000;

function markdownFiles(): string[] {
  const docs = fs.existsSync(DOCS)
    ? fs.readdirSync(DOCS).filter((f) => f.endsWith('.md')).sort().map((f) => path.join(DOCS, f)) : [];
  return [README, ...docs];
}

const rel = (file: string) => path.relative(ROOT, file);
const blocksOf = (file: string) => fencedBlocks(fs.readFileSync(file, 'utf8'), rel(file));

/** Where the scratch folder's stubs live (first on the blocks' PATH). */
const STUBS = '.docs-test-bin';

/**
 * A scratch folder that looks like the checkout for the commands of one file. No run is going in
 * it: a `pgrep` stub finding nothing stands for the real one, which would see the machine's runs.
 */
function scratchCheckout(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'qdistill-docs-'));
  for (const name of LINKED) {
    if (fs.existsSync(path.join(ROOT, name))) fs.symlinkSync(path.join(ROOT, name), path.join(dir, name));
  }
  fs.mkdirSync(path.join(dir, STUBS));
  fs.writeFileSync(path.join(dir, STUBS, 'pgrep'), '#!/bin/sh\nexit 1\n', { mode: 0o755 });
  return dir;
}

function runBlock(b: Block, dir: string): string {
  const env: NodeJS.ProcessEnv = {
    ...process.env, QDISTILL_RUNS_DIR: path.join(dir, 'run-cache'), QDISTILL_RESULTS_DIR: path.join(dir, 'results'),
    PATH: `${path.join(dir, STUBS)}${path.delimiter}${process.env.PATH ?? ''}`,
  };
  delete env.NODE_TEST_CONTEXT; // the commands' own node processes are not test files
  const r = spawnSync('bash', ['-euo', 'pipefail', '-c', b.body],
    { cwd: dir, env, encoding: 'utf8', timeout: BLOCK_TIMEOUT_MS });
  assert.equal(r.status, 0, `${b.file}:${b.line}: expected the block to exit 0, received ${r.status ?? r.signal}\n` +
    `--- block\n${b.body}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  return r.stdout;
}

test('every shell block of README.md and docs/ has a docs-test marker, and a not-run one says why', () => {
  const blocks = markdownFiles().flatMap(blocksOf); // throws, naming file and line, on a block without a marker
  assert.ok(blocks.some((b) => b.action.kind === 'run'), 'the README shows at least one command that is run');
  for (const b of blocks) {
    if (b.action.kind === 'not-run')
      assert.ok(b.action.reason.length >= 10, `${b.file}:${b.line}: give a reason for not running it`);
  }
});

test('the marker parser rejects a shell block without a marker and an unknown marker', () => {
  assert.throws(() => fencedBlocks('text\n```sh\nls\n```\n', 'x.md'),
    /x\.md:2: a shell block needs a docs-test marker/);
  assert.throws(() => fencedBlocks('<!-- docs-test: maybe -->\n```sh\nls\n```\n', 'x.md'),
    /x\.md:2: expected a marker/);
  assert.deepEqual(fencedBlocks('```json\n{}\n```\n', 'x.md')[0].action, { kind: 'data' });
  assert.equal(firstUnmatched('a …\nc', 'a 1\nb\nc'), null);
  assert.equal(firstUnmatched('c\na …', 'a 1\nb\nc'), 'a …', 'lines must match in order');
});

for (const file of markdownFiles()) {
  let blocks: Block[];
  try {
    blocks = blocksOf(file);
  } catch {
    continue; // the marker test above reports it
  }
  if (!blocks.some((b) => b.action.kind === 'run' || b.action.kind === 'dry-run')) continue;
  test(`the commands of ${rel(file)} run (dry-run for make), and print the output shown`, () => {
    assert.ok(fs.existsSync(path.join(ROOT, 'dist', 'cli', 'main.js')),
      'expected dist/cli/main.js: run `make build` first');
    const dir = scratchCheckout();
    try {
      let last: { block: Block; stdout: string } | null = null;
      for (const b of blocks) {
        if (b.action.kind === 'run') last = { block: b, stdout: runBlock(b, dir) };
        else if (b.action.kind === 'output') {
          assert.ok(last !== null && blocks[blocks.indexOf(b) - 1] === last.block,
            `${b.file}:${b.line}: an output block must follow a run block`);
          const miss = firstUnmatched(b.body, last.stdout);
          assert.equal(miss, null, `${b.file}:${b.line}: expected a line like '${miss}' in the output of ` +
            `${last.block.file}:${last.block.line}, received:\n${last.stdout}`);
        } else if (b.action.kind === 'dry-run') {
          for (const cmd of commandLines(b.body)) dryRun(b, cmd);
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

/** `make -n` of a shown make command: the targets exist and every VAR=value given reaches a recipe. */
function dryRun(b: Block, cmd: string): void {
  assert.match(cmd, /^make(\s|$)/, `${b.file}:${b.line}: a dry-run block holds make commands only, received '${cmd}'`);
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const v of ['PROFILE', 'FRESH', 'EXECUTOR', 'JOBS', 'RUN_PLAN_ARGS', 'MAKEFLAGS', 'MAKELEVEL']) delete env[v];
  const r =
    spawnSync('bash', ['-c', cmd.replace(/^make/, 'make -n')], { cwd: ROOT, env, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0,
    `${b.file}:${b.line}: '${cmd}' as make -n: expected exit 0, received ${r.status}\n${r.stderr}`);
  for (const m of cmd.matchAll(/\b([A-Z_]+)=("([^"]*)"|'([^']*)'|(\S+))/g)) {
    const value = m[3] ?? m[4] ?? m[5];
    assert.ok(r.stdout.includes(value),
      `${b.file}:${b.line}: '${cmd}': expected ${m[1]}'s value '${value}' in the recipes make would run`);
  }
}

test('every relative link of README.md and docs/ points to a file or folder of the checkout', () => {
  for (const file of markdownFiles()) {
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\]\(([^)\s]+)\)/g)) {
      const target = m[1].split('#')[0];
      if (target === '' || /^[a-z]+:/.test(target)) continue; // an anchor or a URL
      assert.ok(fs.existsSync(path.resolve(path.dirname(file), target)),
        `${rel(file)}: link to ${m[1]}: expected a file there, found none`);
    }
  }
});

test("the README's Table I block is what make reproduce PROFILE=standard writes from the committed results/", () => {
  const text = fs.readFileSync(README, 'utf8');
  const a = text.indexOf(TABLE1_BLOCK_START), z = text.indexOf(TABLE1_BLOCK_END);
  assert.ok(a >= 0 && z > a, 'expected the Table I block markers of src/results/readme.ts in README.md');
  assert.equal(text.slice(a, z + TABLE1_BLOCK_END.length), table1Block(path.join(ROOT, 'results')),
    'the README block is out of date: run `QDISTILL_PROFILE=standard node dist/tools/reproduce.js readme`');
});

test("the README's headline percentages are cells of the generated Table I block or of the version-2 record", () => {
  const text = fs.readFileSync(README, 'utf8');
  const a = text.indexOf(TABLE1_BLOCK_START), z = text.indexOf(TABLE1_BLOCK_END);
  assert.ok(a >= 0 && z > a, 'expected the Table I block markers of src/results/readme.ts in README.md');
  // The Table I block as numerics version 2 left it (copied from the commit that holds its runs), while the
  // version-3 runs compute; absent once they have replaced it.
  const ra = text.indexOf(RECORD_START), rz = text.indexOf(RECORD_END);
  assert.ok((ra < 0 && rz < 0) || (ra >= 0 && rz > ra), `expected both record markers or neither: ${RECORD_START}`);
  const record = ra >= 0 ? text.slice(ra, rz) : '';
  // A cell of the store column reads e.g. "79.26 ± 0.17 (n = 2)" or "32.42 (n = 1), 1 under way": its value counts.
  const cells = new Set((text.slice(a, z) + record).split('\n').flatMap((l) => l.split('|').map((c) => c.trim()))
    .flatMap((c) => [c, c.replace(/ \(n = \d+\).*$/, '')]));
  const headline = /\*\*Headline\*\*[\s\S]*?\n\n/.exec(text);
  assert.ok(headline, 'expected a paragraph starting with **Headline** in README.md');
  const percents = [...headline[0].matchAll(/(\d+(?:\.\d+)?(?: ± \d+(?:\.\d+)?)?) %/g)].map((m) => m[1]);
  assert.ok(percents.length >= 4, `expected the headline to quote Table I accuracies, received ${percents.join(', ')}`);
  for (const p of percents)
    assert.ok(cells.has(p), `headline quotes ${p} %, which is no cell of the Table I block or the record: ` +
      'update the headline');
});

test("the README's command-line table lists every command with exactly the options of its usage", () => {
  const text = fs.readFileSync(README, 'utf8');
  const section = /\n## Command line\n([\s\S]*?)\n## /.exec(text);
  assert.ok(section, "expected a '## Command line' section in README.md");
  const rows = section[1].split('\n').filter((l) => l.startsWith('| `qdistill '));
  const options = (s: string) => new Set(
    [...s.matchAll(/(?<![\w-])--[a-z][a-z-]*/g)].map((m) => m[0]).filter((o) => o !== '--backend' && o !== '--help'));
  for (const [name, command] of Object.entries(COMMANDS)) {
    const mine = rows.filter((r) => r.startsWith(`| \`qdistill ${name} `) || r.startsWith(`| \`qdistill ${name}\``));
    assert.ok(mine.length > 0, `expected a row for 'qdistill ${name}' in the README's command-line table`);
    const shown = options(mine.join('\n')), usage = options(command.usage.split('\n\n')[0]); // the synopsis
    assert.deepEqual([...shown].filter((o) => !usage.has(o)), [],
      `qdistill ${name}: options in the README but not in its usage`);
    assert.deepEqual([...usage].filter((o) => !shown.has(o)), [],
      `qdistill ${name}: options in its usage but not in the README`);
  }
});
