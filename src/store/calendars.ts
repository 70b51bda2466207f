import { InputError } from '../core/errors.ts';
import { isUniqueViolation, type Db } from './db.ts';
import { fromRow, idList } from './rows.ts';

export type CalendarKind = 'file' | 'url' | 'caldav';

export interface Calendar {
  id: number;
  userId: number;
  name: string;
  kind: CalendarKind;
  /** File path or URL. A URL may hold a secret token: mask it when printing. */
  location: string;
  username: string | null;
  password: string | null;
  /** Zone for floating times when the calendar names none. */
  defaultTz: string | null;
  honourAlarms: boolean;
  /** Configured polling interval; null means the feed's hint or the default. */
  pollSeconds: number | null;
  etag: string | null;
  lastModified: string | null;
  contentHash: string | null;
  lastSyncAt: number | null;
  lastSuccessAt: number | null;
  lastError: string | null;
  nextSyncAt: number | null;
  isExample: boolean;
  /** The URL (and its redirects) may reach loopback and private addresses. */
  allowPrivate: boolean;
  createdAt: number;
  /** Targets that receive the calendar's own alarms when an alarm names none. */
  alarmTargetIds: number[];
}

export interface NewCalendar {
  userId: number;
  name: string;
  kind: CalendarKind;
  location: string;
  username?: string | null;
  password?: string | null;
  defaultTz?: string | null;
  honourAlarms?: boolean;
  pollSeconds?: number | null;
  isExample?: boolean;
  allowPrivate?: boolean;
  alarmTargetIds?: number[];
}

/** What a sync learnt: on success the new copy (or "unchanged"), on failure the error; the last good copy stays. */
export type SyncOutcome =
  | { ok: true; changed: true; body: string; contentHash: string; etag: string | null; lastModified: string | null; nextSyncAt: number }
  | { ok: true; changed: false; nextSyncAt: number }
  | { ok: false; error: string; nextSyncAt: number };

// Every column but the calendar's text (tens of kilobytes, read only by body()): listings run on
// every planning pass.
const select = `SELECT c.id, c.user_id, c.name, c.kind, c.location, c.username, c.password, c.default_tz, c.honour_alarms,
    c.poll_seconds, c.etag, c.last_modified, c.content_hash, c.last_sync_at, c.last_success_at, c.last_error,
    c.next_sync_at, c.is_example, c.allow_private, c.created_at,
    (SELECT group_concat(target_id) FROM calendar_alarm_targets t WHERE t.calendar_id = c.id) AS alarm_targets
  FROM calendars c`;

function toCalendar(row: Record<string, unknown>): Calendar {
  const {
    body: _body,
    alarmTargets,
    ...rest
  } = fromRow<Calendar & { body: unknown; alarmTargets: unknown }>(row, {
    bools: ['honour_alarms', 'is_example', 'allow_private'],
  });
  return { ...rest, alarmTargetIds: idList(alarmTargets) };
}

/** The calendars, with their sync state (calendarSyncState) merged in. */
export function calendarStore(db: Db, now: () => number) {
  return { ...calendarEntries(db, now), ...calendarSyncState(db, now) };
}

