import { randomBytes } from 'node:crypto';
import { InputError } from '../core/errors.ts';
import { isUniqueViolation, type Db } from './db.ts';
import { fromRow, idList } from './rows.ts';

export type Weekday = 'mon' | 'tue' | 'wed' | 'thu' | 'fri' | 'sat' | 'sun';
export const weekdays: readonly Weekday[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

/** The seed's "daily reminder": an agenda of one or more calendars, sent at a local time on chosen weekdays. */
export interface DigestSubscription {
  id: number;
  userId: number;
  name: string;
  calendarIds: number[];
  targetIds: number[];
  /** Local time of day "HH:MM" in the user's zone. */
  atTime: string;
  /** true: sent the evening before, listing the next day; false: the same morning. */
  eveningBefore: boolean;
  /** The days on which it is sent (for a weekly digest: the one day). */
  days: Weekday[];
  includeRecurring: boolean;
  skipEmpty: boolean;
  weekly: boolean;
  /** Also (or only) mail it to the user's address. */
  sendEmail: boolean;
  template: string | null;
  /** Off until someone turns it on, like the seed's. */
  enabled: boolean;
  /** Secret for the one-click unsubscribe link (links before version 7 of the schema). */
  unsubscribeToken: string;
  /** Signed unsubscribe links name this version; a new version revokes the links sent before. */
  unsubscribeVersion: number;
  isExample: boolean;
  createdAt: number;
  /** When it was last switched on (null while off): slots before it are never sent. */
  enabledAt: number | null;
}

export type NewDigestSubscription = Pick<DigestSubscription, 'userId' | 'name' | 'calendarIds' | 'targetIds' | 'atTime'> &
  Partial<
    Pick<DigestSubscription, 'eveningBefore' | 'days' | 'includeRecurring' | 'skipEmpty' | 'weekly' | 'sendEmail' | 'template' | 'enabled' | 'isExample'>
  >;

const select = `SELECT d.*,
  (SELECT group_concat(calendar_id) FROM digest_calendars c WHERE c.digest_id = d.id) AS calendar_ids,
  (SELECT group_concat(target_id) FROM digest_targets t WHERE t.digest_id = d.id) AS target_ids
  FROM digests d`;

function toDigest(row: Record<string, unknown>): DigestSubscription {
  const d = fromRow<DigestSubscription & { days: unknown; calendarIds: unknown; targetIds: unknown }>(row, {
    bools: ['evening_before', 'include_recurring', 'skip_empty', 'weekly', 'send_email', 'enabled', 'is_example'],
  });
  return {
    ...d,
    days: String(d.days)
      .split(',')
      .filter((x): x is Weekday => (weekdays as readonly string[]).includes(x)),
    calendarIds: idList(d.calendarIds),
    targetIds: idList(d.targetIds),
  };
}

export function digestStore(db: Db, now: () => number) {
  const link = (id: number, calendarIds: number[], targetIds: number[]) => {
    db.prepare('DELETE FROM digest_calendars WHERE digest_id = ?').run(id);
    db.prepare('DELETE FROM digest_targets WHERE digest_id = ?').run(id);
    const c = db.prepare('INSERT INTO digest_calendars (digest_id, calendar_id) VALUES (?, ?)');
    for (const x of new Set(calendarIds)) c.run(id, x);
    const t = db.prepare('INSERT INTO digest_targets (digest_id, target_id) VALUES (?, ?)');
    for (const x of new Set(targetIds)) t.run(id, x);
  };
  return {
    add(d: NewDigestSubscription): DigestSubscription {
      return db.transaction(() => {
        try {
          const info = db
            .prepare(
              `INSERT INTO digests (user_id, name, at_time, evening_before, days, include_recurring, skip_empty, weekly, send_email,
                 template, enabled, unsubscribe_token, is_example, created_at, enabled_at)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
            )
            .run(
              d.userId,
              d.name,
              d.atTime,
              Number(d.eveningBefore ?? false),
              (d.days ?? weekdays).join(','),
              Number(d.includeRecurring ?? true),
              Number(d.skipEmpty ?? false),
              Number(d.weekly ?? false),
              Number(d.sendEmail ?? false),
              d.template ?? null,
              Number(d.enabled ?? false),
              randomBytes(24).toString('base64url'),
              Number(d.isExample ?? false),
              now(),
              d.enabled ? now() : null,
            );
          const id = Number(info.lastInsertRowid);
          link(id, d.calendarIds, d.targetIds);
          return this.get(id)!;
        } catch (err) {
          if (isUniqueViolation(err)) throw new InputError(`a digest named "${d.name}" already exists`, { field: 'name', problem: 'conflict', stage: 'store' });
          throw err;
        }
      })();
    },
    get(id: number): DigestSubscription | undefined {
      const r = db.prepare(`${select} WHERE d.id = ?`).get(id) as Record<string, unknown> | undefined;
      return r && toDigest(r);
    },
    byName(name: string): DigestSubscription | undefined {
      const r = db.prepare(`${select} WHERE d.name = ?`).get(name) as Record<string, unknown> | undefined;
      return r && toDigest(r);
    },
    byUnsubscribeToken(token: string): DigestSubscription | undefined {
      const r = db.prepare(`${select} WHERE d.unsubscribe_token = ?`).get(token) as Record<string, unknown> | undefined;
      return r && toDigest(r);
    },
    list(userId?: number): DigestSubscription[] {
      const rows = (
        userId === undefined ? db.prepare(`${select} ORDER BY d.name`).all() : db.prepare(`${select} WHERE d.user_id = ? ORDER BY d.name`).all(userId)
      ) as Record<string, unknown>[];
      return rows.map(toDigest);
    },
    /** Switching on (from off) starts it afresh: its first slot is the next one. */
    setEnabled(id: number, enabled: boolean): boolean {
      const sql = `UPDATE digests SET enabled = @on, enabled_at = CASE WHEN @on = 0 THEN NULL WHEN enabled = 1 THEN enabled_at ELSE @t END WHERE id = @id`;
      return db.prepare(sql).run({ on: Number(enabled), t: now(), id }).changes > 0;
    },
    /** Revokes every unsubscribe link sent so far (the next agendas carry new ones). */
    newUnsubscribeVersion(id: number): boolean {
      return db.prepare('UPDATE digests SET unsubscribe_version = unsubscribe_version + 1 WHERE id = ?').run(id).changes > 0;
    },
    remove(id: number): boolean {
      return db.prepare('DELETE FROM digests WHERE id = ?').run(id).changes > 0;
    },
  };
}
