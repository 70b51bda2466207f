/**
 * The delivery engine's work ahead of time in the outbox: rows coming due are rendered and read
 * before their instant, then claimed only if nothing changed them since (see delivery/lookahead.ts).
 */
import type { Db } from '../db.ts';
import { fromTheFront, toDeliveries, toDelivery, type Delivery, type DueCursor, type RenderedPayload } from './types.ts';

export function outboxAhead(db: Db, now: () => number, owner: string) {
  const minUnrendered = db.prepare(`SELECT min(next_attempt_at) AS t FROM deliveries WHERE status = 'pending' AND payload IS NULL AND next_attempt_at > ?`);
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
    `UPDATE deliveries SET status = 'sending', lease_until = ?, lease_owner = ?, attempts = attempts + 1, updated_at = ?
     WHERE id = ? AND status = 'pending' AND attempts = ? AND payload = ? AND next_attempt_at <= ?`,
  );
  const writeAhead = db.prepare(`UPDATE deliveries SET payload = ?, updated_at = ? WHERE id = ? AND status = 'pending' AND payload IS NULL`);

  return {
    /**
     * Pending rows without a payload that come due by `untilMs`, earliest first, after `after` (the
     * last row a previous call returned), to render ahead of their time.
     */
    unrendered(untilMs: number, limit: number, after: DueCursor = fromTheFront): Delivery[] {
      return toDeliveries(selectUnrendered.all({ until: untilMs, at: after.at, id: after.id, limit }));
    },

    /** When the earliest pending row without a payload due after `afterMs` comes due. */
    nextUnrenderedAt(afterMs: number): number | null {
      return (minUnrendered.get(afterMs) as { t: number | null }).t;
    },

    /**
     * Writes payloads rendered ahead of time, in one transaction. A row that was claimed, changed
     * or given a payload meanwhile is left alone. Returns how many were written.
     */
    writePayloadsAhead(items: { id: number; payload: RenderedPayload }[]): number {
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
      const rows = selectUpcoming.all({ until: untilMs, at: after.at, id: after.id, limit }) as Record<string, unknown>[];
      return rows.map((r) => ({ delivery: toDelivery(r), token: r.payload as string }));
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
          if (claimIfUnchanged.run(atMs + leaseMs, owner, atMs, d.id, d.attempts, token, atMs).changes === 0) continue;
          claimed.push(
            Object.assign(d, { status: 'sending' as const, attempts: d.attempts + 1, leaseUntil: atMs + leaseMs, leaseOwner: owner, updatedAt: atMs }),
          );
        }
      })();
      return claimed;
    },
  };
}
