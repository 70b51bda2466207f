/**
 * The database file as the operating system gives it: a read-only database (its file, or its
 * folder) still serves the commands that only read; a write is refused naming the database; a
 * database path in a folder that does not exist is an error, not a new empty database. The CLI
 * runs as the compiled bin, as an unprivileged user when the tests run as root (root may write
 * anything), so that the file modes are really in force.
 */
import { spawnSync } from 'node:child_process';
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { syncCalendar } from '../../src/schedule/sync.ts';
import { openStore } from '../../src/store/index.ts';
import { runCli } from '../helpers/cli.ts';
import { tempDir } from '../helpers/tmp.ts';

const root = join(import.meta.dirname, '..', '..');
const asRoot = process.getuid?.() === 0;
const nobody = 65534;

function herald(db: string, args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'bin', 'herald.js'), '--db', db, ...args], {
    encoding: 'utf8',
    env: { ...process.env, HERALD_DB: db },
    ...(asRoot ? { uid: nobody, gid: nobody } : {}),
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A database with a user, a calendar and a delivery, in a folder of its own that the CLI's user owns. */
async function seededDatabase(): Promise<{ dir: string; db: string }> {
  const dir = join(tempDir(), 'data');
  const db = join(dir, 'h.db');
  mkdirSync(dir);
  const now = Date.parse('2026-11-24T08:00:00Z');
  const store = openStore(db, () => now);
  const user = store.users.add({ name: 'alice', tz: 'UTC' });
  const ics = join(dir, 'work.ics');
  writeFileSync(
    ics,
    [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      'PRODID:-//t//EN',
      'BEGIN:VEVENT',
      'UID:a@t',
      'DTSTAMP:20260101T000000Z',
      'DTSTART:20261124T100000Z',
      'SUMMARY:Design review',
      'END:VEVENT',
      'END:VCALENDAR',
      '',
    ].join('\r\n'),
  );
  const calendar = store.calendars.add({ userId: user.id, name: 'work', kind: 'file', location: ics });
  await syncCalendar(store, calendar, { clock: new ManualClock(now), logger: memoryLogger('warn'), force: true });
  store.deliveries.add([{ dedupeKey: 'k', route: 'target', userId: user.id, targetId: null, dueAt: 1, content: { kind: 'test', text: 'hi' } }]);
  store.close();
  chmodSync(join(dir, '..'), 0o755);
  if (asRoot) {
    chownSync(dir, nobody, nobody);
    chownSync(db, nobody, nobody);
  }
  // Let the temp folder's cleanup remove what the modes below protect.
  onTestFinished(() => {
    chmodSync(dir, 0o755);
    chmodSync(db, 0o644);
  });
  return { dir, db };
}

function readingCommandsWork(db: string) {
  const reading = [
    ['user', 'list'],
    ['calendar', 'list'],
    ['target', 'list'],
    ['reminder', 'list'],
    ['deliveries'],
    ['deliveries', '--json'],
    ['agenda', '--user', 'alice', '--date', '2026-11-24'],
  ];
  for (const args of reading) {
    const r = herald(db, args);
    expect(r.err, args.join(' ')).toBe('');
    expect(r.code, args.join(' ')).toBe(0);
  }
  expect(herald(db, ['user', 'list']).out).toContain('alice');
  expect(herald(db, ['deliveries']).out).toContain('pending');
  expect(herald(db, ['agenda', '--user', 'alice', '--date', '2026-11-24']).out).toContain('Design review');
}

describe('a read-only database', () => {
  it('serves the reading commands when its file is read-only; a write is refused naming it', async () => {
    const { db } = await seededDatabase();
    chmodSync(db, 0o444);
    readingCommandsWork(db);
    const write = herald(db, ['user', 'add', 'bob', '--tz', 'UTC']);
    expect(write.code).toBe(1);
    expect(write.err.trimEnd().split('\n')).toEqual([`herald: store: database ${db} is read-only: this command needs to write to it`]);
  });

  it('serves the reading commands when its folder is read-only', async () => {
    const { dir, db } = await seededDatabase();
    chmodSync(dir, 0o555);
    readingCommandsWork(db);
    expect(readdirSync(dir).sort()).toEqual(['h.db', 'work.ics']);
    const write = herald(db, ['user', 'add', 'bob', '--tz', 'UTC']);
    expect(write.code).toBe(1);
    expect(write.err).toContain('is read-only');
  });
});

describe('a database path whose folder does not exist', () => {
  it('is a usage error naming the folder, and nothing is created', async () => {
    const dir = tempDir();
    const db = join(dir, 'no-such-folder', 'h.db');
    const r = await runCli(db, ['user', 'list']);
    expect(r.code).toBe(2);
    expect(r.err).toBe(`herald: store: the folder of database ${db} does not exist (${join(dir, 'no-such-folder')}); create it first\n`);
    expect(existsSync(join(dir, 'no-such-folder'))).toBe(false);
  });
});
