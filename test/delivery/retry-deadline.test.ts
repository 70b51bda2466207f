/**
 * Issue 12 point 6: the retry schedule fits the message. First retries come within seconds,
 * Retry-After is followed (capped), a reminder not delivered by its event's start is missed with the
 * last error (unless its rule asks for late delivery), agendas keep trying until their day is over,
 * and every attempt is logged with its time.
 */
import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/core/clock.ts';
import type { SendResult } from '../../src/delivery/channel.ts';
import { decideOutcome } from '../../src/delivery/outcome.ts';
import { defaultRetryPolicy, nextAttemptDelay } from '../../src/delivery/retry.ts';
import { engineWorld, occurrence, t0 } from '../channels/engine-fixture.ts';
import { runCli } from '../helpers/cli.ts';
import { startSink, type Sink } from '../helpers/sink.ts';

const failed = (extra: Partial<Extract<SendResult, { ok: false }>> = {}): SendResult => ({
  ok: false,
  statusCode: 500,
  retry: true,
  error: 'webhook: HTTP 500 boom',
  ...extra,
});

describe('the retry schedule', () => {
  it('retries first within seconds: about 2 s, 5 s, 15 s, 30 s, 1 min', () => {
    const full = [1, 2, 3, 4, 5].map((n) => nextAttemptDelay(defaultRetryPolicy, n, undefined, () => 1));
    expect(full).toEqual([2000, 5000, 15_000, 30_000, 60_000]);
    const least = nextAttemptDelay(defaultRetryPolicy, 1, undefined, () => 0)!;
    expect(least).toBeGreaterThanOrEqual(1000);
    expect(least).toBeLessThan(2000);
  });

  it('follows Retry-After as the instruction (not a floor under a long backoff), up to its cap', () => {
    const now = 1_000_000;
    const row = { attempts: 6, late: false, deadlineMs: null };
    expect(decideOutcome(failed({ statusCode: 429, retryAfterMs: 2000 }), row, { policy: defaultRetryPolicy, random: () => 1, nowMs: now })).toMatchObject({
      status: 'retry',
      nextAttemptAt: now + 2000,
    });
    const days = decideOutcome(failed({ statusCode: 429, retryAfterMs: 3 * 86_400_000 }), row, { policy: defaultRetryPolicy, random: () => 1, nowMs: now });
    expect(days).toMatchObject({ status: 'retry', nextAttemptAt: now + defaultRetryPolicy.maxRetryAfterMs });
  });

  it('a backoff waits at most a quarter of the time left before the deadline (a Retry-After is followed as given)', () => {
    const row = { attempts: 5, late: false, deadlineMs: 1_000_000 + 80_000 };
    const at = { policy: defaultRetryPolicy, random: () => 1, nowMs: 1_000_000 };
    expect(decideOutcome(failed(), row, at)).toMatchObject({ status: 'retry', nextAttemptAt: 1_000_000 + 20_000 });
    expect(decideOutcome(failed({ retryAfterMs: 30_000 }), row, at)).toMatchObject({ status: 'retry', nextAttemptAt: 1_000_000 + 30_000 });
  });

  it('a failure whose next try would come after the deadline is missed, with the last error', () => {
    const at = { policy: defaultRetryPolicy, random: () => 1, nowMs: 1_000_000 };
    const out = decideOutcome(failed(), { attempts: 3, late: false, deadlineMs: 1_001_500 }, at);
    expect(out).toMatchObject({ status: 'missed' });
    expect(out.status === 'missed' && out.error).toMatch(/HTTP 500 boom.*3 attempts/);
    // A service asking for more time than is left: missed too.
    expect(decideOutcome(failed({ retryAfterMs: 60_000 }), { attempts: 1, late: false, deadlineMs: 1_030_000 }, at)).toMatchObject({ status: 'missed' });
  });
});

