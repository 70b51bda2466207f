import Database from 'better-sqlite3';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { HeraldError, UsageError } from '../core/errors.ts';
import { migrate, migrations } from './migrations.ts';

export type Db = Database.Database;

export interface OpenOptions {
  /**
   * How long one statement waits for another process's write lock before failing with
   * SQLITE_BUSY (default 5 s). The daemon waits less per try and retries (store/busy.ts).
   */
  busyTimeoutMs?: number;
}

/**
 * Opens (creating if needed) the SQLite file, applies migrations, and sets the pragmas herald relies
 * on. The database's folder must exist: a mistyped path is an error, not a new empty database. A
 * database herald may not write (a read-only file or folder) is opened read-only: reading commands
 * work, writing ones fail with SQLite's "readonly" error (cli/store-access.ts says what it means).
 */
export function openDatabase(path: string, options: OpenOptions = {}): Db {
  const writable = path === ':memory:' || checkWritable(path);
  let db: Db;
  try {
    db = writable ? new Database(path) : openReadOnly(path);
  } catch (err) {
    throw new HeraldError('store', `cannot open database ${path}: ${(err as Error).message}`, { cause: err });
  }
  try {
    // WAL lets the CLI read while the daemon writes; busy_timeout makes the two wait for each other
    // instead of failing with SQLITE_BUSY.
    db.pragma(`busy_timeout = ${options.busyTimeoutMs ?? 5000}`);
    if (writable) db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = NORMAL');
    // 64 MB of page cache (SQLite's default is 2 MB, taken as needed): the outbox of a large install
    // is gigabytes, and its indexes are written in no particular order while planning (bench/README.md).
    db.pragma('cache_size = -65536');
    if (writable) migrate(db);
    else checkSchemaReadOnly(db, path);
  } catch (err) {
    db.close();
    throw err;
  }
  cachePreparedStatements(db);
  return db;
}

/** Whether herald may write the database; throws when its folder does not exist. */
function checkWritable(path: string): boolean {
  const folder = dirname(resolve(path));
  if (!existsSync(folder)) throw new UsageError(`the folder of database ${path} does not exist (${folder}); create it first`, 'store');
  const may = (p: string) => {
    try {
      accessSync(p, constants.W_OK);
      return true;
    } catch {
      return false;
    }
  };
  return existsSync(path) ? may(path) && may(folder) : true;
}

/**
 * A database herald may not write. In WAL mode SQLite keeps a shared-memory file beside the
 * database, which a read-only folder cannot hold: there, unless a daemon left its -wal and -shm
 * files, the database is read from a copy in memory (marked as a rollback-journal database, which
 * a WAL database without its -wal file reads the same as).
 */
function openReadOnly(path: string): Db {
  let folderWritable = true;
  try {
    accessSync(dirname(resolve(path)), constants.W_OK);
  } catch {
    folderWritable = false;
  }
  if (folderWritable || (existsSync(`${path}-wal`) && existsSync(`${path}-shm`))) return new Database(path, { readonly: true, fileMustExist: true });
  const image = readFileSync(path);
  if (image.length >= 20 && image[18] === 2 && image[19] === 2) image[18] = image[19] = 1;
  return new Database(image, { readonly: true });
}

function checkSchemaReadOnly(db: Db, path: string): void {
  const version = db.pragma('user_version', { simple: true }) as number;
  if (version > migrations.length) migrate(db); // throws: newer than this herald
  if (version < migrations.length) {
    throw new HeraldError(
      'store',
      `database ${path} is read-only and was written by an older herald (schema ${version}, this herald needs ${migrations.length}); open it once with write access to upgrade it`,
    );
  }
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
