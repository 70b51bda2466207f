/** Reading the outbox (listings, tests) and pruning its history (retention). */
import type { Db } from '../db.ts';
import {
  deliveryStatuses,
  finishedStatuses,
  toDeliveries,
  toDelivery,
  type Delivery,
  type DeliveryAttempt,
  type DeliveryKind,
  type DeliveryStatus,
} from './types.ts';

const finishedList = finishedStatuses.map((s) => `'${s}'`).join(', ');

export function outboxHistory(db: Db) {
  const pendingRows = db.prepare(`SELECT count(*) AS n FROM deliveries WHERE status = 'pending'`);
  // A range of ids at a time: the primary key finds it without an index of its own, and a batch
  // holds SQLite's write lock only briefly.
  const pruneRange = db.prepare(
    `DELETE FROM deliveries WHERE id > @from AND id <= @to AND status IN (${finishedList})
       AND due_at < @before AND updated_at < @before AND (event_start_ms IS NULL OR event_start_ms < @now)`,
  );

  return {
    get(id: number): Delivery | undefined {
      const r = db.prepare('SELECT * FROM deliveries WHERE id = ?').get(id) as Record<string, unknown> | undefined;
      return r && toDelivery(r);
    },

    /** A delivery's attempts, first to last. */
    attempts(id: number): DeliveryAttempt[] {
      const rows = db.prepare('SELECT * FROM delivery_attempts WHERE delivery_id = ? ORDER BY id').all(id) as Record<string, unknown>[];
      return rows.map((r) => ({
        deliveryId: r.delivery_id as number,
        attempt: r.attempt as number,
        at: r.at as number,
        outcome: r.outcome as string,
        statusCode: r.status_code as number | null,
        detail: r.detail as string | null,
      }));
    },

    byKey(key: string): Delivery | undefined {
      const r = db.prepare('SELECT * FROM deliveries WHERE dedupe_key = ?').get(key) as Record<string, unknown> | undefined;
      return r && toDelivery(r);
    },

    list(filter: { status?: DeliveryStatus; kind?: DeliveryKind; userId?: number; limit?: number } = {}): Delivery[] {
      const where: string[] = [];
      const args: unknown[] = [];
      const condition = (sql: string, value: unknown) => {
        where.push(sql);
        args.push(value);
      };
      if (filter.status) condition('status = ?', filter.status);
      if (filter.kind) condition('kind = ?', filter.kind);
      if (filter.userId !== undefined) condition('user_id = ?', filter.userId);
      const sql = `SELECT * FROM deliveries ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY due_at, id LIMIT ?`;
      return toDeliveries(db.prepare(sql).all(...args, filter.limit ?? 1000));
    },

    /** Rows waiting for their time (counted on the due index, without reading the history). */
    pendingCount(): number {
      return (pendingRows.get() as { n: number }).n;
    },

    /** Every row by status: reads the whole outbox, history included (listings, not every pass). */
    countByStatus(): Record<DeliveryStatus, number> {
      const out = Object.fromEntries(deliveryStatuses.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
      for (const r of db.prepare('SELECT status, count(*) AS n FROM deliveries GROUP BY status').all() as { status: DeliveryStatus; n: number }[])
        out[r.status] = r.n;
      return out;
    },

    /** The highest row id (0 for an empty outbox): where a pruning walk ends. */
    lastId(): number {
      return (db.prepare('SELECT max(id) AS id FROM deliveries').get() as { id: number | null }).id ?? 0;
    },

    /**
     * Removes the finished rows (sent, late, missed, failed, dead, cancelled) with ids in
     * (fromId, toId] that were due and last changed before `beforeMs`. A row whose event has not
     * started by `nowMs` is kept whatever its age: its dedupe key still stops the planner from
     * planning that reminder again. Returns how many rows went.
     */
    pruneFinished(range: { fromId: number; toId: number }, beforeMs: number, nowMs: number): number {
      return pruneRange.run({ from: range.fromId, to: range.toId, before: beforeMs, now: nowMs }).changes;
    },
  };
}
