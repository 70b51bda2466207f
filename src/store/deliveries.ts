import type { Db } from './db.ts';

export type DeliveryKind = 'reminder' | 'alarm' | 'digest' | 'test';
/**
 * pending: waiting for its time (or its next attempt); sending: claimed by a worker (leased);
 * sent / late: delivered on time / after its due time; missed: its moment passed while herald was down;
 * failed: the service refused it for good (4xx); dead: retries exhausted; cancelled: its event moved or vanished.
 */
export type DeliveryStatus = 'pending' | 'sending' | 'sent' | 'late' | 'missed' | 'failed' | 'dead' | 'cancelled';
export const deliveryStatuses: readonly DeliveryStatus[] = ['pending', 'sending', 'sent', 'late', 'missed', 'failed', 'dead', 'cancelled'];

export interface Delivery {
  id: number;
  /** Unique forever: the same key is never planned (so never sent) twice. */
  dedupeKey: string;
  kind: DeliveryKind;
  userId: number | null;
  targetId: number | null;
  calendarId: number | null;
  /** The rule, alarm calendar or digest that produced it. */
  sourceId: number | null;
  /** Planning scope: a re-plan of that scope cancels the scope's pending rows it no longer wants. */
  scope: string | null;
  eventUid: string | null;
  eventStartMs: number | null;
  dueAt: number;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: number;
  leaseUntil: number | null;
  lastError: string | null;
  /** What to render (an occurrence snapshot and the settings that apply). */
  context: Record<string, unknown>;
  /** What was (or will be) sent, written before the first attempt. */
  payload: unknown;
  statusCode: number | null;
  /** The service's answer to the successful attempt (truncated). */
  answer: string | null;
  sentAt: number | null;
  createdAt: number;
  updatedAt: number;
}

export interface PlannedDelivery {
  dedupeKey: string;
  kind: DeliveryKind;
  userId: number | null;
  targetId: number | null;
  calendarId?: number | null;
  sourceId?: number | null;
  scope?: string | null;
  eventUid?: string | null;
  eventStartMs?: number | null;
  dueAt: number;
  context: Record<string, unknown>;
  payload?: unknown;
}

/** A place in the outbox's due order (due time, then id): rows after it are still to look at. */
export interface DueCursor {
  at: number;
  id: number;
}
/** Before every row. */
export const fromTheFront: DueCursor = { at: Number.MIN_SAFE_INTEGER, id: 0 };

/**
 * A row as a Delivery, column by column (the engine maps thousands a second). The context is parsed
 * when first read: a row rendered ahead of its time is sent without looking at it.
 */
function toDelivery(r: Record<string, unknown>): Delivery {
  const rawContext = r.context as string;
  let context: Record<string, unknown> | undefined;
  return {
    id: r.id as number,
    dedupeKey: r.dedupe_key as string,
    kind: r.kind as DeliveryKind,
    userId: r.user_id as number | null,
    targetId: r.target_id as number | null,
    calendarId: r.calendar_id as number | null,
    sourceId: r.source_id as number | null,
    scope: r.scope as string | null,
    eventUid: r.event_uid as string | null,
    eventStartMs: r.event_start_ms as number | null,
    dueAt: r.due_at as number,
    status: r.status as DeliveryStatus,
    attempts: r.attempts as number,
    nextAttemptAt: r.next_attempt_at as number,
    leaseUntil: r.lease_until as number | null,
    lastError: r.last_error as string | null,
    get context() {
      return (context ??= JSON.parse(rawContext) as Record<string, unknown>);
    },
    set context(value) {
      context = value;
    },
    payload: typeof r.payload === 'string' ? (JSON.parse(r.payload) as unknown) : null,
    statusCode: r.status_code as number | null,
    answer: r.answer as string | null,
    sentAt: r.sent_at as number | null,
    createdAt: r.created_at as number,
    updatedAt: r.updated_at as number,
  };
}

