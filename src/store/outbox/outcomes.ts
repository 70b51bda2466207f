/** The delivery engine's side of the outbox after a send: recording what became of each row. */
import type { Db } from '../db.ts';
import type { DeliveryAttempt } from './types.ts';

export function outboxOutcomes(db: Db, now: () => number) {
  const sentRow = db.prepare(
    `UPDATE deliveries SET status = ?, last_error = NULL, status_code = ?, sent_at = ?, answer = ?, lease_until = NULL, lease_owner = NULL, updated_at = ? WHERE id = ?`,
  );
  const finalRow = db.prepare(
    `UPDATE deliveries SET status = @status, last_error = @error, status_code = @statusCode, sent_at = NULL, lease_until = NULL, lease_owner = NULL, updated_at = @t WHERE id = @id`,
  );
  const retryRow = db.prepare(
    `UPDATE deliveries SET status = 'pending', last_error = ?, status_code = ?, next_attempt_at = ?, lease_until = NULL, lease_owner = NULL, updated_at = ? WHERE id = ?`,
  );

  const postponeRow = db.prepare(
    `UPDATE deliveries SET status = 'pending', next_attempt_at = ?, attempts = max(attempts - 1, 0), lease_until = NULL, lease_owner = NULL, updated_at = ? WHERE id = ? AND status = 'sending'`,
  );

  const attemptRow = db.prepare(
    `INSERT INTO delivery_attempts (delivery_id, attempt, at, outcome, status_code, detail) VALUES (@id, @attempt, @at, @outcome, @statusCode, @detail)`,
  );

  return {
    /** One attempt's record (the delivery log): when, what became of it, the service's answer or error. */
    logAttempt(id: number, a: Omit<DeliveryAttempt, 'deliveryId'>): void {
      attemptRow.run({ id, attempt: a.attempt, at: a.at, outcome: a.outcome, statusCode: a.statusCode, detail: a.detail?.slice(0, 500) ?? null });
    },

    markSent(id: number, result: { statusCode: number | null; sentAt: number; late: boolean; answer?: string }): void {
      sentRow.run(result.late ? 'late' : 'sent', result.statusCode, result.sentAt, result.answer?.slice(0, 500) ?? null, now(), id);
    },

    /** A failed attempt that will be tried again at `nextAttemptAt`. */
    markRetry(id: number, result: { error: string; statusCode: number | null; nextAttemptAt: number }): void {
      retryRow.run(result.error, result.statusCode, result.nextAttemptAt, now(), id);
    },

    /**
     * A claimed row handed back unsent, to be claimed again at `atMs` (a target over its send-rate
     * cap): not an attempt, so its retry count is as before the claim.
     */
    postpone(id: number, atMs: number): void {
      postponeRow.run(atMs, now(), id);
    },

    /** A terminal outcome other than success: failed (refused), dead (retries exhausted), missed, cancelled. */
    markFinal(id: number, status: 'failed' | 'dead' | 'missed' | 'cancelled', result: { error: string | null; statusCode?: number | null }): void {
      finalRow.run({ id, status, error: result.error, statusCode: result.statusCode ?? null, t: now() });
    },

    /** Sends a failed, dead or missed delivery again: back to pending, due now, attempts reset. */
    retry(id: number): boolean {
      const t = now();
      const sql = `UPDATE deliveries SET status = 'pending', attempts = 0, next_attempt_at = ?, last_error = NULL, lease_until = NULL, lease_owner = NULL, updated_at = ?
                   WHERE id = ? AND status IN ('failed', 'dead', 'missed')`;
      return db.prepare(sql).run(t, t, id).changes > 0;
    },
  };
}
