/**
 * Issue 12, point 8: the README's quick start, followed literally, delivers on this machine. Its
 * first block is run line by line (all but the long-running `herald start`) against a fresh
 * database, from the project folder as the README says.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { startSink } from '../helpers/sink.ts';
import { tempDir } from '../helpers/tmp.ts';

const root = join(import.meta.dirname, '..', '..');

/** The words of a command line as a shell reads them (quotes group, `#` starts a comment). */
function words(line: string): string[] {
  const out: string[] = [];
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|(#.*$)|(\S+)/g)) {
    if (m[3] !== undefined) break;
    out.push(m[1] ?? m[2] ?? m[4]!);
  }
  return out;
}

function quickStartLines(): string[][] {
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('## Quick start'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1]!;
  return block
    .split('\n')
    .map(words)
    .filter((w) => w[0] === 'herald');
}

describe('README quick start', () => {
  it('followed literally, every command succeeds and messages are shown for real', async () => {
    const db = join(tempDir(), 'h.db');
    const lines = quickStartLines();
    expect(lines.length).toBeGreaterThan(8);
    let printed = '';
    for (const argv of lines) {
      if (argv[1] === 'start') continue;
      const r = await runCli(db, argv.slice(1), {}, root);
      expect(r.code, `${argv.join(' ')}\n${r.err}`).toBe(0);
      printed += r.out;
    }
    // The test message and today's agenda reached the terminal target.
    expect(printed).toMatch(/──── herald test → terminal .*\nSubject: herald test message\nherald test message for target "terminal"/);
    expect(printed).toMatch(/──── herald agenda → terminal /);
    expect(printed).toMatch(/sent morning for \d{4}-\d\d-\d\d to terminal/);
  });
});

describe('small things', () => {
  it('a console target is listed as console:, not as a masked secret', async () => {
    const db = join(tempDir(), 'h.db');
    await runCli(db, ['user', 'add', 'alice', '--tz', 'UTC']);
    await runCli(db, ['target', 'add', 'terminal', '--user', 'alice', '--url', 'console:']);
    const r = await runCli(db, ['target', 'list']);
    expect(r.out).toMatch(/\nterminal\s+alice\s+console\s+console:\s/);
    expect(JSON.parse((await runCli(db, ['target', 'list', '--json'])).out)).toMatchObject({ url: 'console:' });
  });

  it('one attempt is "after 1 attempt"', async () => {
    const sink = await startSink();
    sink.respond = (_req, res) => res.writeHead(503).end('busy');
    const db = join(tempDir(), 'h.db');
    await runCli(db, ['user', 'add', 'alice', '--tz', 'UTC']);
    await runCli(db, ['target', 'add', 'hook', '--user', 'alice', '--url', `${sink.url.replace('http:', 'webhook:')}/h`, '--allow-private']);
    const r = await runCli(db, ['target', 'test', 'hook']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('herald: test message to hook failed: webhook: HTTP 503 busy (after 1 attempt)\n');
    expect(r.err).not.toContain('after 1 attempts');
  });
});
