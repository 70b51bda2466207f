import type Database from 'better-sqlite3';

export interface Migration {
  name: string;
  up: (db: Database.Database) => void;
}

/** Migrations 1–6, as they shipped: never edited (migrations.ts has the list and what follows). */
export const firstMigrations: Migration[] = [
  {
    name: 'core schema',
    // eslint-disable-next-line max-lines-per-function -- the first schema is one SQL text, a data table
    up: (db) =>
      db.exec(`
        CREATE TABLE users (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          email TEXT,
          tz TEXT NOT NULL,
          locale TEXT NOT NULL DEFAULT 'en',
          hour12 INTEGER,
          max_targets INTEGER,
          is_example INTEGER NOT NULL DEFAULT 0,
          created_at INTEGER NOT NULL
        );
        CREATE TABLE calendars (
          id INTEGER PRIMARY KEY,
          user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          name TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL CHECK (kind IN ('file', 'url', 'caldav')),
          location TEXT NOT NULL,
          username TEXT,
          password TEXT,
          default_tz TEXT,
          honour_alarms INTEGER NOT NULL DEFAULT 0,
          poll_seconds INTEGER,
          etag TEXT,
          last_modified TEXT,
          content_hash TEXT,
          body TEXT,
          last_sync_at INTEGER,
          last_success_at INTEGER,
          last_error TEXT,
          next_sync_at INTEGER,
          is_example INTEGER NOT NULL DEFAULT 0,
          created_at INTEGER NOT NULL
        );
        CREATE TABLE templates (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL CHECK (kind IN ('reminder', 'digest')),
          body TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE TABLE targets (
          id INTEGER PRIMARY KEY,
          user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          name TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL,
          url TEXT NOT NULL,
          options TEXT NOT NULL DEFAULT '{}',
          template TEXT,
          allow_private INTEGER NOT NULL DEFAULT 0,
          allow_mentions INTEGER NOT NULL DEFAULT 0,
          is_example INTEGER NOT NULL DEFAULT 0,
          created_at INTEGER NOT NULL
        );
        CREATE TABLE calendar_alarm_targets (
          calendar_id INTEGER NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
          target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
          PRIMARY KEY (calendar_id, target_id)
        );
        CREATE TABLE reminder_rules (
          id INTEGER PRIMARY KEY,
          user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          calendar_id INTEGER REFERENCES calendars(id) ON DELETE CASCADE,
          leads TEXT NOT NULL,
          all_day_at TEXT NOT NULL DEFAULT '09:00',
          all_day_day_before INTEGER NOT NULL DEFAULT 1,
          skip_transparent INTEGER NOT NULL DEFAULT 0,
          skip_declined INTEGER NOT NULL DEFAULT 1,
          filter_text TEXT,
          filter_category TEXT,
          enabled INTEGER NOT NULL DEFAULT 1,
          is_example INTEGER NOT NULL DEFAULT 0,
          created_at INTEGER NOT NULL
        );
        CREATE TABLE reminder_rule_targets (
          rule_id INTEGER NOT NULL REFERENCES reminder_rules(id) ON DELETE CASCADE,
          target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
          PRIMARY KEY (rule_id, target_id)
        );
        CREATE TABLE digests (
          id INTEGER PRIMARY KEY,
          user_id INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
          name TEXT NOT NULL UNIQUE,
          at_time TEXT NOT NULL,
          evening_before INTEGER NOT NULL DEFAULT 0,
          days TEXT NOT NULL DEFAULT 'mon,tue,wed,thu,fri,sat,sun',
          include_recurring INTEGER NOT NULL DEFAULT 1,
          skip_empty INTEGER NOT NULL DEFAULT 0,
          weekly INTEGER NOT NULL DEFAULT 0,
          send_email INTEGER NOT NULL DEFAULT 0,
          template TEXT,
          enabled INTEGER NOT NULL DEFAULT 0,
          unsubscribe_token TEXT NOT NULL UNIQUE,
          is_example INTEGER NOT NULL DEFAULT 0,
          created_at INTEGER NOT NULL
        );
        CREATE TABLE digest_calendars (
          digest_id INTEGER NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
          calendar_id INTEGER NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
          PRIMARY KEY (digest_id, calendar_id)
        );
        CREATE TABLE digest_targets (
          digest_id INTEGER NOT NULL REFERENCES digests(id) ON DELETE CASCADE,
          target_id INTEGER NOT NULL REFERENCES targets(id) ON DELETE CASCADE,
          PRIMARY KEY (digest_id, target_id)
        );
        CREATE TABLE deliveries (
          id INTEGER PRIMARY KEY,
          dedupe_key TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL CHECK (kind IN ('reminder', 'alarm', 'digest', 'test')),
          user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
          target_id INTEGER REFERENCES targets(id) ON DELETE SET NULL,
          calendar_id INTEGER REFERENCES calendars(id) ON DELETE SET NULL,
          source_id INTEGER,
          scope TEXT,
          event_uid TEXT,
          event_start_ms INTEGER,
          due_at INTEGER NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'late', 'missed', 'failed', 'dead', 'cancelled')),
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL,
          lease_until INTEGER,
          last_error TEXT,
          context TEXT NOT NULL DEFAULT '{}',
          payload TEXT,
          status_code INTEGER,
          sent_at INTEGER,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        CREATE INDEX deliveries_due ON deliveries (status, next_attempt_at);
        CREATE INDEX deliveries_scope ON deliveries (scope, status);
        CREATE TABLE settings (
          key TEXT PRIMARY KEY,
          value TEXT NOT NULL
        );
      `),
  },
  {
    // Calendars that share events within one user are reminded once per target: planning looks
    // deliveries up by event, so index them.
    name: 'deliveries by event',
    up: (db) => db.exec(`CREATE INDEX deliveries_event ON deliveries (user_id, event_uid, event_start_ms);`),
  },
  {
    // What the service answered on success (status line and the start of its body), for `target test`.
    name: 'delivery answer',
    up: (db) => db.exec(`ALTER TABLE deliveries ADD COLUMN answer TEXT;`),
  },
  {
    // The outbox keeps every row forever (dedupe keys), so most rows are history. Indexes that
    // held the status made every claim and every success move entries in them (seven times the
    // SQLite work per delivery in a large outbox; bench/README.md): the due index now holds only
    // pending rows, the scope index is keyed by due time (re-planning looks at future rows only)
    // and does not change with the status, and rows in flight have a small index of their own.
    // Planned rows not rendered yet have one too: the engine renders them ahead of their time.
    // The index by event goes: no query used it (a shared event is reminded once per target by
    // its dedupe key), and every planned row paid for it.
    name: 'outbox indexes that status changes do not churn',
    up: (db) =>
      db.exec(`
        DROP INDEX deliveries_due;
        CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
        DROP INDEX deliveries_scope;
        CREATE INDEX deliveries_scope ON deliveries (scope, due_at);
        CREATE INDEX deliveries_sending ON deliveries (lease_until) WHERE status = 'sending';
        CREATE INDEX deliveries_unrendered ON deliveries (next_attempt_at) WHERE status = 'pending' AND payload IS NULL;
        DROP INDEX deliveries_event;
      `),
  },
  {
    // Which users' planning inputs changed, so that a planning pass looks at those users only
    // (and at those whose planning window moved on) instead of at everyone. Triggers write it, so
    // that every write (this process's, the CLI's) is seen, whichever code made it.
    name: 'planning change log',
    up: (db) => {
      const log = (userId: string) => `INSERT INTO planning_changes (user_id) VALUES (${userId});`;
      const viaParent = (parent: string, key: string) => `INSERT INTO planning_changes (user_id) SELECT user_id FROM ${parent} WHERE id = ${key};`;
      const triggers: [table: string, event: string, action: string, when?: string][] = [
        ['users', 'INSERT', log('NEW.id')],
        ['users', 'UPDATE', log('NEW.id')],
        ['users', 'DELETE', log('OLD.id')],
        // A sync that found the same text changes only its bookkeeping columns: not a change.
        [
          'calendars',
          'UPDATE OF user_id, name, content_hash, default_tz, honour_alarms',
          log('NEW.user_id'),
          `NEW.content_hash IS NOT OLD.content_hash OR NEW.name IS NOT OLD.name OR NEW.default_tz IS NOT OLD.default_tz
             OR NEW.honour_alarms IS NOT OLD.honour_alarms OR NEW.user_id IS NOT OLD.user_id`,
        ],
        ...(['calendars', 'targets', 'reminder_rules', 'digests'] as const).flatMap((t): [string, string, string][] => [
          [t, 'INSERT', log('NEW.user_id')],
          [t, 'DELETE', log('OLD.user_id')],
        ]),
        ...(['targets', 'reminder_rules', 'digests'] as const).map((t): [string, string, string] => [t, 'UPDATE', log('NEW.user_id')]),
        ...(
          [
            ['calendar_alarm_targets', 'calendars', 'calendar_id'],
            ['reminder_rule_targets', 'reminder_rules', 'rule_id'],
            ['digest_calendars', 'digests', 'digest_id'],
            ['digest_targets', 'digests', 'digest_id'],
          ] as const
        ).flatMap(([t, parent, key]): [string, string, string][] => [
          [t, 'INSERT', viaParent(parent, `NEW.${key}`)],
          [t, 'DELETE', viaParent(parent, `OLD.${key}`)],
        ]),
      ];
      // AUTOINCREMENT: numbers are never reused once entries are dropped, so "after N" stays true.
      db.exec('CREATE TABLE planning_changes (id INTEGER PRIMARY KEY AUTOINCREMENT, user_id INTEGER NOT NULL);');
      triggers.forEach(([table, event, action, when], i) =>
        db.exec(`CREATE TRIGGER planning_change_${i} AFTER ${event} ON ${table}${when ? ` WHEN ${when}` : ''} BEGIN ${action} END;`),
      );
    },
  },
  {
    // One word per concept: a digest (the subscription) sends an agenda, so an outbox row and a
    // template of that kind say "agenda". How a row leaves is explicit (`route`: one of the user's
    // targets, or mail to the user's own address) instead of a NULL target, which a removed target
    // also left behind. A row's `context` is its typed `content`. SQLite cannot change a CHECK in
    // place: both tables are rebuilt (the documented 12-step way), their indexes with them.
    name: 'agenda kind, explicit route, typed content',
    up: (db) =>
      db.exec(`
        CREATE TABLE deliveries_new (
          id INTEGER PRIMARY KEY,
          dedupe_key TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL CHECK (kind IN ('reminder', 'alarm', 'agenda', 'test')),
          route TEXT NOT NULL CHECK (route IN ('target', 'user-email')),
          user_id INTEGER REFERENCES users(id) ON DELETE SET NULL,
          target_id INTEGER REFERENCES targets(id) ON DELETE SET NULL,
          calendar_id INTEGER REFERENCES calendars(id) ON DELETE SET NULL,
          source_id INTEGER,
          scope TEXT,
          event_uid TEXT,
          event_start_ms INTEGER,
          due_at INTEGER NOT NULL,
          status TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'sent', 'late', 'missed', 'failed', 'dead', 'cancelled')),
          attempts INTEGER NOT NULL DEFAULT 0,
          next_attempt_at INTEGER NOT NULL,
          lease_until INTEGER,
          last_error TEXT,
          content TEXT NOT NULL DEFAULT '{}',
          payload TEXT,
          status_code INTEGER,
          answer TEXT,
          sent_at INTEGER,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        INSERT INTO deliveries_new
          SELECT id, dedupe_key, CASE kind WHEN 'digest' THEN 'agenda' ELSE kind END,
            CASE WHEN kind = 'digest' AND json_extract(context, '$.viaEmail') THEN 'user-email' ELSE 'target' END,
            user_id, target_id, calendar_id, source_id, scope, event_uid, event_start_ms, due_at, status, attempts,
            next_attempt_at, lease_until, last_error,
            CASE kind WHEN 'digest' THEN json_remove(context, '$.viaEmail') ELSE context END,
            payload, status_code, answer, sent_at, created_at, updated_at
          FROM deliveries;
        DROP TABLE deliveries;
        ALTER TABLE deliveries_new RENAME TO deliveries;
        CREATE INDEX deliveries_due ON deliveries (next_attempt_at) WHERE status = 'pending';
        CREATE INDEX deliveries_scope ON deliveries (scope, due_at);
        CREATE INDEX deliveries_sending ON deliveries (lease_until) WHERE status = 'sending';
        CREATE INDEX deliveries_unrendered ON deliveries (next_attempt_at) WHERE status = 'pending' AND payload IS NULL;

        CREATE TABLE templates_new (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL CHECK (kind IN ('reminder', 'agenda')),
          body TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL
        );
        INSERT INTO templates_new SELECT id, name, CASE kind WHEN 'digest' THEN 'agenda' ELSE kind END, body, created_at, updated_at FROM templates;
        DROP TABLE templates;
        ALTER TABLE templates_new RENAME TO templates;
      `),
  },
];
