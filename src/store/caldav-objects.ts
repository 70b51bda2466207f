/** The objects of CalDAV calendars, by href with their ETags, and each collection's sync state. */
import type { Db } from './db.ts';

export interface CalDavSyncState {
  syncToken: string | null;
  ctag: string | null;
  etags: Map<string, string | null>;
}

export function caldavObjectStore(db: Db) {
  return {
    state(calendarId: number): CalDavSyncState {
      const c = db.prepare('SELECT sync_token, ctag FROM calendars WHERE id = ?').get(calendarId) as
        { sync_token: string | null; ctag: string | null } | undefined;
      const rows = db.prepare('SELECT href, etag FROM caldav_objects WHERE calendar_id = ?').all(calendarId) as { href: string; etag: string | null }[];
      return { syncToken: c?.sync_token ?? null, ctag: c?.ctag ?? null, etags: new Map(rows.map((r) => [r.href, r.etag])) };
    },
    /** Stores what a sync found in one transaction; `full` drops every object not in `upserts`. */
    apply(
      calendarId: number,
      changes: {
        full: boolean;
        upserts: { href: string; etag: string | null; data: string }[];
        removed: string[];
        syncToken: string | null;
        ctag: string | null;
      },
    ): void {
      db.transaction(() => {
        if (changes.full) db.prepare('DELETE FROM caldav_objects WHERE calendar_id = ?').run(calendarId);
        const put = db.prepare(
          'INSERT INTO caldav_objects (calendar_id, href, etag, data) VALUES (?, ?, ?, ?) ON CONFLICT (calendar_id, href) DO UPDATE SET etag = excluded.etag, data = excluded.data',
        );
        for (const o of changes.upserts) put.run(calendarId, o.href, o.etag, o.data);
        const drop = db.prepare('DELETE FROM caldav_objects WHERE calendar_id = ? AND href = ?');
        for (const href of changes.removed) drop.run(calendarId, href);
        db.prepare('UPDATE calendars SET sync_token = ?, ctag = ? WHERE id = ?').run(changes.syncToken, changes.ctag, calendarId);
      })();
    },
    /** Keeps the collection's tokens (nothing changed). */
    setTokens(calendarId: number, syncToken: string | null, ctag: string | null): void {
      db.prepare('UPDATE calendars SET sync_token = ?, ctag = ? WHERE id = ?').run(syncToken, ctag, calendarId);
    },
    objects(calendarId: number): { href: string; data: string }[] {
      return db.prepare('SELECT href, data FROM caldav_objects WHERE calendar_id = ? ORDER BY href').all(calendarId) as { href: string; data: string }[];
    },
  };
}
