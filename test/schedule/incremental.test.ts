/**
 * After its first pass, the planner looks only at the users whose inputs the planning change log
 * names (written by triggers on every write) and at those whose planning window moved on, so that
 * re-planning after one change costs that user, not every user.
 */
import { describe, expect, it } from 'vitest';
import { memoryLogger } from '../../src/core/log.ts';
import { Planner, planningWindow } from '../../src/schedule/planner.ts';
import type { Store } from '../../src/store/index.ts';
import { makeWorld, vevent } from '../helpers/world.ts';

const t = (s: string) => Date.parse(s);
const hour = 3_600_000;

async function threeUsers() {
  const w = makeWorld(t('2026-11-24T08:00:00Z'));
  const users = ['ann', 'bob', 'cat'].map((name) => {
    const user = w.store.users.add({ name, tz: 'Europe/Zurich', locale: 'en' });
    const target = w.store.targets.add({ userId: user.id, name: `${name}-chat`, kind: 'webhook', url: `http://127.0.0.1:9/${name}` });
    const path = w.writeIcs(name, [vevent([`UID:${name}@t`, 'DTSTART:20261124T150000Z', 'DURATION:PT1H', `SUMMARY:${name}'s meeting`])]);
    const cal = w.store.calendars.add({ userId: user.id, name: `${name}-work`, kind: 'file', location: path });
    const rule = w.store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [600] });
    return { user, target, cal, rule, path };
  });
  await w.syncAll();
  return { w, users };
}

const due = (w: ReturnType<typeof makeWorld>, name: string) =>
  w.store.deliveries
    .list({ status: 'pending' })
    .filter((d) => d.dedupeKey.includes(`${name}@t`))
    .map((d) => new Date(d.dueAt).toISOString());

describe('planning change log', () => {
  it('names the user of every planning input that changed, and no one for a sync that found the same text', async () => {
    const { w, users } = await threeUsers();
    const [ann, bob] = users;
    const log = w.store.planningChanges;
    const changed = (fn: () => void) => {
      const before = log.latest();
      fn();
      return log.since(before).userIds;
    };
    expect(changed(() => w.store.users.update(ann!.user.id, { tz: 'America/New_York' }))).toEqual([ann!.user.id]);
    expect(changed(() => w.store.targets.update(bob!.target.id, { template: '%subject%' }))).toEqual([bob!.user.id]);
    expect(changed(() => w.store.rules.remove(bob!.rule.id))).toEqual([bob!.user.id]);
    expect(
      changed(() => w.store.digests.add({ userId: ann!.user.id, name: 'am', calendarIds: [ann!.cal.id], targetIds: [ann!.target.id], atTime: '07:00' })),
    ).toEqual([ann!.user.id]);
    expect(
      changed(() =>
        w.store.calendars.recordSync(bob!.cal.id, {
          ok: true,
          changed: true,
          body: 'BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n',
          contentHash: 'new',
          etag: null,
          lastModified: null,
          nextSyncAt: 0,
        }),
      ),
    ).toEqual([bob!.user.id]);
    expect(changed(() => w.store.calendars.recordSync(bob!.cal.id, { ok: true, changed: false, nextSyncAt: 0 }))).toEqual([]);
    expect(changed(() => w.store.calendars.recordSync(bob!.cal.id, { ok: false, error: 'timeout', nextSyncAt: 0 }))).toEqual([]);
    expect(changed(() => w.store.users.remove(ann!.user.id))).toEqual([ann!.user.id]);
  });
});

describe('planning passes after the first', () => {
  it('look only at the user whose calendar changed, and move that reminder', async () => {
    const { w, users } = await threeUsers();
    expect(w.plan()).toMatchObject({ users: 3, changed: 3 });
    expect(w.plan()).toMatchObject({ users: 0, scopes: 0 });
    w.writeIcs('bob', [vevent(['UID:bob@t', 'DTSTART:20261124T160000Z', 'DURATION:PT1H', "SUMMARY:bob's meeting"])]);
    await w.syncAll();
    expect(w.plan()).toMatchObject({ users: 1, changed: 1, cancelled: 1 });
    expect(due(w, 'bob')).toEqual(['2026-11-24T15:50:00.000Z']);
    expect(due(w, 'ann')).toEqual(['2026-11-24T14:50:00.000Z']);
    void users;
  });

  it('look at the users whose planning window moved on, and plan what came into reach', async () => {
    const { w, users } = await threeUsers();
    w.plan();
    const later = w.clock.now() + 7 * hour;
    const moved = users.filter(
      ({ user }) => planningWindow(user.id, later, 6 * hour, 48 * hour).fromMs !== planningWindow(user.id, w.clock.now(), 6 * hour, 48 * hour).fromMs,
    );
    await w.clock.advanceTo(later);
    // Every window is 6 h long, so after 7 h each of them moved.
    expect(moved).toHaveLength(3);
    expect(w.plan()).toMatchObject({ users: 3 });
    expect(w.plan()).toMatchObject({ users: 0 });
  });

  it("cancel every plan of a removed user, and a removed rule's", async () => {
    const { w, users } = await threeUsers();
    w.plan();
    w.store.users.remove(users[0]!.user.id);
    w.store.rules.remove(users[1]!.rule.id);
    expect(w.plan()).toMatchObject({ users: 1, cancelled: 2 });
    expect(due(w, 'ann')).toEqual([]);
    expect(due(w, 'bob')).toEqual([]);
    expect(due(w, 'cat')).toEqual(['2026-11-24T14:50:00.000Z']);
  });

  it('try a scope that failed to plan again on the next pass', async () => {
    const { w, users } = await threeUsers();
    let failures = 1;
    // The store as the planner sees it, with one failing write.
    const flaky: Store = {
      ...w.store,
      deliveries: {
        ...w.store.deliveries,
        replaceScope: (...args: Parameters<Store['deliveries']['replaceScope']>) => {
          if (failures-- > 0) throw new Error('disk full');
          return w.store.deliveries.replaceScope(...args);
        },
      },
    };
    const planner = new Planner(flaky, new (await import('../../src/calendar/cache.ts')).CalendarCache(), memoryLogger('error'));
    expect(planner.planAll(w.clock.now())).toMatchObject({ users: 3, changed: 2 });
    expect(planner.planAll(w.clock.now())).toMatchObject({ users: 1, changed: 1 });
    expect(users.map(({ user }) => due(w, user.name))).toEqual([['2026-11-24T14:50:00.000Z'], ['2026-11-24T14:50:00.000Z'], ['2026-11-24T14:50:00.000Z']]);
  });

  it("the daemon's planner drops the log entries it planned; another planner leaves them", async () => {
    const { w, users } = await threeUsers();
    const daemon = new Planner(w.store, new (await import('../../src/calendar/cache.ts')).CalendarCache(), memoryLogger('error'), { forgetChanges: true });
    daemon.planAll(w.clock.now());
    expect(w.store.planningChanges.since(0).userIds).toEqual([]);
    w.store.users.update(users[2]!.user.id, { locale: 'fr' });
    w.plan();
    w.plan();
    expect(w.store.planningChanges.since(0).userIds).toEqual([users[2]!.user.id]);
    expect(daemon.planAll(w.clock.now())).toMatchObject({ users: 1 });
    expect(w.store.planningChanges.since(0).userIds).toEqual([]);
  });
});
