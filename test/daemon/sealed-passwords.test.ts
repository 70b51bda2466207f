/** Calendar passwords at rest: sealed with the secret key when added, opened only to sync; clear ones from older versions sealed by the daemon. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isSealed } from '../../src/core/secret-box.ts';
import { sealClearPasswords } from '../../src/daemon/secrets.ts';
import { secretKeyOf } from '../../src/daemon/server-keys.ts';
import { openStore } from '../../src/store/index.ts';
import { runCli } from '../helpers/cli.ts';
import { startSink } from '../helpers/sink.ts';
import { tempDir } from '../helpers/tmp.ts';

const password = 'feed-Passw0rd-4711';

describe('calendar passwords at rest', () => {
  it('are stored sealed, the database file never holds them, and a sync opens them with the key', async () => {
    const dir = tempDir();
    const db = join(dir, 'h.db');
    const sink = await startSink();
    sink.respond = (req, res) => {
      if (req.headers.authorization !== `Basic ${Buffer.from(`ana:${password}`).toString('base64')}`) return void res.writeHead(401).end();
      res.writeHead(200, { 'content-type': 'text/calendar' }).end('BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//t//EN\r\nEND:VCALENDAR\r\n');
    };
    const env = { FEED_PW: password, HERALD_DATA_DIR: dir, HERALD_ALLOW_PRIVATE_CALENDARS: '1' };
    expect((await runCli(db, ['user', 'add', 'ana', '--tz', 'UTC'], env, dir)).code).toBe(0);
    const added = await runCli(
      db,
      ['calendar', 'add', 'feed', '--user', 'ana', '--url', `${sink.url}/c.ics`, '--username', 'ana', '--password-env', 'FEED_PW'],
      env,
      dir,
    );
    expect(added.code, added.err).toBe(0);
    const store = openStore(db, () => Date.parse('2026-12-07T08:00:00Z'));
    const stored = store.calendars.byName('feed')!.password!;
    store.close();
    expect(isSealed(stored)).toBe(true);
    expect(readFileSync(db).includes(password)).toBe(false);
    const synced = await runCli(db, ['calendar', 'sync', 'feed'], env, dir);
    expect(synced.code, synced.err).toBe(0);
    // Another key (a copy of the database moved without data/secret.key) cannot open it.
    const other = await runCli(db, ['calendar', 'sync', 'feed'], { ...env, HERALD_SECRET_KEY: 'another-key-0123456789abcdef' }, dir);
    expect(other.code).toBe(1);
    expect(other.out + other.err).not.toContain(password);
  });

  it('the daemon seals the clear passwords an older herald stored, once', () => {
    const dir = tempDir();
    const store = openStore(join(dir, 'h.db'), () => Date.parse('2026-12-07T08:00:00Z'));
    const user = store.users.add({ name: 'ana', tz: 'UTC', locale: 'en' });
    store.calendars.add({ userId: user.id, name: 'old', kind: 'url', location: 'https://cal.example.com/a.ics', username: 'ana', password });
    store.calendars.add({ userId: user.id, name: 'none', kind: 'url', location: 'https://cal.example.com/b.ics' });
    const key = () => secretKeyOf({ dataDir: dir, keys: { secretKey: null, adminToken: null, unsubscribeSecret: null } });
    expect(sealClearPasswords(store, key)).toBe(1);
    expect(isSealed(store.calendars.byName('old')!.password!)).toBe(true);
    expect(store.calendars.byName('none')!.password).toBeNull();
    expect(sealClearPasswords(store, key)).toBe(0);
    store.close();
  });
});
