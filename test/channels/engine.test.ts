import { describe, expect, it } from 'vitest';
import { ManualClock, ScaledClock } from '../../src/core/clock.ts';
import { openStore } from '../../src/store/index.ts';
import { runCli } from '../helpers/cli.ts';
import { deadProcessId } from '../helpers/processes.ts';
import { startSink } from '../helpers/sink.ts';
import { engineWorld, occurrence, t0 } from './engine-fixture.ts';

async function settleEngine(w: ReturnType<typeof engineWorld>) {
  await w.engine.idle();
}

describe('delivery engine', () => {
  it('delivers every due row once, writes the payload before sending, records the status code', async () => {
    const sink = await startSink();
    const w = engineWorld();
    const target = w.store.targets.add({ userId: w.user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/h`, allowPrivate: true });
    const ids = Array.from({ length: 20 }, (_, i) => w.addTest(target.id, `message ${i}`));
    const payloadSeen: boolean[] = [];
    sink.respond = (req, res) => {
      const id = (JSON.parse(req.body) as { id: string }).id;
      payloadSeen.push(w.store.deliveries.byKey(id)!.payload !== null);
      res.writeHead(200).end('ok');
    };
    w.engine.start();
    await settleEngine(w);
    await w.engine.stop();
    expect(sink.requests).toHaveLength(20);
    expect(new Set(sink.requests.map((r) => r.headers['idempotency-key'])).size).toBe(20);
    expect(payloadSeen.every(Boolean)).toBe(true);
    for (const id of ids) expect(w.store.deliveries.get(id)).toMatchObject({ status: 'sent', statusCode: 200, attempts: 1, sentAt: t0 });
  });

  it('retries a 500 with backoff, then succeeds', async () => {
    const sink = await startSink();
    const w = engineWorld();
    const target = w.store.targets.add({ userId: w.user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/h`, allowPrivate: true });
    const id = w.addTest(target.id);
    let calls = 0;
    sink.respond = (_req, res) => res.writeHead(++calls === 1 ? 500 : 200).end(calls === 1 ? 'boom' : 'ok');
    w.engine.start();
    await settleEngine(w);
    expect(w.store.deliveries.get(id)).toMatchObject({ status: 'pending', attempts: 1, nextAttemptAt: t0 + 10_000, lastError: 'webhook: HTTP 500 boom' });
    await (w.clock as ManualClock).advanceTo(t0 + 10_000);
    await settleEngine(w);
    await w.engine.stop();
    expect(w.store.deliveries.get(id)).toMatchObject({ status: 'sent', attempts: 2 });
  });

  it('honours Retry-After on 429', async () => {
    const sink = await startSink();
    const w = engineWorld();
    const target = w.store.targets.add({ userId: w.user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/h`, allowPrivate: true });
    const id = w.addTest(target.id);
    sink.respond = (_req, res) => res.writeHead(429, { 'retry-after': '120' }).end('slow down');
    w.engine.start();
    await settleEngine(w);
    await w.engine.stop();
    expect(w.store.deliveries.get(id)).toMatchObject({ status: 'pending', nextAttemptAt: t0 + 120_000, statusCode: 429 });
  });

  it.each([
    ['a server that never answers', 'hang', /no answer within 300 ms/],
    ['a dropped connection', 'drop', /ECONNRESET|socket hang up/],
  ])('retries after %s', async (_name, fault, message) => {
    const sink = await startSink();
    const w = engineWorld();
    const target = w.store.targets.add({ userId: w.user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/h`, allowPrivate: true });
    const id = w.addTest(target.id);
    sink.respond = (_req, res) => {
      if (fault === 'drop') res.socket?.destroy();
      // 'hang': never answer
    };
    w.engine.start();
    await settleEngine(w);
    await w.engine.stop();
    const d = w.store.deliveries.get(id)!;
    expect(d.status).toBe('pending');
    expect(d.attempts).toBe(1);
    expect(d.lastError).toMatch(message);
  });

  it("fails a 4xx at once with the service's message", async () => {
    const sink = await startSink();
    const w = engineWorld();
    const target = w.store.targets.add({ userId: w.user.id, name: 'mm', kind: 'mattermost', url: `${sink.url}/hooks/x`, allowPrivate: true });
    const id = w.addTest(target.id);
    sink.respond = (_req, res) =>
      res
        .writeHead(400, { 'content-type': 'application/json' })
        .end('{"id":"web.incoming_webhook.text.app_error","message":"No text specified","status_code":400}');
    w.engine.start();
    await settleEngine(w);
    await w.engine.stop();
    expect(w.store.deliveries.get(id)).toMatchObject({ status: 'failed', attempts: 1, statusCode: 400, lastError: 'mattermost: HTTP 400 No text specified' });
  });

  it('gives up after the last attempt (dead), lists it, and sends it again on request', async () => {
    const sink = await startSink();
    const w = engineWorld();
    const target = w.store.targets.add({ userId: w.user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/h`, allowPrivate: true });
    const id = w.addTest(target.id);
    sink.respond = (_req, res) => res.writeHead(503).end('down');
    w.engine.start();
    for (let i = 0; i < 3; i++) {
      await settleEngine(w);
      await (w.clock as ManualClock).advanceBy(60_000);
    }
    await settleEngine(w);
    await w.engine.stop();
    expect(w.store.deliveries.get(id)).toMatchObject({ status: 'dead', attempts: 3 });
    expect(sink.requests).toHaveLength(3);
    const table = await runCli('/nonexistent/not-this.db', ['deliveries', '--status', 'dead', '--db', w.dbPath]);
    expect(table.code).toBe(0);
    expect(table.out).toMatch(new RegExp(`\\b${id}\\b.*dead`));
    const listed = await runCli(w.dbPath, ['deliveries', '--status', 'dead', '--json']);
    expect(JSON.parse(listed.out.trim())).toMatchObject({ id, status: 'dead', attempts: 3, error: 'webhook: HTTP 503 down (after 3 attempts)' });
    expect((await runCli(w.dbPath, ['deliveries', 'retry', String(id)])).code).toBe(0);
    expect(w.store.deliveries.get(id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect((await runCli(w.dbPath, ['deliveries', 'retry', String(id)])).err).toMatch(/is pending; only failed, dead or missed ones can be retried/);
  });

  it('records as missed, without sending, a reminder whose event already started', async () => {
    const w = engineWorld();
    const target = w.store.targets.add({ userId: w.user.id, name: 'term', kind: 'console', url: 'console:' });
    w.store.deliveries.add([
      {
        dedupeKey: 'rem:old',
        route: 'target',
        userId: w.user.id,
        targetId: target.id,
        dueAt: t0 - 3_600_000,
        eventStartMs: t0 - 1_800_000,
        content: { kind: 'reminder', occurrence: occurrence(t0 - 1_800_000), calendarName: 'Work', leadSeconds: 1800 },
      },
    ]);
    w.engine.start();
    await settleEngine(w);
    await w.engine.stop();
    expect(w.store.deliveries.byKey('rem:old')).toMatchObject({ status: 'missed', attempts: 1 });
    expect(w.printed).toEqual([]);
  });

  it('keeps Slack to one message per second per webhook', async () => {
    const sink = await startSink();
    const clock = new ScaledClock(t0, 1);
    const w = engineWorld(clock);
    const target = w.store.targets.add({ userId: w.user.id, name: 'slack', kind: 'slack', url: `${sink.url}/services/T/B/X`, allowPrivate: true });
    for (let i = 0; i < 3; i++) w.addTest(target.id, `m${i}`, clock.now());
    w.engine.start();
    await settleEngine(w);
    await w.engine.stop();
    expect(sink.requests).toHaveLength(3);
    const gaps = sink.requests.slice(1).map((r, i) => r.at - sink.requests[i]!.at);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(950);
  });

  it('resumes rows left in flight by a crash', async () => {
    const sink = await startSink();
    const w = engineWorld();
    const target = w.store.targets.add({ userId: w.user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/h`, allowPrivate: true });
    const id = w.addTest(target.id);
    // A previous process took it and died (its lease has ten minutes to run).
    const crashed = openStore(w.dbPath, () => w.clock.now(), { owner: deadProcessId() });
    crashed.deliveries.claimDue(t0, 10, 600_000);
    crashed.close();
    w.engine.start();
    await settleEngine(w);
    await w.engine.stop();
    expect(w.store.deliveries.get(id)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(w.logger.lines.join('\n')).toContain('resuming deliveries left in flight');
  });

  it('renders and sends a reminder row, and marks a late one late', async () => {
    const sink = await startSink();
    const w = engineWorld();
    const target = w.store.targets.add({ userId: w.user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/h`, allowPrivate: true });
    const start = t0 + 10 * 60_000;
    w.store.deliveries.add([
      {
        dedupeKey: 'rem:on-time',
        route: 'target',
        userId: w.user.id,
        targetId: target.id,
        dueAt: t0,
        eventStartMs: start,
        content: { kind: 'reminder', occurrence: occurrence(start), calendarName: 'Work', leadSeconds: 600 },
      },
      // Due five minutes ago (herald was down), but the event has not started: still worth sending.
      {
        dedupeKey: 'rem:late',
        route: 'target',
        userId: w.user.id,
        targetId: target.id,
        dueAt: t0 - 5 * 60_000,
        eventStartMs: start,
        content: { kind: 'reminder', occurrence: occurrence(start, 'Late review'), calendarName: 'Work', leadSeconds: 900 },
      },
    ]);
    w.engine.start();
    await settleEngine(w);
    await w.engine.stop();
    expect(sink.requests).toHaveLength(2);
    const bodies = sink.requests.map(
      (r) => JSON.parse(r.body) as { kind: string; text: string; id: string; event: { uid: string; start: string; meetingUrl: string } },
    );
    const onTime = bodies.find((b) => b.id === 'rem:on-time')!;
    expect(onTime).toMatchObject({
      kind: 'reminder',
      event: { uid: 'review@example.com', start: occurrence(start).start, meetingUrl: 'https://meet.example.com/review' },
    });
    expect(onTime.text).toContain('Design review');
    expect(bodies.find((b) => b.id === 'rem:late')!.text).toContain('Late review');
    expect(w.store.deliveries.byKey('rem:on-time')).toMatchObject({ status: 'sent', statusCode: 200 });
    expect(w.store.deliveries.byKey('rem:late')).toMatchObject({ status: 'late', statusCode: 200 });
  });

  it('records a reminder as missed, sending nothing, when its event has started and its due time is long past', async () => {
    const sink = await startSink();
    const w = engineWorld();
    const target = w.store.targets.add({ userId: w.user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/h`, allowPrivate: true });
    const start = t0 - 30 * 60_000;
    w.store.deliveries.add([
      {
        dedupeKey: 'rem:missed',
        route: 'target',
        userId: w.user.id,
        targetId: target.id,
        dueAt: t0 - 3_600_000,
        eventStartMs: start,
        content: { kind: 'reminder', occurrence: occurrence(start), calendarName: 'Work', leadSeconds: 1800 },
      },
    ]);
    w.engine.start();
    await settleEngine(w);
    await w.engine.stop();
    expect(w.store.deliveries.byKey('rem:missed')).toMatchObject({ status: 'missed', payload: null, sentAt: null });
    expect(sink.requests).toHaveLength(0);
  });

  it('waits at least Retry-After: 2 before the next attempt, even when its backoff is shorter', async () => {
    const sink = await startSink();
    const w = engineWorld(new ManualClock(t0), { retry: { waitsMs: [100, 200, 400, 800, 1000], maxAttempts: 5, jitter: 0.5, maxRetryAfterMs: 3_600_000 } });
    const clock = w.clock as ManualClock;
    const target = w.store.targets.add({ userId: w.user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/h`, allowPrivate: true });
    const id = w.addTest(target.id);
    sink.respond = (_req, res) => (sink.requests.length === 1 ? res.writeHead(429, { 'retry-after': '2' }).end('slow down') : res.writeHead(200).end('ok'));
    w.engine.start();
    await settleEngine(w);
    expect(w.store.deliveries.get(id)).toMatchObject({ status: 'pending', attempts: 1, statusCode: 429, nextAttemptAt: t0 + 2000 });
    await clock.advanceTo(t0 + 1999);
    await settleEngine(w);
    expect(sink.requests).toHaveLength(1);
    await clock.advanceTo(t0 + 2000);
    await settleEngine(w);
    await w.engine.stop();
    expect(sink.requests).toHaveLength(2);
    expect(w.store.deliveries.get(id)).toMatchObject({ status: 'sent', attempts: 2, sentAt: t0 + 2000 });
  });

  it('fails at once, without sending, a target on a private address that does not allow it', async () => {
    const sink = await startSink();
    const w = engineWorld();
    const target = w.store.targets.add({ userId: w.user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/h`, allowPrivate: false });
    const id = w.addTest(target.id);
    w.engine.start();
    await settleEngine(w);
    await w.engine.stop();
    expect(sink.requests).toHaveLength(0);
    expect(w.store.deliveries.get(id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect(w.store.deliveries.get(id)!.lastError).toMatch(/private or loopback address/);
  });

  it('never sends more at once than its concurrency, though it claims rows in larger batches', async () => {
    const sink = await startSink();
    const w = engineWorld(new ManualClock(t0), { concurrency: 3 });
    const target = w.store.targets.add({ userId: w.user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/h`, allowPrivate: true });
    for (let i = 0; i < 30; i++) w.addTest(target.id, `m${i}`);
    let open = 0;
    let most = 0;
    sink.respond = (_req, res) => {
      most = Math.max(most, ++open);
      setTimeout(() => {
        open--;
        res.writeHead(200).end('ok');
      }, 10);
    };
    w.engine.start();
    await settleEngine(w);
    await w.engine.stop();
    expect(sink.requests).toHaveLength(30);
    expect(most).toBe(3);
    expect(w.store.deliveries.countByStatus()).toMatchObject({ sent: 30 });
  });

  it('sends nothing to a removed target', async () => {
    const sink = await startSink();
    const w = engineWorld();
    const target = w.store.targets.add({ userId: w.user.id, name: 'hook', kind: 'webhook', url: `${sink.url}/h`, allowPrivate: true });
    const id = w.addTest(target.id);
    w.store.transaction(() => w.store.targets.remove(target.id));
    w.engine.start();
    await settleEngine(w);
    await w.engine.stop();
    expect(sink.requests).toHaveLength(0);
    // Removing the target cancels its planned rows; they never turn into mail to the user.
    expect(w.store.deliveries.get(id)).toMatchObject({ status: 'cancelled', targetId: null, lastError: 'its target was removed' });
  });
});
