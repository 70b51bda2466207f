import type { Db } from './db.ts';

/**
 * The log of whose planning inputs changed (users, calendars and their texts, targets, rules,
 * digests, and the links between them), written by triggers on every write to those tables.
 */
export function planningChangeStore(db: Db) {
  // The newest number ever given (entries may have been dropped since).
  const latest = db.prepare(`SELECT coalesce((SELECT seq FROM sqlite_sequence WHERE name = 'planning_changes'), 0) AS id`);
  const since = db.prepare('SELECT DISTINCT user_id FROM planning_changes WHERE id > ? AND id <= ?');
  const forget = db.prepare('DELETE FROM planning_changes WHERE id <= ?');
  return {
    /** The newest entry's number (0 when the log is empty): what a later `since` starts from. */
    latest(): number {
      return (latest.get() as { id: number }).id;
    },

    /** The users with changes after `after`, up to the newest entry now (returned as `latest`). */
    since(after: number): { latest: number; userIds: number[] } {
      const upTo = this.latest();
      return { latest: upTo, userIds: (since.all(after, upTo) as { user_id: number }[]).map((r) => r.user_id) };
    },

    /** Drops entries up to `upTo` (the daemon's planner, once it has planned them). */
    forget(upTo: number): void {
      forget.run(upTo);
    },
  };
}
