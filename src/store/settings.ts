import type { Db } from './db.ts';

/** Admin settings: a small key → JSON value table (limits, plan quotas, server options). */
export function settingStore(db: Db) {
  return {
    get<T>(key: string, fallback: T): T {
      const r = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as { value: string } | undefined;
      return r ? (JSON.parse(r.value) as T) : fallback;
    },
    set(key: string, value: unknown): void {
      db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value').run(key, JSON.stringify(value));
    },
    remove(key: string): void {
      db.prepare('DELETE FROM settings WHERE key = ?').run(key);
    },
  };
}
