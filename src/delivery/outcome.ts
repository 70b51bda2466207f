/** What a send's result means for its outbox row: a pure function, so every case is easy to test. */
import type { SendResult } from './channel.ts';
import { nextAttemptDelay, type RetryPolicy } from './retry.ts';

export type Outcome =
  | { status: 'sent' | 'late'; statusCode: number | null; answer: string }
  | { status: 'failed' | 'dead' | 'missed'; statusCode: number | null; error: string }
  | { status: 'retry'; statusCode: number | null; error: string; nextAttemptAt: number };

const attemptsText = (n: number) => `${n} attempt${n === 1 ? '' : 's'}`;

/**
 * Success is sent (or late, when the payload was rendered late); a refusal no retry will fix is
 * failed; anything else is tried again (retry.ts) while the next try still comes before the
 * message's deadline (deadline.ts) — else it is missed, with the last error — and until the
 * policy's attempts are spent: then it is dead.
 */
export function decideOutcome(
  result: SendResult,
  row: { attempts: number; late: boolean; deadlineMs?: number | null; deadlineWhat?: string },
  retry: { policy: RetryPolicy; random: () => number; nowMs: number },
): Outcome {
  if (result.ok) return { status: row.late ? 'late' : 'sent', statusCode: result.statusCode, answer: result.info };
  if (!result.retry) return { status: 'failed', statusCode: result.statusCode, error: result.error };
  const deadline = row.deadlineMs ?? null;
  const delay = nextAttemptDelay(retry.policy, row.attempts, result.retryAfterMs, retry.random);
  if (delay === null) return { status: 'dead', statusCode: result.statusCode, error: `${result.error} (after ${attemptsText(row.attempts)})` };
  // Several tries should fit before the deadline: a backoff (not a service's Retry-After) waits at
  // most a quarter of the time left, and never less than the policy's first wait.
  const fitted =
    deadline !== null && result.retryAfterMs === undefined ? Math.min(delay, Math.max(retry.policy.waitsMs[0] ?? 0, (deadline - retry.nowMs) / 4)) : delay;
  const nextAttemptAt = retry.nowMs + fitted;
  if (deadline !== null && nextAttemptAt >= deadline) {
    const what = row.deadlineWhat ?? 'its deadline';
    return { status: 'missed', statusCode: result.statusCode, error: `${result.error} (not delivered before ${what}, after ${attemptsText(row.attempts)})` };
  }
  return { status: 'retry', statusCode: result.statusCode, error: result.error, nextAttemptAt };
}
