/** The planner's side of the outbox: adding planned rows and keeping each planning scope current. */
import type { Db } from '../db.ts';
import { contentJson, type PlannedDelivery } from './types.ts';

/**
 * A planned row: new keys are added; a planned row follows its event's latest text; a cancelled
 * one comes back when its event does (moved back, or still present in another of the user's
 * calendars). Anything already tried or sent is never touched: that is what makes "never twice" hold.
 * A payload rendered ahead of time was rendered from the old content, so it goes with it.
 */
const upsertSql = `INSERT INTO deliveries (dedupe_key, kind, route, user_id, target_id, calendar_id, source_id, scope, event_uid, event_start_ms,
       due_at, status, next_attempt_at, content, payload, created_at, updated_at)
     VALUES (@dedupeKey, @kind, @route, @userId, @targetId, @calendarId, @sourceId, @scope, @eventUid, @eventStartMs,
       @dueAt, 'pending', @dueAt, @content, @payload, @t, @t)
     ON CONFLICT (dedupe_key) DO UPDATE SET
       content = excluded.content,
       payload = excluded.payload,
       scope = excluded.scope,
       due_at = CASE WHEN status = 'cancelled' THEN excluded.due_at ELSE due_at END,
       next_attempt_at = CASE WHEN status = 'cancelled' THEN excluded.next_attempt_at ELSE next_attempt_at END,
       status = 'pending',
       updated_at = excluded.updated_at
     WHERE status IN ('pending', 'cancelled') AND attempts = 0 AND (status = 'cancelled' OR content <> excluded.content)`;

export function outboxPlanning(db: Db, now: () => number) {
  const insert = db.prepare(upsertSql);
  const params = (p: PlannedDelivery, t: number) => ({
    dedupeKey: p.dedupeKey,
    kind: p.content.kind,
    route: p.route,
    userId: p.userId,
    targetId: p.targetId,
    calendarId: p.calendarId ?? null,
    sourceId: p.sourceId ?? null,
    scope: p.scope ?? null,
    eventUid: p.eventUid ?? null,
    eventStartMs: p.eventStartMs ?? null,
    dueAt: p.dueAt,
    content: contentJson(p.content),
    payload: p.payload === undefined ? null : JSON.stringify(p.payload),
    t,
  });
  const scopePending = db.prepare(`SELECT id, dedupe_key FROM deliveries WHERE scope = ? AND status = 'pending' AND attempts = 0 AND due_at >= ?`);
  const cancelRow = db.prepare(`UPDATE deliveries SET status = 'cancelled', updated_at = ? WHERE id = ?`);

  return {
    /**
     * Adds deliveries whose keys are new (or revives cancelled ones, or refreshes the content of
     * planned ones); a key that was tried or sent is left as it is. Returns how many rows changed.
     */
    add(rows: PlannedDelivery[]): number {
      const t = now();
      let added = 0;
      db.transaction(() => {
        for (const p of rows) added += insert.run(params(p, t)).changes;
      })();
      return added;
    },

    /**
     * Makes a planning scope's pending deliveries match `desired` within [fromMs, ∞): new keys are
     * added, pending rows whose keys are no longer desired are cancelled (an event moved, was
     * cancelled or deleted). Rows already sent, in flight or retried are never touched.
     */
    replaceScope(scope: string, desired: PlannedDelivery[], fromMs: number): { added: number; cancelled: number } {
      const t = now();
      let added = 0;
      let cancelled = 0;
      db.transaction(() => {
        const want = new Set(desired.map((d) => d.dedupeKey));
        const pending = scopePending.all(scope, fromMs) as { id: number; dedupe_key: string }[];
        for (const row of pending) if (!want.has(row.dedupe_key)) cancelled += cancelRow.run(t, row.id).changes;
        for (const p of desired) added += insert.run(params({ ...p, scope }, t)).changes;
      })();
      return { added, cancelled };
    },

    /** Scopes that still have planned, never-tried rows. */
    pendingScopes(): string[] {
      // Through the pending rows only: the scope index would walk the whole history.
      const rows = db
        .prepare(`SELECT DISTINCT scope FROM deliveries INDEXED BY deliveries_due WHERE status = 'pending' AND attempts = 0 AND scope IS NOT NULL`)
        .all();
      return (rows as { scope: string }[]).map((r) => r.scope);
    },

    /** Cancels every pending, never-tried delivery of a scope (its calendar, rule or digest was removed). */
    cancelScope(scope: string): number {
      return db.prepare(`UPDATE deliveries SET status = 'cancelled', updated_at = ? WHERE scope = ? AND status = 'pending' AND attempts = 0`).run(now(), scope)
        .changes;
    },
  };
}