export function deliveryStore(db: Db, now: () => number) {
  const insert = db.prepare(
    `INSERT INTO deliveries (dedupe_key, kind, user_id, target_id, calendar_id, source_id, scope, event_uid, event_start_ms,
       due_at, status, next_attempt_at, context, payload, created_at, updated_at)
     VALUES (@dedupeKey, @kind, @userId, @targetId, @calendarId, @sourceId, @scope, @eventUid, @eventStartMs,
       @dueAt, 'pending', @dueAt, @context, @payload, @t, @t)
     ON CONFLICT (dedupe_key) DO UPDATE SET
       -- A planned row follows its event's latest text; a cancelled one comes back when its event
       -- does (moved back, or still present in another of the user's calendars). Anything already
       -- tried or sent is never touched: that is what makes "never twice" hold.
       context = excluded.context,
       -- A payload rendered ahead of time was rendered from the old context.
       payload = excluded.payload,
       scope = excluded.scope,
       due_at = CASE WHEN status = 'cancelled' THEN excluded.due_at ELSE due_at END,
       next_attempt_at = CASE WHEN status = 'cancelled' THEN excluded.next_attempt_at ELSE next_attempt_at END,
       status = 'pending',
       updated_at = excluded.updated_at
     WHERE status IN ('pending', 'cancelled') AND attempts = 0 AND (status = 'cancelled' OR context <> excluded.context)`,
  );
  const params = (p: PlannedDelivery, t: number) => ({
    dedupeKey: p.dedupeKey,
    kind: p.kind,
    userId: p.userId,
    targetId: p.targetId,
    calendarId: p.calendarId ?? null,
    sourceId: p.sourceId ?? null,
    scope: p.scope ?? null,
    eventUid: p.eventUid ?? null,
    eventStartMs: p.eventStartMs ?? null,
    dueAt: p.dueAt,
    context: JSON.stringify(p.context),
    payload: p.payload === undefined ? null : JSON.stringify(p.payload),
    t,
  });
  // Prepared once: the planner calls these for every scope, the delivery engine for every message.
  const scopePending = db.prepare(`SELECT id, dedupe_key FROM deliveries WHERE scope = ? AND status = 'pending' AND attempts = 0 AND due_at >= ?`);
  const cancelRow = db.prepare(`UPDATE deliveries SET status = 'cancelled', updated_at = ? WHERE id = ?`);
  // One statement claims a whole batch; RETURNING gives the rows as claimed (in no set order).
  const claimBatch = db.prepare(
    `UPDATE deliveries SET status = 'sending', lease_until = ?, attempts = attempts + 1, updated_at = ?
     WHERE id IN (SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?)
     RETURNING *`,
  );
  const minDue = db.prepare(`SELECT min(next_attempt_at) AS t FROM deliveries WHERE status = 'pending'`);
  const pendingRows = db.prepare(`SELECT count(*) AS n FROM deliveries WHERE status = 'pending'`);
  const selectUnrendered = db.prepare(
    `SELECT * FROM deliveries WHERE status = 'pending' AND payload IS NULL AND next_attempt_at <= @until
       AND (next_attempt_at > @at OR (next_attempt_at = @at AND id > @id)) ORDER BY next_attempt_at, id LIMIT @limit`,
  );
  const selectUpcoming = db.prepare(
    `SELECT * FROM deliveries WHERE status = 'pending' AND payload IS NOT NULL AND next_attempt_at <= @until
       AND (next_attempt_at > @at OR (next_attempt_at = @at AND id > @id)) ORDER BY next_attempt_at, id LIMIT @limit`,
  );
  // Claims a row read ahead only if nothing touched it since: same attempts, same payload text.
  const claimIfUnchanged = db.prepare(
    `UPDATE deliveries SET status = 'sending', lease_until = ?, attempts = attempts + 1, updated_at = ?
     WHERE id = ? AND status = 'pending' AND attempts = ? AND payload = ? AND next_attempt_at <= ?`,
  );
  const minDueAfter = db.prepare(`SELECT min(next_attempt_at) AS t FROM deliveries WHERE status = 'pending' AND next_attempt_at > ?`);
  const minUnrendered = db.prepare(`SELECT min(next_attempt_at) AS t FROM deliveries WHERE status = 'pending' AND payload IS NULL AND next_attempt_at > ?`);
  const writeAhead = db.prepare(`UPDATE deliveries SET payload = ?, updated_at = ? WHERE id = ? AND status = 'pending' AND payload IS NULL`);
  const writePayload = db.prepare('UPDATE deliveries SET payload = ?, updated_at = ? WHERE id = ?');
  const sentRow = db.prepare(
    `UPDATE deliveries SET status = ?, last_error = NULL, status_code = ?, sent_at = ?, answer = ?, lease_until = NULL, updated_at = ? WHERE id = ?`,
  );
  const setStatus = db.prepare(
    `UPDATE deliveries SET status = @status, last_error = @error, status_code = @statusCode, sent_at = @sentAt,
       lease_until = NULL, updated_at = @t WHERE id = @id`,
  );

  return {
    /**
     * Adds deliveries whose keys are new (or revives cancelled ones, or refreshes the context of
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
      return (db.prepare(`SELECT DISTINCT scope FROM deliveries INDEXED BY deliveries_due WHERE status = 'pending' AND attempts = 0 AND scope IS NOT NULL`).all() as { scope: string }[]).map((r) => r.scope);
    },

    /** Cancels every pending, never-tried delivery of a scope (its calendar, rule or digest was removed). */
    cancelScope(scope: string): number {
      return db.prepare(`UPDATE deliveries SET status = 'cancelled', updated_at = ? WHERE scope = ? AND status = 'pending' AND attempts = 0`).run(now(), scope).changes;
    },

    /**
     * Takes up to `limit` due rows for sending: marks them `sending` with a lease, in one
     * transaction, so two workers (or two daemons) never take the same row. `prepare` may give a
     * row without a payload its rendered payload, written by the same UPDATE that claims it (one
     * write per row instead of two); it returns undefined to leave the row's payload as it is.
     */
    claimDue(atMs: number, limit: number, leaseMs: number, prepare?: (d: Delivery) => unknown): Delivery[] {
      return db.transaction(() => {
        const rows = (claimBatch.all(atMs + leaseMs, atMs, atMs, limit) as Record<string, unknown>[]).map(toDelivery);
        rows.sort((a, b) => a.nextAttemptAt - b.nextAttemptAt || a.id - b.id);
        if (prepare) {
          for (const d of rows) {
            if (d.payload !== null) continue;
            const payload = prepare(d);
            if (payload === undefined) continue;
            writePayload.run(JSON.stringify(payload), atMs, d.id);
            d.payload = payload;
          }
        }
        return rows;
      })();
    },

    /**
     * Pending rows without a payload that come due by `untilMs`, earliest first, after `after` (the
     * last row a previous call returned), to render ahead of their time.
     */
    unrendered(untilMs: number, limit: number, after: DueCursor = fromTheFront): Delivery[] {
      return (selectUnrendered.all({ until: untilMs, at: after.at, id: after.id, limit }) as Record<string, unknown>[]).map(toDelivery);
    },

    /** When the earliest pending row without a payload due after `afterMs` comes due. */
    nextUnrenderedAt(afterMs: number): number | null {
      return (minUnrendered.get(afterMs) as { t: number | null }).t;
    },

    /**
     * Writes payloads rendered ahead of time, in one transaction. A row that was claimed, changed
     * or given a payload meanwhile is left alone. Returns how many were written.
     */
    writePayloadsAhead(items: { id: number; payload: unknown }[]): number {
      const t = now();
      let written = 0;
      db.transaction(() => {
        for (const { id, payload } of items) written += writeAhead.run(JSON.stringify(payload), t, id).changes;
      })();
      return written;
    },

    /**
     * Pending rows with a payload that come due by `untilMs`, earliest first, after `after`: read
     * ahead of their time, so that their instant costs only claimUnchanged. Each comes with a
     * token (its payload as stored) that claimUnchanged checks.
     */
    upcoming(untilMs: number, limit: number, after: DueCursor = fromTheFront): { delivery: Delivery; token: string }[] {
      return (selectUpcoming.all({ until: untilMs, at: after.at, id: after.id, limit }) as Record<string, unknown>[]).map((r) => ({ delivery: toDelivery(r), token: r.payload as string }));
    },

    /**
     * Claims rows read ahead by `upcoming`, in one transaction, each only if it is still pending,
     * due, and unchanged since it was read (same attempts and payload): a row that was re-planned,
     * cancelled, rendered again or taken by another process is left, and read afresh by claimDue
     * if it is still due. Returns the claimed rows as claimed.
     */
    claimUnchanged(rows: { delivery: Delivery; token: string }[], atMs: number, leaseMs: number): Delivery[] {
      const claimed: Delivery[] = [];
      db.transaction(() => {
        for (const { delivery: d, token } of rows) {
          if (claimIfUnchanged.run(atMs + leaseMs, atMs, d.id, d.attempts, token, atMs).changes === 0) continue;
          claimed.push(Object.assign(d, { status: 'sending' as const, attempts: d.attempts + 1, leaseUntil: atMs + leaseMs, updatedAt: atMs }));
        }
      })();
      return claimed;
    },

    /** Claims one pending row now, whatever its due time (a test message, a manual send). */
    claimOne(id: number, atMs: number, leaseMs: number): Delivery | undefined {
      const changed = db
        .prepare(`UPDATE deliveries SET status = 'sending', lease_until = ?, attempts = attempts + 1, updated_at = ? WHERE id = ? AND status = 'pending'`)
        .run(atMs + leaseMs, atMs, id).changes;
      return changed > 0 ? this.get(id) : undefined;
    },

    /**
     * The earliest instant a pending row becomes due (after `afterMs`, if given), so the scheduler
     * can sleep until then.
     */
    nextDueAt(afterMs?: number): number | null {
      const r = (afterMs === undefined ? minDue.get() : minDueAfter.get(afterMs)) as { t: number | null };
      return r.t;
    },

    /**
     * Puts rows left in `sending` back to `pending` (a crash or kill left them there). With
     * `expiredBefore`, only rows whose lease ran out by then. Returns how many.
     */
    releaseLeases(expiredBefore?: number): number {
      const t = now();
      return expiredBefore === undefined
        ? db.prepare(`UPDATE deliveries SET status = 'pending', lease_until = NULL, updated_at = ? WHERE status = 'sending'`).run(t).changes
        : db.prepare(`UPDATE deliveries SET status = 'pending', lease_until = NULL, updated_at = ? WHERE status = 'sending' AND lease_until < ?`).run(t, expiredBefore).changes;
    },

    /** Records the rendered payload before the first attempt. */
    setPayload(id: number, payload: unknown): void {
      writePayload.run(JSON.stringify(payload), now(), id);
    },

    markSent(id: number, result: { statusCode: number | null; sentAt: number; late: boolean; answer?: string }): void {
      sentRow.run(result.late ? 'late' : 'sent', result.statusCode, result.sentAt, result.answer?.slice(0, 500) ?? null, now(), id);
    },

    /** A failed attempt that will be tried again at `nextAttemptAt`. */
    markRetry(id: number, result: { error: string; statusCode: number | null; nextAttemptAt: number }): void {
      db.prepare(
        `UPDATE deliveries SET status = 'pending', last_error = ?, status_code = ?, next_attempt_at = ?, lease_until = NULL, updated_at = ? WHERE id = ?`,
      ).run(result.error, result.statusCode, result.nextAttemptAt, now(), id);
    },

    /** A terminal outcome other than success: failed (refused), dead (retries exhausted), missed, cancelled. */
    markFinal(id: number, status: 'failed' | 'dead' | 'missed' | 'cancelled', result: { error: string | null; statusCode?: number | null }): void {
      setStatus.run({ id, status, error: result.error, statusCode: result.statusCode ?? null, sentAt: null, t: now() });
    },

    /** Sends a failed, dead or missed delivery again: back to pending, due now, attempts reset. */
    retry(id: number): boolean {
      const t = now();
      return (
        db
          .prepare(
            `UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, last_error = NULL, lease_until = NULL, updated_at = ?
             WHERE id = ? AND status IN ('failed', 'dead', 'missed')`,
          )
          .run(t, t, id).changes > 0
      );
    },

    get(id: number): Delivery | undefined {
      const r = db.prepare('SELECT * FROM deliveries WHERE id = ?').get(id) as Record<string, unknown> | undefined;
      return r && toDelivery(r);
    },

    byKey(key: string): Delivery | undefined {
      const r = db.prepare('SELECT * FROM deliveries WHERE dedupe_key = ?').get(key) as Record<string, unknown> | undefined;
      return r && toDelivery(r);
    },

    list(filter: { status?: DeliveryStatus; kind?: DeliveryKind; userId?: number; limit?: number } = {}): Delivery[] {
      const where: string[] = [];
      const args: unknown[] = [];
      if (filter.status) (where.push('status = ?'), args.push(filter.status));
      if (filter.kind) (where.push('kind = ?'), args.push(filter.kind));
      if (filter.userId !== undefined) (where.push('user_id = ?'), args.push(filter.userId));
      const sql = `SELECT * FROM deliveries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY due_at, id LIMIT ?`;
      return (db.prepare(sql).all(...args, filter.limit ?? 1000) as Record<string, unknown>[]).map(toDelivery);
    },

    /** Rows waiting for their time (counted on the due index, without reading the history). */
    pendingCount(): number {
      return (pendingRows.get() as { n: number }).n;
    },

    /** Every row by status: reads the whole outbox, history included (listings, not every pass). */
    countByStatus(): Record<DeliveryStatus, number> {
      const out = Object.fromEntries(deliveryStatuses.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
      for (const r of db.prepare('SELECT status, count(*) AS n FROM deliveries GROUP BY status').all() as { status: DeliveryStatus; n: number }[]) out[r.status] = r.n;
      return out;
    },
  };
}