async function reminderWorld(respond: Sink['respond'], deliverLate = false) {
  const sink = await startSink();
  sink.respond = respond;
  const w = engineWorld(new ManualClock(t0), { retry: defaultRetryPolicy });
  const clock = w.clock as ManualClock;
  const target = w.store.targets.add({ userId: w.user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/h`, allowPrivate: true });
  const rule = w.store.rules.add({ userId: w.user.id, calendarId: null, targetIds: [target.id], leads: [120], deliverLate });
  const start = t0 + 120_000;
  w.store.deliveries.add([
    {
      dedupeKey: 'rem:soon',
      route: 'target',
      userId: w.user.id,
      targetId: target.id,
      sourceId: rule.id,
      dueAt: t0,
      eventStartMs: start,
      content: { kind: 'reminder', occurrence: occurrence(start), calendarName: 'Work', leadSeconds: 120 },
    },
  ]);
  return { sink, w, clock, start, id: w.store.deliveries.byKey('rem:soon')!.id };
}

/** Runs the engine on the hand-driven clock, wake-up by wake-up, until `untilMs` (bounded). */
async function runEngine(w: ReturnType<typeof engineWorld>, clock: ManualClock, untilMs: number) {
  w.engine.start();
  for (let i = 0; i < 2000 && clock.now() < untilMs; i++) {
    await w.engine.idle();
    // Let the loop go to sleep on the clock before asking when it wakes.
    await new Promise((r) => setTimeout(r, 2));
    await clock.advanceTo(Math.min(untilMs, clock.nextWake() ?? clock.now() + 1000));
  }
  await w.engine.idle();
  await w.engine.stop();
}

describe('a reminder due two minutes before its event, to a webhook that keeps failing', () => {
  it('is tried several times before the event starts, then recorded missed with the last error; each attempt is logged', async () => {
    const { sink, w, clock, start, id } = await reminderWorld((_req, res) => res.writeHead(500).end('boom'));
    await runEngine(w, clock, start + 10 * 60_000);
    const row = w.store.deliveries.get(id)!;
    expect(row.status).toBe('missed');
    expect(row.lastError).toMatch(/HTTP 500/);
    expect(sink.requests.length).toBeGreaterThanOrEqual(5);
    const attempts = w.store.deliveries.attempts(id);
    expect(attempts).toHaveLength(sink.requests.length);
    expect(attempts.every((a) => a.at < start && a.statusCode === 500)).toBe(true);
    expect(attempts.map((a) => a.attempt)).toEqual(attempts.map((_, i) => i + 1));
    const shown = await runCli(w.dbPath, ['deliveries', 'show', String(id)]);
    expect(shown.code, shown.err).toBe(0);
    expect(shown.out).toMatch(/missed/);
    expect(shown.out).toMatch(new RegExp(`${new Date(t0).toISOString().slice(0, 19)}.*500`));
  });

  it('with a 500 first and 429 + Retry-After: 2 next, arrives within seconds, long before the event', async () => {
    const { sink, w, clock, start, id } = await reminderWorld((_req, res) => {
      const n = sink.requests.length;
      if (n === 1) res.writeHead(500).end('boom');
      else if (n === 2) res.writeHead(429, { 'retry-after': '2' }).end('slow down');
      else res.writeHead(200).end('ok');
    });
    await runEngine(w, clock, start);
    const row = w.store.deliveries.get(id)!;
    expect(row.status).toBe('sent');
    expect(row.sentAt! - t0).toBeLessThanOrEqual(2000 + 2000);
  });

  it('is sent late when its rule asks for late delivery', async () => {
    let open = false;
    const { w, clock, start, id } = await reminderWorld((_req, res) => (open ? res.writeHead(200).end('ok') : res.writeHead(503).end('down')), true);
    await runEngine(w, clock, start + 30_000);
    open = true;
    await runEngine(w, clock, start + 20 * 60_000);
    expect(w.store.deliveries.get(id)!.status).toBe('late');
  });
});

describe('an agenda to a webhook that fails for a quarter of an hour', () => {
  it('keeps trying (its day is not over) and is sent', async () => {
    const sink = await startSink();
    const w = engineWorld(new ManualClock(t0), { retry: defaultRetryPolicy });
    const clock = w.clock as ManualClock;
    sink.respond = (_req, res) => (clock.now() < t0 + 15 * 60_000 ? res.writeHead(502).end('bad gateway') : res.writeHead(200).end('ok'));
    const target = w.store.targets.add({ userId: w.user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/h`, allowPrivate: true });
    const digest = w.store.digests.add({ userId: w.user.id, name: 'am', calendarIds: [], targetIds: [target.id], atTime: '10:00', enabled: true });
    w.store.deliveries.add([
      {
        dedupeKey: 'agenda:am',
        route: 'target',
        userId: w.user.id,
        targetId: target.id,
        sourceId: digest.id,
        dueAt: t0,
        content: { kind: 'agenda', digestId: digest.id, periodStart: '2026-11-24', periodEnd: '2026-11-25', weekly: false },
      },
    ]);
    await runEngine(w, clock, t0 + 3 * 3_600_000);
    expect(w.store.deliveries.byKey('agenda:am')!.status).toBe('sent');
  });
});
