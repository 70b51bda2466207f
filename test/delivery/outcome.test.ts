import { describe, expect, it } from 'vitest';
import type { SendResult } from '../../src/delivery/channel.ts';
import { decideOutcome } from '../../src/delivery/outcome.ts';
import type { RetryPolicy } from '../../src/delivery/retry.ts';

const policy: RetryPolicy = { waitsMs: [10_000, 30_000, 60_000], maxAttempts: 3, jitter: 0.5, maxRetryAfterMs: 3_600_000 };
const at = { policy, random: () => 1, nowMs: 1_000_000 };

describe('what a send means for its row', () => {
  it.each<[string, SendResult, { attempts: number; late: boolean }, object]>([
    ['success', { ok: true, statusCode: 200, info: '200 ok' }, { attempts: 1, late: false }, { status: 'sent', statusCode: 200, answer: '200 ok' }],
    ['success of a payload rendered late', { ok: true, statusCode: 202, info: '' }, { attempts: 1, late: true }, { status: 'late' }],
    [
      'a refusal',
      { ok: false, statusCode: 400, retry: false, error: 'slack: HTTP 400 no_text' },
      { attempts: 1, late: false },
      { status: 'failed', error: 'slack: HTTP 400 no_text' },
    ],
    [
      'a first failure: backoff base',
      { ok: false, statusCode: 500, retry: true, error: 'x' },
      { attempts: 1, late: false },
      { status: 'retry', nextAttemptAt: 1_010_000 },
    ],
    [
      'a second failure: base × factor',
      { ok: false, statusCode: 500, retry: true, error: 'x' },
      { attempts: 2, late: false },
      { status: 'retry', nextAttemptAt: 1_030_000 },
    ],
    [
      'Retry-After followed as given',
      { ok: false, statusCode: 429, retry: true, retryAfterMs: 45_000, error: 'x' },
      { attempts: 1, late: false },
      { status: 'retry', nextAttemptAt: 1_045_000 },
    ],
    [
      'the last attempt',
      { ok: false, statusCode: 503, retry: true, error: 'webhook: HTTP 503' },
      { attempts: 3, late: false },
      { status: 'dead', error: 'webhook: HTTP 503 (after 3 attempts)' },
    ],
  ])('%s', (_what, result, row, expected) => {
    expect(decideOutcome(result, row, at)).toMatchObject(expected);
  });

  it('jitters the wait between half and all of it', () => {
    const failed: SendResult = { ok: false, statusCode: null, retry: true, error: 'timeout' };
    expect(decideOutcome(failed, { attempts: 1, late: false }, { ...at, random: () => 0 })).toMatchObject({ nextAttemptAt: 1_005_000 });
  });
});
