import Database from 'better-sqlite3';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

/** Every row of every table: "wrote nothing" means this is unchanged. */
function dump(path: string): string {
  const db = new Database(path, { readonly: true });
  const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`).all() as { name: string }[]).map((t) => t.name);
  const out = tables.map((t) => `${t}: ${JSON.stringify(db.prepare(`SELECT * FROM "${t}"`).all())}`).join('\n');
  db.close();
  return out;
}

let dir: string;
let db: string;
let ics: string;

beforeEach(async () => {
  dir = tempDir();
  db = join(dir, 'h.db');
  ics = join(dir, 'cal.ics');
  writeFileSync(ics, 'BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//t//EN\r\nEND:VCALENDAR\r\n');
  expect((await runCli(db, ['user', 'add', 'alice', '--tz', 'Europe/Zurich', '--email', 'alice@example.com'])).code).toBe(0);
  expect((await runCli(db, ['calendar', 'add', 'work', '--user', 'alice', '--file', ics])).code).toBe(0);
});

// Each case: argv, and a fragment the one-line error must contain.
const cases: [string[], RegExp][] = [
  [['user', 'add', 'bob', '--tz', 'Mars/Olympus'], /unknown time zone "Mars\/Olympus"/],
  [['user', 'add', 'bob'], /missing --tz/],
  [['user', 'add', 'alice', '--tz', 'UTC'], /a user named "alice" already exists/],
  [['user', 'add', 'bob', '--tz', 'UTC', '--email', 'nope'], /"nope" is not an email address/],
  [['user', 'add', 'bob', '--tz', 'UTC', '--clock', '13'], /--clock must be 12 or 24/],
  [['user', 'add', 'bad name', '--tz', 'UTC'], /bad user name "bad name"/],
  [['user', 'add', 'bob', '--tz', 'UTC', '--colour', 'red'], /Unknown option '--colour'/],
  [['user', 'rm', 'nobody'], /unknown user "nobody"/],
  [['calendar', 'add', 'home', '--user', 'nobody', '--file', 'x.ics'], /no such file|unknown user "nobody"/],
  [['calendar', 'add', 'home', '--user', 'nobody', '--url', 'https://example.com/a.ics'], /unknown user "nobody"/],
  [['calendar', 'add', 'home', '--user', 'alice', '--url', 'not a url'], /is not a URL/],
  [['calendar', 'add', 'home', '--user', 'alice', '--url', 'ftp://example.com/a.ics'], /use http, https or webcal/],
  [['calendar', 'add', 'home', '--user', 'alice'], /give exactly one of --file PATH, --url URL or --caldav URL/],
  [['calendar', 'add', 'work', '--user', 'alice', '--file', 'PLACEHOLDER'], /a calendar named "work" already exists/],
  [['calendar', 'add', 'home', '--user', 'alice', '--url', 'https://example.com/a.ics', '--tz', 'Nowhere'], /unknown time zone "Nowhere"/],
  [['calendar', 'add', 'home', '--user', 'alice', '--url', 'https://example.com/a.ics', '--poll', 'often'], /--poll must be a whole number/],
  [['calendar', 'rm', 'nothing'], /unknown calendar "nothing"/],
  [['frobnicate'], /unknown command "frobnicate"/],
  [['user', 'frobnicate'], /unknown command "herald user frobnicate"/],
  [['user', 'rm'], /missing argument/],
  [['user', 'rm', 'a', 'b'], /unexpected argument "b"/],
];

describe('CLI bad input', () => {
  it.each(cases)('herald %j → exit 2, one clear line, nothing written', async (argv, message) => {
    const before = dump(db);
    const r = await runCli(
      db,
      argv.map((a) => (a === 'PLACEHOLDER' ? ics : a)),
    );
    expect(r.code).toBe(2);
    expect(r.err).toMatch(message);
    expect(r.err.trim().split('\n')).toHaveLength(1);
    expect(r.err.startsWith('herald: ')).toBe(true);
    expect(r.out).toBe('');
    expect(dump(db)).toBe(before);
  });

  it('prints help for the whole tool and for each command, exit 0', async () => {
    const top = await runCli(db, ['--help']);
    expect(top.code).toBe(0);
    expect(top.out).toMatch(/user add +Add a person/);
    const sub = await runCli(db, ['user', 'add', '--help']);
    expect(sub.code).toBe(0);
    expect(sub.out).toMatch(/Usage: herald user add NAME --tz ZONE/);
  });

  it('lists as JSON, one object per line', async () => {
    const r = await runCli(db, ['user', 'list', '--json']);
    expect(r.code).toBe(0);
    expect(
      r.out
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l)),
    ).toEqual([{ name: 'alice', email: 'alice@example.com', tz: 'Europe/Zurich', locale: 'en', clock: 'auto', max_targets: null, example: false }]);
  });

  it('masks URL secrets in calendar listings', async () => {
    expect((await runCli(db, ['calendar', 'add', 'feed', '--user', 'alice', '--url', 'webcal://cal.example.com/private/tok3n-s3cret/basic.ics'])).code).toBe(0);
    const r = await runCli(db, ['calendar', 'list', '--json']);
    expect(r.out).not.toContain('tok3n-s3cret');
    expect(r.out).toContain('https://cal.example.com/***');
  });
});
