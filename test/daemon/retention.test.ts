/** Outbox retention: old history goes, nothing that still matters does. */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { pruneOutbox } from '../../src/daemon/retention.ts';
import { openStore, type DeliveryStatus, type PlannedDelivery } from '../../src/store/index.ts';
import { tempDir } from '../helpers/tmp.ts';

const day = 86_400_000;
const now = Date.parse('2026-12-03T03:17:00Z');

describe('outbox retention', () => {
  it('prunes finished rows older than the retention, keeps the rest and the keys of events still to come', async () => {
    let clock = now - 60 * day;
    const store = openStore(join(tempDir(), 'h.db'), () => clock);
    const user = store.users.add({ name: 'alice', tz: 'UTC' });
    const target = store.targets.add({ userId: user.id, name: 'hook', kind: 'webhook', url: 'http://127.0.0.1:9/h' });
    const row = (key: string, dueAt: number, eventStartMs: number | null): PlannedDelivery => ({
      dedupeKey: key,
      route: 'target',
      userId: user.id,
      targetId: target.id,
      dueAt,
      eventStartMs,
      content: { kind: 'test', text: key },
    });
    const finish = (key: string, status: DeliveryStatus) => {
      const d = store.deliveries.byKey(key)!;
      if (status === 'sent') store.deliveries.markSent(d.id, { statusCode: 200, sentAt: clock, late: false });
      else if (status !== 'pending') store.deliveries.markFinal(d.id, status as 'failed', { error: 'x' });
    };
    // Rows 40 days old in every final status, one pending, and one whose event is months away (a
    // reminder with a long lead): its key must stay, or the planner would plan it (and send it) again.
    clock = now - 40 * day;
    const old = ['sent', 'missed', 'failed', 'dead', 'cancelled'] as const;
    store.deliveries.add([...old.map((s) => row(`old-${s}`, clock, clock + 600_000)), row('old-future-event', clock, now + 90 * day)]);
    for (const s of old) finish(`old-${s}`, s);
    finish('old-future-event', 'sent');
    // And rows 10 days old, inside the retention.
    clock = now - 10 * day;
    store.deliveries.add([row('recent-sent', clock, clock + 600_000)]);
    finish('recent-sent', 'sent');
    // Enough rows to span several batches.
    clock = now - 40 * day;
    store.deliveries.add(Array.from({ length: 4500 }, (_, i) => row(`bulk-${i}`, clock, clock + 600_000)));
    for (const d of store.deliveries.claimDue(clock, 5000, 1000)) store.deliveries.markSent(d.id, { statusCode: 200, sentAt: clock, late: false });
    store.deliveries.add([row('old-pending', clock, clock + 600_000)]);

    clock = now;
    const removed = await pruneOutbox(store, { retentionMs: 30 * day, nowMs: now });
    expect(removed).toBe(5 + 4500);
    expect(
      store.deliveries
        .list({ limit: 10_000 })
        .map((d) => d.dedupeKey)
        .sort(),
    ).toEqual(['old-future-event', 'old-pending', 'recent-sent']);
    expect(await pruneOutbox(store, { retentionMs: 30 * day, nowMs: now })).toBe(0);
    store.close();
  });

  it('stops between batches when the daemon stops', async () => {
    const store = openStore(join(tempDir(), 'h.db'), () => now - 40 * day);
    const user = store.users.add({ name: 'alice', tz: 'UTC' });
    store.deliveries.add(
      Array.from({ length: 5000 }, (_, i) => ({
        dedupeKey: `k${i}`,
        route: 'user-email' as const,
        userId: user.id,
        targetId: null,
        dueAt: now - 40 * day,
        content: { kind: 'test' as const, text: '' },
      })),
    );
    for (const d of store.deliveries.claimDue(now, 5000, 1000)) store.deliveries.markFinal(d.id, 'dead', { error: 'x' });
    const stop = new AbortController();
    stop.abort();
    expect(await pruneOutbox(store, { retentionMs: 30 * day, nowMs: now, signal: stop.signal })).toBe(0);
    store.close();
  });
});
