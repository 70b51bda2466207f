/**
 * When to try a failed send again. A message is worth something only until its moment passes (a
 * reminder until its event starts, an agenda until its day is over: deadline.ts), so the first
 * retries come within seconds, and the waits grow from there.
 */
export interface RetryPolicy {
  /** The wait after the 1st, 2nd, … failed attempt; the last one repeats. */
  waitsMs: readonly number[];
  /** Attempts before a message is dead, if its deadline did not come first. */
  maxAttempts: number;
  /** Each wait is drawn from [wait × (1 − jitter), wait], so a burst of failures does not retry in lockstep. */
  jitter: number;
  /** The longest Retry-After followed; a service asking for more is retried after this. */
  maxRetryAfterMs: number;
}

const s = 1000;
const min = 60 * s;

/**
 * 2 s, 5 s, 15 s, 30 s, 1 min, 2 min, 5 min, 10 min, 30 min, then hourly: 20 attempts over about
 * 12 hours, unless the message's deadline comes first.
 */
export const defaultRetryPolicy: RetryPolicy = {
  waitsMs: [2 * s, 5 * s, 15 * s, 30 * s, min, 2 * min, 5 * min, 10 * min, 30 * min, 60 * min],
  maxAttempts: 20,
  jitter: 0.25,
  maxRetryAfterMs: 60 * min,
};

/** One try only (`herald target test`: the answer is shown at once). */
export const sendOnce: RetryPolicy = { waitsMs: [s], maxAttempts: 1, jitter: 0, maxRetryAfterMs: s };

/**
 * The wait after `attempts` failed attempts. A service's Retry-After (seconds or HTTP date, or
 * Discord's retry_after) is its instruction and is followed as given, up to the policy's cap; else
 * the policy's wait for that attempt, jittered. Null when the message has had its attempts.
 */
export function nextAttemptDelay(policy: RetryPolicy, attempts: number, retryAfterMs: number | undefined, random: () => number): number | null {
  if (attempts >= policy.maxAttempts) return null;
  if (retryAfterMs !== undefined) return Math.min(retryAfterMs, policy.maxRetryAfterMs);
  const wait = policy.waitsMs[Math.min(attempts, policy.waitsMs.length) - 1] ?? policy.waitsMs[0] ?? s;
  return wait * (1 - policy.jitter + policy.jitter * random());
}
