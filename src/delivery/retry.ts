export interface RetryPolicy {
  /** Attempts before a delivery is dead. */
  maxAttempts: number;
  /** First wait, and the factor each later wait grows by. */
  baseMs: number;
  factor: number;
  maxMs: number;
}

/** 8 attempts: waits of about 1 m, 3 m, 9 m, 27 m, 1.4 h, 4 h, 12 h — spread over about a day. */
export const defaultRetryPolicy: RetryPolicy = { maxAttempts: 8, baseMs: 60_000, factor: 3, maxMs: 12 * 3_600_000 };

/**
 * When to try again after `attempts` failed attempts: exponential backoff with jitter (half to the
 * full wait, so a burst of failures does not retry in lockstep), never sooner than the service asked.
 * Returns null when the delivery has had its attempts.
 */
export function nextAttemptDelay(policy: RetryPolicy, attempts: number, retryAfterMs: number | undefined, random: () => number): number | null {
  if (attempts >= policy.maxAttempts) return null;
  const wait = Math.min(policy.maxMs, policy.baseMs * policy.factor ** (attempts - 1));
  const jittered = wait / 2 + random() * (wait / 2);
  return Math.max(jittered, retryAfterMs ?? 0);
}
