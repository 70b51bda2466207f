import type Database from 'better-sqlite3';
import { firstMigrations, type Migration } from './migrations-1-6.ts';

/**
 * The schema's whole history: an ordered, append-only list. The database's version is the number
 * of migrations applied (PRAGMA user_version). Never edit or reorder an entry that has shipped;
 * add a new one at the end.
 */
export const migrations: Migration[] = [
  ...firstMigrations,
  {
    // A claimed row's lease names its owner (the daemon id, host:pid) besides its expiry: a daemon
    // starting resumes only rows whose lease ran out or whose owner is known to be gone, never
    // those another live process is sending. One daemon per SQLite database holds the daemon lock
    // (one row: who, since when, its last sign of life), so that a second start refuses.
    name: 'lease owners and the daemon lock',
    up: (db) =>
      db.exec(`
        ALTER TABLE deliveries ADD COLUMN lease_owner TEXT;
        CREATE TABLE daemon_lock (
          id INTEGER PRIMARY KEY CHECK (id = 1),
          owner TEXT NOT NULL,
          token TEXT NOT NULL,
          host TEXT NOT NULL,
          pid INTEGER NOT NULL,
          started_at INTEGER NOT NULL,
          heartbeat_at INTEGER NOT NULL
        );
      `),
  },
  {
    // Unsubscribe links are signed (HMAC over the digest id and this version); bumping the version
    // revokes every link sent so far.
    name: 'digest unsubscribe version',
    up: (db) => db.exec(`ALTER TABLE digests ADD COLUMN unsubscribe_version INTEGER NOT NULL DEFAULT 1;`),
  },
  {
    // Slash commands (/agenda) answer the herald user linked to the chat user who typed them.
    name: 'slash commands',
    up: (db) =>
      db.exec(`
        ALTER TABLE users ADD COLUMN chat_id TEXT;
        CREATE UNIQUE INDEX users_chat_id ON users (chat_id) WHERE chat_id IS NOT NULL;
        CREATE TABLE slash_commands (
          id INTEGER PRIMARY KEY,
          name TEXT NOT NULL UNIQUE,
          kind TEXT NOT NULL CHECK (kind IN ('mattermost', 'slack')),
          sealed_secret TEXT NOT NULL,
          match_username INTEGER NOT NULL DEFAULT 0,
          created_at INTEGER NOT NULL
        );
      `),
  },
  {
    // A calendar URL may reach loopback and private addresses only when its owner says so (a LAN
    // Nextcloud): otherwise whoever may add a calendar could probe the daemon's network.
    name: 'calendar allow private',
    up: (db) => db.exec(`ALTER TABLE calendars ADD COLUMN allow_private INTEGER NOT NULL DEFAULT 0;`),
  },
  {
    // A digest starts with its next slot: planning skips slots before it was (last) switched on, so
    // a new agenda never sends a slot that passed before it existed (issue 12). Digests on before
    // this version count from their creation.
    name: 'digest enabled_at',
    up: (db) =>
      db.exec(`
        ALTER TABLE digests ADD COLUMN enabled_at INTEGER;
        UPDATE digests SET enabled_at = created_at WHERE enabled = 1;
      `),
  },
  {
    // Every attempt to send a delivery, with its time and answer (`herald deliveries show ID`);
    // pruned with its delivery. A reminder rule may ask for late delivery: a reminder not delivered
    // by its event's start is then still sent, marked late, until the event ends.
    name: 'delivery attempts and late reminders',
    up: (db) =>
      db.exec(`
        CREATE TABLE delivery_attempts (
          id INTEGER PRIMARY KEY,
          delivery_id INTEGER NOT NULL REFERENCES deliveries(id) ON DELETE CASCADE,
          attempt INTEGER NOT NULL,
          at INTEGER NOT NULL,
          outcome TEXT NOT NULL,
          status_code INTEGER,
          detail TEXT
        );
        CREATE INDEX delivery_attempts_delivery ON delivery_attempts (delivery_id, id);
        ALTER TABLE reminder_rules ADD COLUMN deliver_late INTEGER NOT NULL DEFAULT 0;
      `),
  },
  {
    // A target may be switched off (a downgrade over the plan's quota with --force): it is neither
    // planned for nor delivered to, and `target list` shows it disabled.
    name: 'target enabled',
    up: (db) => db.exec(`ALTER TABLE targets ADD COLUMN enabled INTEGER NOT NULL DEFAULT 1;`),
  },
  {
    // CalDAV calendars are kept as their objects, by href with the ETag the server gave, beside the
    // collection's sync token and ctag: an unchanged calendar costs one small request, a changed one
    // fetches only what changed. The calendar's text (body) is assembled from them.
    name: 'caldav objects',
    up: (db) =>
      db.exec(`
        ALTER TABLE calendars ADD COLUMN sync_token TEXT;
        ALTER TABLE calendars ADD COLUMN ctag TEXT;
        CREATE TABLE caldav_objects (
          calendar_id INTEGER NOT NULL REFERENCES calendars(id) ON DELETE CASCADE,
          href TEXT NOT NULL,
          etag TEXT,
          data TEXT NOT NULL,
          PRIMARY KEY (calendar_id, href)
        ) WITHOUT ROWID;
      `),
  },
  {
    // Every configuration write (CLI or admin API): who, what, when. No values, so no secrets.
    name: 'the audit log',
    up: (db) =>
      db.exec(`
        CREATE TABLE audit_log (
          id INTEGER PRIMARY KEY,
          at INTEGER NOT NULL,
          actor TEXT NOT NULL,
          action TEXT NOT NULL,
          entity TEXT NOT NULL,
          ref TEXT NOT NULL
        );
        CREATE INDEX audit_log_at ON audit_log (at);
      `),
  },
];

export const schemaVersion = migrations.length;

/** Applies every migration the database lacks, each in its own transaction. Returns the versions applied. */
export function migrate(db: Database.Database, upTo = migrations.length): number[] {
  const current = db.pragma('user_version', { simple: true }) as number;
  if (current > migrations.length) {
    throw new Error(`store: database schema version ${current} is newer than this herald knows (${migrations.length}); upgrade herald`);
  }
  const applied: number[] = [];
  for (let v = current; v < upTo; v++) {
    const m = migrations[v]!;
    db.transaction(() => {
      m.up(db);
      db.pragma(`user_version = ${v + 1}`);
    })();
    applied.push(v + 1);
  }
  return applied;
}
