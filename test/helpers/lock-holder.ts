/**
 * Another process holding SQLite's write lock on a database for a while (`BEGIN IMMEDIATE`, then
 * COMMIT after `holdMs`), as a backup, a migration or a stuck script would.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { onTestFinished } from 'vitest';

const betterSqlite = createRequire(import.meta.url).resolve('better-sqlite3');

const script = `
const Database = require(process.argv[1]);
const db = new Database(process.argv[2]);
db.exec('BEGIN IMMEDIATE');
db.exec("CREATE TABLE IF NOT EXISTS lock_holder_scratch (x)");
process.stdout.write('locked\\n');
setTimeout(() => { db.exec('COMMIT'); db.close(); process.stdout.write('released\\n'); }, Number(process.argv[3]));
`;

export interface LockHolder {
  /** Resolves once the lock is taken. */
  locked: Promise<void>;
  /** Resolves once it is released (the process has committed). */
  released: Promise<void>;
}

export function holdWriteLock(dbPath: string, holdMs: number): LockHolder {
  const child = spawn(process.execPath, ['-e', script, betterSqlite, dbPath, String(holdMs)], { stdio: ['ignore', 'pipe', 'inherit'] });
  onTestFinished(() => void child.kill('SIGKILL'));
  let out = '';
  let onLocked = () => {};
  let onReleased = () => {};
  const locked = new Promise<void>((r) => (onLocked = r));
  const released = new Promise<void>((r) => (onReleased = r));
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
    if (out.includes('locked')) onLocked();
    if (out.includes('released')) onReleased();
  });
  return { locked, released };
}
