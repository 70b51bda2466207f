/** What a send's result means for its outbox row: a pure function, so every case is easy to test. */
import type { SendResult } from './channel.ts';
import { nextAttemptDelay, type RetryPolicy } from './retry.ts';

export type Outcome =
  | { status: 'sent' | 'late'; statusCode: number | null; answer: string }
  | { status: 'failed' | 'dead'; statusCode: number | null; error: string }
  | { status: 'retry'; statusCode: number | null; error: string; nextAttemptAt: number };

/**
 * Success is sent (or late, when the payload was rendered late); a refusal no retry will fix is
 * failed; anything else is tried again after a backoff (never sooner than the service asked) until
 * the policy's attempts are spent, then it is dead.
 */
export function decideOutcome(
  result: SendResult,
  row: { attempts: number; late: boolean },
  retry: { policy: RetryPolicy; random: () => number; nowMs: number },
): Outcome {
  if (result.ok) return { status: row.late ? 'late' : 'sent', statusCode: result.statusCode, answer: result.info };
  if (!result.retry) return { status: 'failed', statusCode: result.statusCode, error: result.error };
  const delay = nextAttemptDelay(retry.policy, row.attempts, result.retryAfterMs, retry.random);
  if (delay === null)
    return { status: 'dead', statusCode: result.statusCode, error: `${result.error} (after ${row.attempts} attempt${row.attempts === 1 ? '' : 's'})` };
  return { status: 'retry', statusCode: result.statusCode, error: result.error, nextAttemptAt: retry.nowMs + delay };
}
