import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { HeraldError } from '../core/errors.ts';
import { migrate } from './migrations.ts';

export type Db = Database.Database;

/** Opens (creating if needed) the SQLite file, applies migrations, and sets the pragmas herald relies on. */
export function openDatabase(path: string): Db {
  if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
  let db: Db;
  try {
    db = new Database(path);
  } catch (err) {
    throw new HeraldError('store', `cannot open database ${path}: ${(err as Error).message}`, { cause: err });
  }
  // WAL lets the CLI read while the daemon writes; busy_timeout makes the two wait for each other
  // instead of failing with SQLITE_BUSY.
  db.pragma('journal_mode = WAL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.pragma('synchronous = NORMAL');
  // 64 MB of page cache (SQLite's default is 2 MB, taken as needed): the outbox of a large install
  // is gigabytes, and its indexes are written in no particular order while planning (bench/README.md).
  db.pragma('cache_size = -65536');
  migrate(db);
  cachePreparedStatements(db);
  return db;
}

/**
 * Keeps every prepared statement by its SQL text: the store's lookups (a target, a user, a digest
 * per delivery) then cost a map lookup instead of a fresh prepare each time. The store's SQL is a
 * bounded set of texts; none of it switches a statement's mode (pluck, raw), which a shared
 * statement would carry over.
 */
function cachePreparedStatements(db: Db): void {
  const prepare = db.prepare.bind(db);
  const cache = new Map<string, Database.Statement>();
  db.prepare = ((sql: string) => {
    let statement = cache.get(sql);
    if (!statement) cache.set(sql, (statement = prepare(sql)));
    return statement;
  }) as Db['prepare'];
}

/** SQLite stores booleans as 0/1. */
export const bool = (v: unknown): boolean => v === 1 || v === true;

/** Maps a UNIQUE violation to a message naming the duplicate. */
export function isUniqueViolation(err: unknown): boolean {
  return err instanceof Error && 'code' in err && (err as { code: string }).code === 'SQLITE_CONSTRAINT_UNIQUE';
}
