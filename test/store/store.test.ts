import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openStore, type PlannedDelivery, type Store } from '../../src/store/index.ts';
import { tempDir } from '../helpers/tmp.ts';

function setup(): { store: Store; clock: { t: number } } {
  const clock = { t: 1_000_000 };
  const store = openStore(join(tempDir(), 'h.db'), () => clock.t);
  return { store, clock };
}

function seed(store: Store) {
  const user = store.users.add({ name: 'alice', tz: 'Europe/Zurich', locale: 'fr', email: 'alice@example.com' });
  const cal = store.calendars.add({ userId: user.id, name: 'work', kind: 'file', location: '/tmp/work.ics' });
  const target = store.targets.add({ userId: user.id, name: 'mm', kind: 'mattermost', url: 'https://chat.example.com/hooks/secret123' });
  return { user, cal, target };
}

const planned = (key: string, dueAt: number, extra: Partial<PlannedDelivery> = {}): PlannedDelivery => ({
  dedupeKey: key,
  route: 'target',
  userId: null,
  targetId: null,
  dueAt,
  content: { kind: 'test', text: key },
  ...extra,
});

describe('store entities', () => {
  it('round-trips users, calendars, targets, rules and digests with their links', () => {
    const { store } = setup();
    const { user, cal, target } = seed(store);
    expect(store.users.byName('alice')).toMatchObject({ tz: 'Europe/Zurich', locale: 'fr', hour12: null, isExample: false });
    const rule = store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id, target.id], leads: [3600, 600] });
    expect(rule).toMatchObject({ leads: [600, 3600], targetIds: [target.id], allDayAt: '09:00', allDayDayBefore: true, enabled: true });
    const digest = store.digests.add({
      userId: user.id,
      name: 'morning',
      calendarIds: [cal.id],
      targetIds: [target.id],
      atTime: '07:00',
      days: ['mon', 'fri'],
    });
    expect(digest).toMatchObject({ enabled: false, days: ['mon', 'fri'], includeRecurring: true, calendarIds: [cal.id] });
    expect(digest.unsubscribeToken.length).toBeGreaterThanOrEqual(32);
    expect(store.digests.byUnsubscribeToken(digest.unsubscribeToken)?.id).toBe(digest.id);
    expect(store.targets.get(target.id)?.options).toEqual({});
  });

  it('refuses duplicate names with a message naming the duplicate', () => {
    const { store } = setup();
    seed(store);
    expect(() => store.users.add({ name: 'alice', tz: 'UTC' })).toThrow('a user named "alice" already exists');
  });

  it('removing a target cancels its planned deliveries (they must not become emails)', () => {
    const { store } = setup();
    const { user, target } = seed(store);
    store.deliveries.add([planned('r1', 10, { userId: user.id, targetId: target.id })]);
    store.targets.remove(target.id);
    expect(store.deliveries.byKey('r1')).toMatchObject({ status: 'cancelled', targetId: null, lastError: 'its target was removed' });
  });

  it('removing a user removes what belongs to them', () => {
    const { store } = setup();
    const { user } = seed(store);
    store.users.remove(user.id);
    expect(store.calendars.list()).toEqual([]);
    expect(store.targets.list()).toEqual([]);
  });

  it('lists for syncing the calendars whose time has come and those never synced', () => {
    const { store } = setup();
    const { user, cal } = seed(store);
    const later = store.calendars.add({ userId: user.id, name: 'later', kind: 'file', location: '/tmp/later.ics' });
    const due = store.calendars.add({ userId: user.id, name: 'due', kind: 'file', location: '/tmp/due.ics' });
    store.calendars.recordSync(later.id, { ok: true, changed: false, nextSyncAt: 5_000_000 });
    store.calendars.recordSync(due.id, { ok: false, error: 'timeout', nextSyncAt: 2_000_000 });
    expect(store.calendars.dueForSync(2_000_000).map((c) => c.name)).toEqual(['due', cal.name]);
    expect(store.calendars.dueForSync(1_999_999).map((c) => c.name)).toEqual([cal.name]);
  });

  it('keeps the last good copy of a calendar when a sync fails', () => {
    const { store } = setup();
    const { cal } = seed(store);
    store.calendars.recordSync(cal.id, {
      ok: true,
      changed: true,
      body: 'BEGIN:VCALENDAR',
      contentHash: 'h1',
      etag: '"e1"',
      lastModified: null,
      nextSyncAt: 5,
    });
    store.calendars.recordSync(cal.id, { ok: false, error: 'sources: timeout', nextSyncAt: 6 });
    expect(store.calendars.body(cal.id)).toBe('BEGIN:VCALENDAR');
    expect(store.calendars.get(cal.id)).toMatchObject({ lastError: 'sources: timeout', etag: '"e1"', contentHash: 'h1', nextSyncAt: 6 });
  });
});