/** What a calendar is: adding, finding, changing and removing calendars. */
function calendarEntries(db: Db, now: () => number) {
  const setAlarmTargets = (id: number, targetIds: number[]) => {
    db.prepare('DELETE FROM calendar_alarm_targets WHERE calendar_id = ?').run(id);
    const ins = db.prepare('INSERT INTO calendar_alarm_targets (calendar_id, target_id) VALUES (?, ?)');
    for (const t of targetIds) ins.run(id, t);
  };
  return {
    add(c: NewCalendar): Calendar {
      return db.transaction(() => {
        try {
          const info = db
            .prepare(
              `INSERT INTO calendars (user_id, name, kind, location, username, password, default_tz, honour_alarms, poll_seconds, is_example, allow_private, created_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              c.userId,
              c.name,
              c.kind,
              c.location,
              c.username ?? null,
              c.password ?? null,
              c.defaultTz ?? null,
              Number(c.honourAlarms ?? false),
              c.pollSeconds ?? null,
              Number(c.isExample ?? false),
              Number(c.allowPrivate ?? false),
              now(),
            );
          const id = Number(info.lastInsertRowid);
          setAlarmTargets(id, c.alarmTargetIds ?? []);
          return this.get(id)!;
        } catch (err) {
          if (isUniqueViolation(err))
            throw new InputError(`a calendar named "${c.name}" already exists`, { field: 'name', problem: 'conflict', stage: 'store' });
          throw err;
        }
      })();
    },
    get(id: number): Calendar | undefined {
      const r = db.prepare(`${select} WHERE c.id = ?`).get(id) as Record<string, unknown> | undefined;
      return r && toCalendar(r);
    },
    byName(name: string): Calendar | undefined {
      const r = db.prepare(`${select} WHERE c.name = ?`).get(name) as Record<string, unknown> | undefined;
      return r && toCalendar(r);
    },
    list(userId?: number): Calendar[] {
      const rows = (
        userId === undefined ? db.prepare(`${select} ORDER BY c.name`).all() : db.prepare(`${select} WHERE c.user_id = ? ORDER BY c.name`).all(userId)
      ) as Record<string, unknown>[];
      return rows.map(toCalendar);
    },
    update(
      id: number,
      patch: Partial<Pick<Calendar, 'defaultTz' | 'honourAlarms' | 'pollSeconds' | 'location' | 'username' | 'password' | 'allowPrivate'>> & {
        alarmTargetIds?: number[];
      },
    ): void {
      db.transaction(() => {
        const cur = this.get(id);
        if (!cur) return;
        const n = { ...cur, ...patch };
        db.prepare(
          'UPDATE calendars SET default_tz = ?, honour_alarms = ?, poll_seconds = ?, location = ?, username = ?, password = ?, allow_private = ? WHERE id = ?',
        ).run(n.defaultTz, Number(n.honourAlarms), n.pollSeconds, n.location, n.username, n.password, Number(n.allowPrivate), id);
        if (patch.alarmTargetIds) setAlarmTargets(id, patch.alarmTargetIds);
      })();
    },
    remove(id: number): boolean {
      return db.prepare('DELETE FROM calendars WHERE id = ?').run(id).changes > 0;
    },
  };
}

/** What the daemon's syncs keep of each calendar: the last good text, its validators, errors and next sync time. */
function calendarSyncState(db: Db, now: () => number) {
  return {
    /** Calendars whose next sync time has come (or that were never synced), for the daemon's pass. */
    dueForSync(atMs: number): Calendar[] {
      return (db.prepare(`${select} WHERE c.next_sync_at IS NULL OR c.next_sync_at <= ? ORDER BY c.name`).all(atMs) as Record<string, unknown>[]).map(
        toCalendar,
      );
    },
    /** Makes the calendar due for a sync at the next pass (its settings changed). */
    syncSoon(id: number): void {
      db.prepare('UPDATE calendars SET next_sync_at = NULL WHERE id = ?').run(id);
    },
    /** The size in bytes of the last good copy (0 without one). */
    bodyLength(id: number): number {
      const r = db.prepare('SELECT length(CAST(body AS BLOB)) AS n FROM calendars WHERE id = ?').get(id) as { n: number | null } | undefined;
      return r?.n ?? 0;
    },
    /** The last good copy of the calendar's text, if any sync ever succeeded. */
    body(id: number): string | null {
      const r = db.prepare('SELECT body FROM calendars WHERE id = ?').get(id) as { body: string | null } | undefined;
      return r?.body ?? null;
    },
    recordSync(id: number, outcome: SyncOutcome): void {
      const t = now();
      if (!outcome.ok) {
        db.prepare('UPDATE calendars SET last_sync_at = ?, last_error = ?, next_sync_at = ? WHERE id = ?').run(t, outcome.error, outcome.nextSyncAt, id);
      } else if (!outcome.changed) {
        db.prepare('UPDATE calendars SET last_sync_at = ?, last_success_at = ?, last_error = NULL, next_sync_at = ? WHERE id = ?').run(
          t,
          t,
          outcome.nextSyncAt,
          id,
        );
      } else {
        db.prepare(
          `UPDATE calendars SET last_sync_at = ?, last_success_at = ?, last_error = NULL, next_sync_at = ?,
             body = ?, content_hash = ?, etag = ?, last_modified = ? WHERE id = ?`,
        ).run(t, t, outcome.nextSyncAt, outcome.body, outcome.contentHash, outcome.etag, outcome.lastModified, id);
      }
    },
  };
}
