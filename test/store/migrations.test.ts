import Database from 'better-sqlite3';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../src/store/db.ts';
import { migrate, migrations, schemaVersion } from '../../src/store/migrations.ts';
import { openStore } from '../../src/store/index.ts';
import { tempDir } from '../helpers/tmp.ts';

function schemaOf(db: Database.Database): string[] {
  return (
    db.prepare(`SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name`).all() as {
      type: string;
      name: string;
      sql: string;
    }[]
  ).map((r) => `${r.type} ${r.name}: ${r.sql.replace(/\s+/g, ' ')}`);
}

describe('migrations', () => {
  it('builds a fresh database at the latest version', () => {
    const dir = tempDir();
    const db = openDatabase(join(dir, 'fresh.db'));
    expect(db.pragma('user_version', { simple: true })).toBe(schemaVersion);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(schemaOf(db).some((l) => l.startsWith('table deliveries'))).toBe(true);
    db.close();
  });

  it('upgrades from every earlier version to the same schema as a fresh database, keeping data', () => {
    const dir = tempDir();
    const fresh = openDatabase(join(dir, 'fresh.db'));
    const expected = schemaOf(fresh);
    fresh.close();
    for (let from = 0; from < migrations.length; from++) {
      const path = join(dir, `from-${from}.db`);
      const old = new Database(path);
      migrate(old, from);
      expect(old.pragma('user_version', { simple: true })).toBe(from);
      if (from >= 1) old.prepare(`INSERT INTO users (name, tz, locale, created_at) VALUES ('kept', 'Europe/Zurich', 'fr', 1)`).run();
      old.close();
      const db = openDatabase(path);
      expect(db.pragma('user_version', { simple: true }), `upgrade from ${from}`).toBe(schemaVersion);
      expect(schemaOf(db), `upgrade from ${from}`).toEqual(expected);
      if (from >= 1) expect(db.prepare(`SELECT tz FROM users WHERE name = 'kept'`).get()).toEqual({ tz: 'Europe/Zurich' });
      db.close();
    }
  });

  it('turns digest rows and templates into agenda ones, with the route the old NULL target meant', () => {
    const dir = tempDir();
    const path = join(dir, 'v5.db');
    const old = new Database(path);
    migrate(old, 5);
    old.exec(`INSERT INTO users (id, name, tz, locale, created_at) VALUES (1, 'alice', 'UTC', 'en', 1);
      INSERT INTO targets (id, user_id, name, kind, url, created_at) VALUES (7, 1, 'chat', 'webhook', 'http://127.0.0.1:9/x', 1);
      INSERT INTO templates (name, kind, body, created_at, updated_at) VALUES ('mine', 'digest', '{{date}}', 1, 1);`);
    const row = (key: string, kind: string, targetId: number | null, context: object) =>
      old
        .prepare(
          `INSERT INTO deliveries (dedupe_key, kind, user_id, target_id, due_at, status, next_attempt_at, context, created_at, updated_at) VALUES (?, ?, 1, ?, 5, 'pending', 5, ?, 1, 1)`,
        )
        .run(key, kind, targetId, JSON.stringify(context));
    const agenda = { digestId: 3, periodStart: '2026-11-24', periodEnd: '2026-11-25', weekly: false };
    row('digest:3:email:2026-11-24', 'digest', null, { ...agenda, viaEmail: true });
    row('digest:3:7:2026-11-24', 'digest', 7, { ...agenda, viaEmail: false });
    row('rem:1:7:a:b:600', 'reminder', null, { calendarName: 'work', leadSeconds: 600 });
    old.close();
    const store = openStore(path, () => 10);
    const byKey = (key: string) => store.deliveries.byKey(key)!;
    expect(byKey('digest:3:email:2026-11-24')).toMatchObject({ kind: 'agenda', route: 'user-email', targetId: null, content: { kind: 'agenda', ...agenda } });
    expect(byKey('digest:3:email:2026-11-24').content).not.toHaveProperty('viaEmail');
    expect(byKey('digest:3:7:2026-11-24')).toMatchObject({ kind: 'agenda', route: 'target', targetId: 7 });
    // A reminder whose target was removed stays a target-bound row: it never turns into mail.
    expect(byKey('rem:1:7:a:b:600')).toMatchObject({ kind: 'reminder', route: 'target', targetId: null, content: { kind: 'reminder', calendarName: 'work' } });
    expect(store.templates.byName('mine')).toMatchObject({ kind: 'agenda' });
    store.close();
  });

  it('refuses a database from a newer herald', () => {
    const dir = tempDir();
    const path = join(dir, 'future.db');
    const db = new Database(path);
    db.pragma(`user_version = ${schemaVersion + 1}`);
    db.close();
    expect(() => openDatabase(path)).toThrow(/newer than this herald knows/);
  });

  it('rolls back a migration that fails halfway', () => {
    const dir = tempDir();
    const path = join(dir, 'half.db');
    const db = new Database(path);
    const broken = [{ name: 'bad', up: (d: Database.Database) => d.exec('CREATE TABLE a (x); CREATE TABLE a (y);') }];
    expect(() => {
      db.transaction(() => {
        broken[0]!.up(db);
        db.pragma('user_version = 1');
      })();
    }).toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(0);
    expect(db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'a'`).get()).toEqual({ n: 0 });
    db.close();
  });

  it('opens through openStore and records the schema version', () => {
    const dir = tempDir();
    const store = openStore(join(dir, 'h.db'), () => 0);
    expect(store.users.list()).toEqual([]);
    store.close();
  });
});
