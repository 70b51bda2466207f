/** `calendar discover` and `calendar add --caldav` against a real Radicale. */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.ts';
import { startRadicale } from '../helpers/radicale.ts';
import { tempDir } from '../helpers/tmp.ts';

const pass = 'ana-pass-123';

async function world() {
  const r = await startRadicale({ ana: pass });
  await r.mkcalendar('ana', pass, 'work', 'Work');
  await r.mkcalendar('ana', pass, 'family', 'Family');
  await r.mkcalendar('ana', pass, 'todo', 'Todo', ['VTODO']);
  const dir = tempDir();
  const db = join(dir, 'h.db');
  const env = { CALDAV_PASS: pass, HERALD_ALLOW_PRIVATE_CALENDARS: '1' };
  const cli = (...argv: string[]) => runCli(db, argv, env, dir);
  expect((await cli('user', 'add', 'ana', '--tz', 'UTC')).code).toBe(0);
  return { r, dir, cli };
}

describe('CalDAV on the command line', () => {
  it('discover lists the event calendars and adds nothing; add --calendar picks one, --all adds each', async () => {
    const { r, cli } = await world();
    const listed = await cli('calendar', 'discover', '--caldav', r.url, '--username', 'ana', '--password-env', 'CALDAV_PASS', '--json');
    expect(listed.code, listed.err).toBe(0);
    const names = listed.out
      .trim()
      .split('\n')
      .map((l) => (JSON.parse(l) as { name: string }).name);
    expect(names.sort()).toEqual(['Family', 'Work']);
    expect((await cli('calendar', 'list', '--json')).out).toBe('');

    const addCalDav = (name: string, ...more: string[]) =>
      cli('calendar', 'add', name, '--user', 'ana', '--caldav', r.url, '--username', 'ana', '--password-env', 'CALDAV_PASS', ...more);
    const many = await addCalDav('x');
    expect(many).toMatchObject({ code: 2 });
    expect(many.err).toMatch(/the account has 2 calendars \((Work, Family|Family, Work)\); pick one with --calendar NAME, or --all/);
    const unknown = await addCalDav('x', '--calendar', 'Wrok');
    expect(unknown.err).toMatch(/--calendar: no calendar named "Wrok"; the account has: /);

    const one = await addCalDav('work', '--calendar', 'Work');
    expect(one.code, one.err).toBe(0);
    const all = await addCalDav('ana', '--all');
    expect(all.code, all.err).toBe(0);
    const calendars = (await cli('calendar', 'list', '--json')).out
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as { name: string; kind: string; location: string });
    expect(calendars.map((c) => `${c.name} ${c.kind}`).sort()).toEqual(['ana-Family caldav', 'ana-Work caldav', 'work caldav']);
    const synced = await cli('calendar', 'sync', 'work');
    expect(synced.code, synced.err).toBe(0);
    expect(JSON.stringify(calendars)).not.toContain(pass);
  });

  it('takes the password from a file or the environment, never the command line; a wrong one is one clear line', async () => {
    const { r, dir, cli } = await world();
    const none = await cli('calendar', 'discover', '--caldav', r.url, '--username', 'ana');
    expect(none).toMatchObject({ code: 2, err: 'herald: CalDAV needs a password: --password-env VAR or --password-file F (never on the command line)\n' });
    writeFileSync(join(dir, 'pw'), 'not-the-password\n');
    const wrong = await cli('calendar', 'discover', '--caldav', r.url, '--username', 'ana', '--password-file', 'pw');
    expect(wrong.code).not.toBe(0);
    expect(wrong.err).toBe('herald: CalDAV: the server refused the user name or password\n');
    writeFileSync(join(dir, 'pw'), `${pass}\n`);
    expect((await cli('calendar', 'discover', '--caldav', r.url, '--username', 'ana', '--password-file', 'pw')).code).toBe(0);
  });
});
