/**
 * A simulated run (`herald start --simulate-from`) works on a copy of the database, so that what it
 * plans, sends and records never reaches the real outbox (issue 12): simulating tomorrow would
 * otherwise mark tomorrow's real reminders as sent, and simulating a past day would cancel real rows.
 */
import Database from 'better-sqlite3';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase } from './db.ts';

export interface SimulationCopy {
  /** The copy's path, in a folder of its own under the system's temporary folder. */
  path: string;
  /** Deletes the copy (and its -wal, -shm files). */
  remove(): void;
}

/**
 * Copies the database at `path` (consistently, WAL included, through SQLite's online backup) and
 * prepares the copy for a run starting at `simulatedStartMs`: the real daemon's lock is not the
 * simulation's, and every agenda that is on counts as on from the simulation's start at the latest
 * (else simulating a past day would send none: an agenda starts with its next slot).
 */
export async function copyForSimulation(path: string, simulatedStartMs: number): Promise<SimulationCopy> {
  const folder = mkdtempSync(join(tmpdir(), 'herald-simulation-'));
  const copy = join(folder, 'herald.db');
  const remove = () => rmSync(folder, { recursive: true, force: true });
  try {
    if (existsSync(path)) {
      const source = new Database(path, { readonly: true, fileMustExist: true });
      try {
        await source.backup(copy);
      } finally {
        source.close();
      }
    }
    const db = openDatabase(copy);
    try {
      db.exec('DELETE FROM daemon_lock');
      db.prepare('UPDATE digests SET enabled_at = min(coalesce(enabled_at, created_at), ?) WHERE enabled = 1').run(simulatedStartMs);
    } finally {
      db.close();
    }
  } catch (err) {
    remove();
    throw err;
  }
  return { path: copy, remove };
}
