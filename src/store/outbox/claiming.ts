/**
 * The delivery engine's side of the outbox before a send: finding what is due and claiming rows
 * with a lease, so that no row is ever taken twice. A lease has an owner (the claiming process's
 * daemon id, host:pid) and an expiry; a row in flight is taken over only when its lease expired or
 * its owner is known to be gone, never from a live process still sending it.
 */
import type { Db } from '../db.ts';
import { toDeliveries, toDelivery, type Delivery, type RenderedPayload } from './types.ts';

export function outboxClaims(db: Db, now: () => number, owner: string) {
  // One statement claims a whole batch; RETURNING gives the rows as claimed (in no set order).
  const claimBatch = db.prepare(
    `UPDATE deliveries SET status = 'sending', lease_until = ?, lease_owner = ?, attempts = attempts + 1, updated_at = ?
     WHERE id IN (SELECT id FROM deliveries WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at, id LIMIT ?)
     RETURNING *`,
  );
  const minDue = db.prepare(`SELECT min(next_attempt_at) AS t FROM deliveries WHERE status = 'pending'`);
  const minDueAfter = db.prepare(`SELECT min(next_attempt_at) AS t FROM deliveries WHERE status = 'pending' AND next_attempt_at > ?`);
  const writePayload = db.prepare('UPDATE deliveries SET payload = ?, updated_at = ? WHERE id = ?');

  return {
    /**
     * Takes up to `limit` due rows for sending: marks them `sending` with a lease, in one
     * transaction, so two workers (or two daemons) never take the same row. `prepare` may give a
     * row without a payload its rendered payload, written by the same transaction that claims it
     * (one write per row instead of two); it returns undefined to leave the row's payload as it is.
     */
    claimDue(atMs: number, limit: number, leaseMs: number, prepare?: (d: Delivery) => RenderedPayload | undefined): Delivery[] {
      return db.transaction(() => {
        const rows = toDeliveries(claimBatch.all(atMs + leaseMs, owner, atMs, atMs, limit));
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

    /** Claims one pending row now, whatever its due time (a test message, a manual send). */
    claimOne(id: number, atMs: number, leaseMs: number): Delivery | undefined {
      const row = db
        .prepare(
          `UPDATE deliveries SET status = 'sending', lease_until = ?, lease_owner = ?, attempts = attempts + 1, updated_at = ? WHERE id = ? AND status = 'pending' RETURNING *`,
        )
        .get(atMs + leaseMs, owner, atMs, id) as Record<string, unknown> | undefined;
      return row && toDelivery(row);
    },

    /**
     * The earliest instant a pending row becomes due (after `afterMs`, if given), so the engine
     * can sleep until then.
     */
    nextDueAt(afterMs?: number): number | null {
      const r = (afterMs === undefined ? minDue.get() : minDueAfter.get(afterMs)) as { t: number | null };
      return r.t;
    },

    /**
     * Puts every row left in `sending` back to `pending`, whoever holds it (with `expiredBefore`,
     * only rows whose lease ran out by then). Returns how many. For tests and tools that know no
     * process is sending; the engine uses resumeAbandoned and handBack.
     */
    releaseLeases(expiredBefore?: number): number {
      const t = now();
      return expiredBefore === undefined
        ? db.prepare(`UPDATE deliveries SET status = 'pending', lease_until = NULL, lease_owner = NULL, updated_at = ? WHERE status = 'sending'`).run(t).changes
        : db
            .prepare(
              `UPDATE deliveries SET status = 'pending', lease_until = NULL, lease_owner = NULL, updated_at = ? WHERE status = 'sending' AND lease_until < ?`,
            )
            .run(t, expiredBefore).changes;
    },

    /**
     * Resume after a crash: puts back to `pending` the rows in flight whose lease expired by `atMs`
     * or whose owner `ownerGone` says no longer runs (a daemon killed on this host). Rows a live
     * process holds under a running lease are left to it. Returns how many were put back.
     */
    resumeAbandoned(atMs: number, ownerGone: (owner: string) => boolean): number {
      const owners = db
        .prepare(`SELECT DISTINCT lease_owner AS o FROM deliveries WHERE status = 'sending' AND lease_owner IS NOT NULL AND lease_owner != ?`)
        .all(owner) as { o: string }[];
      const gone = owners.map((r) => r.o).filter(ownerGone);
      return db
        .prepare(
          `UPDATE deliveries SET status = 'pending', lease_until = NULL, lease_owner = NULL, updated_at = ?
           WHERE status = 'sending' AND (lease_until < ? OR lease_owner IN (SELECT value FROM json_each(?)))`,
        )
        .run(now(), atMs, JSON.stringify(gone)).changes;
    },

    /**
     * A clean stop: this process's rows still in `sending` that were not sent (claimed but not
     * started, or stopped between the parts of a split agenda) go back to `pending`, their claim's
     * attempt not counted. Rows in `stillSending` (a send past its deadline) keep their lease.
     */
    handBack(stillSending: readonly number[] = []): number {
      return db
        .prepare(
          `UPDATE deliveries SET status = 'pending', lease_until = NULL, lease_owner = NULL, attempts = max(attempts - 1, 0), updated_at = ?
           WHERE status = 'sending' AND lease_owner = ? AND id NOT IN (SELECT value FROM json_each(?))`,
        )
        .run(now(), owner, JSON.stringify(stillSending)).changes;
    },

    /** Records the rendered payload before the first attempt (and the parts sent of a split one). */
    setPayload(id: number, payload: RenderedPayload): void {
      writePayload.run(JSON.stringify(payload), now(), id);
    },
  };
}