describe('outbox', () => {
  it('never adds the same dedupe key twice, whatever its status', () => {
    const { store } = setup();
    expect(store.deliveries.add([planned('a', 10), planned('a', 20), planned('b', 30)])).toBe(2);
    const [a] = store.deliveries.claimDue(15, 10, 1000);
    store.deliveries.markSent(a!.id, { statusCode: 200, sentAt: 15, late: false });
    expect(store.deliveries.add([planned('a', 10)])).toBe(0);
    expect(store.deliveries.byKey('a')).toMatchObject({ status: 'sent', attempts: 1, statusCode: 200 });
  });

  it('claims due rows once, and releases leases after a crash', () => {
    const { store } = setup();
    store.deliveries.add([planned('a', 10), planned('b', 10), planned('c', 99)]);
    const first = store.deliveries.claimDue(50, 10, 1000);
    expect(first.map((d) => d.dedupeKey)).toEqual(['a', 'b']);
    expect(store.deliveries.claimDue(50, 10, 1000)).toEqual([]);
    expect(store.deliveries.nextDueAt()).toBe(99);
    expect(store.deliveries.releaseLeases(500)).toBe(0);
    expect(store.deliveries.releaseLeases(2000)).toBe(2);
    expect(store.deliveries.claimDue(50, 10, 1000).map((d) => [d.dedupeKey, d.attempts])).toEqual([
      ['a', 2],
      ['b', 2],
    ]);
  });

  it('replaces a planning scope: new keys added, vanished pending keys cancelled, sent ones untouched', () => {
    const { store } = setup();
    store.deliveries.replaceScope('s', [planned('old', 100), planned('kept', 200), planned('done', 50)], 0);
    const [done] = store.deliveries.claimDue(60, 1, 1000);
    store.deliveries.markSent(done!.id, { statusCode: 200, sentAt: 60, late: false });
    const r = store.deliveries.replaceScope('s', [planned('kept', 200), planned('new', 300)], 0);
    expect(r).toEqual({ added: 1, cancelled: 1 });
    expect(store.deliveries.byKey('old')?.status).toBe('cancelled');
    expect(store.deliveries.byKey('done')?.status).toBe('sent');
    expect(store.deliveries.byKey('new')?.scope).toBe('s');
  });

  it('retries and gives up as told, and retry() revives a dead row', () => {
    const { store, clock } = setup();
    store.deliveries.add([planned('x', 10)]);
    const [x] = store.deliveries.claimDue(10, 1, 1000);
    store.deliveries.markRetry(x!.id, { error: 'slack: 503', statusCode: 503, nextAttemptAt: 500 });
    expect(store.deliveries.claimDue(100, 1, 1000)).toEqual([]);
    store.deliveries.claimDue(500, 1, 1000);
    store.deliveries.markFinal(x!.id, 'dead', { error: 'slack: 503 after 2 attempts' });
    expect(store.deliveries.list({ status: 'dead' }).map((d) => d.dedupeKey)).toEqual(['x']);
    clock.t = 7777;
    expect(store.deliveries.retry(x!.id)).toBe(true);
    expect(store.deliveries.get(x!.id)).toMatchObject({ status: 'pending', attempts: 0, nextAttemptAt: 7777, lastError: null });
    expect(store.deliveries.countByStatus().pending).toBe(1);
  });
});
