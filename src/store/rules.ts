import type { Db } from './db.ts';
import { fromRow, idList } from './rows.ts';

/** "Remind these targets N minutes before each event of this calendar (or of all the user's calendars)." */
export interface ReminderRule {
  id: number;
  userId: number;
  /** null: every calendar of the user. */
  calendarId: number | null;
  targetIds: number[];
  /** Lead times in seconds, ascending. */
  leads: number[];
  /** Local time ("HH:MM") at which all-day events are reminded. */
  allDayAt: string;
  /** true: the day before the event at allDayAt; false: the event's own morning. */
  allDayDayBefore: boolean;
  skipTransparent: boolean;
  skipDeclined: boolean;
  /** Case-insensitive substring that the summary, description or location must contain. */
  filterText: string | null;
  /** A CATEGORIES value the event must carry. */
  filterCategory: string | null;
  enabled: boolean;
  /** A reminder not delivered by its event's start is still sent (late) until the event ends; else it is missed. */
  deliverLate: boolean;
  isExample: boolean;
  createdAt: number;
}

export type NewReminderRule = Pick<ReminderRule, 'userId' | 'calendarId' | 'targetIds' | 'leads'> &
  Partial<
    Pick<
      ReminderRule,
      'allDayAt' | 'allDayDayBefore' | 'skipTransparent' | 'skipDeclined' | 'filterText' | 'filterCategory' | 'enabled' | 'deliverLate' | 'isExample'
    >
  >;

const select = `SELECT r.*, (SELECT group_concat(target_id) FROM reminder_rule_targets t WHERE t.rule_id = r.id) AS target_ids
  FROM reminder_rules r`;

function toRule(row: Record<string, unknown>): ReminderRule {
  const r = fromRow<ReminderRule & { leads: unknown; targetIds: unknown }>(row, {
    bools: ['all_day_day_before', 'skip_transparent', 'skip_declined', 'enabled', 'deliver_late', 'is_example'],
  });
  return { ...r, leads: idList(r.leads), targetIds: idList(r.targetIds) };
}

export function ruleStore(db: Db, now: () => number) {
  return {
    add(r: NewReminderRule): ReminderRule {
      return db.transaction(() => {
        const info = db
          .prepare(
            `INSERT INTO reminder_rules (user_id, calendar_id, leads, all_day_at, all_day_day_before, skip_transparent, skip_declined,
               filter_text, filter_category, enabled, deliver_late, is_example, created_at)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
          )
          .run(
            r.userId,
            r.calendarId,
            [...r.leads].sort((a, b) => a - b).join(','),
            r.allDayAt ?? '09:00',
            Number(r.allDayDayBefore ?? true),
            Number(r.skipTransparent ?? false),
            Number(r.skipDeclined ?? true),
            r.filterText ?? null,
            r.filterCategory ?? null,
            Number(r.enabled ?? true),
            Number(r.deliverLate ?? false),
            Number(r.isExample ?? false),
            now(),
          );
        const id = Number(info.lastInsertRowid);
        const ins = db.prepare('INSERT INTO reminder_rule_targets (rule_id, target_id) VALUES (?, ?)');
        for (const t of new Set(r.targetIds)) ins.run(id, t);
        return this.get(id)!;
      })();
    },
    get(id: number): ReminderRule | undefined {
      const r = db.prepare(`${select} WHERE r.id = ?`).get(id) as Record<string, unknown> | undefined;
      return r && toRule(r);
    },
    list(userId?: number): ReminderRule[] {
      const rows = (
        userId === undefined ? db.prepare(`${select} ORDER BY r.id`).all() : db.prepare(`${select} WHERE r.user_id = ? ORDER BY r.id`).all(userId)
      ) as Record<string, unknown>[];
      return rows.map(toRule);
    },
    setEnabled(id: number, enabled: boolean): boolean {
      return db.prepare('UPDATE reminder_rules SET enabled = ? WHERE id = ?').run(Number(enabled), id).changes > 0;
    },
    remove(id: number): boolean {
      return db.prepare('DELETE FROM reminder_rules WHERE id = ?').run(id).changes > 0;
    },
  };
}
