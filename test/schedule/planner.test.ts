import { describe, expect, it } from 'vitest';
import { planAll, planningWindow } from '../../src/schedule/planner.ts';
import { agendaContent } from '../helpers/outbox.ts';
import { makeWorld, vevent } from '../helpers/world.ts';

const t = (s: string) => Date.parse(s);

function setup(now = '2026-11-24T08:00:00Z') {
  const w = makeWorld(t(now));
  const user = w.store.users.add({ name: 'alice', tz: 'Europe/Zurich', locale: 'en', email: 'alice@example.com' });
  const target = w.store.targets.add({ userId: user.id, name: 'chat', kind: 'webhook', url: 'http://127.0.0.1:9/x' });
  return { w, user, target };
}

function pending(w: ReturnType<typeof makeWorld>) {
  return w.store.deliveries.list({ status: 'pending' }).map((d) => ({ key: d.dedupeKey, due: new Date(d.dueAt).toISOString() }));
}

describe('planning reminders', () => {
  it('plans each lead before each event, and all-day events at 09:00 local the day before', async () => {
    const { w, user, target } = setup();
    const path = w.writeIcs('work', [
      vevent(['UID:meet@t', 'DTSTART;TZID=Europe/Zurich:20261124T140000', 'DURATION:PT1H', 'SUMMARY:Meeting']),
      vevent(['UID:holiday@t', 'DTSTART;VALUE=DATE:20261125', 'SUMMARY:Holiday']),
    ]);
    const cal = w.store.calendars.add({ userId: user.id, name: 'work', kind: 'file', location: path });
    w.store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [600, 3600] });
    await w.syncAll();
    w.plan();
    expect(
      pending(w)
        .map((p) => p.due)
        .sort(),
    ).toEqual(['2026-11-24T08:00:00.000Z', '2026-11-24T12:00:00.000Z', '2026-11-24T12:50:00.000Z']);
  });

  it('can remind all-day events on their own morning instead', async () => {
    const { w, user, target } = setup();
    const path = w.writeIcs('work', [vevent(['UID:holiday@t', 'DTSTART;VALUE=DATE:20261126', 'SUMMARY:Holiday'])]);
    const cal = w.store.calendars.add({ userId: user.id, name: 'work', kind: 'file', location: path });
    w.store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [600], allDayAt: '07:30', allDayDayBefore: false });
    await w.syncAll();
    w.plan();
    expect(pending(w).map((p) => p.due)).toEqual(['2026-11-26T06:30:00.000Z']);
  });

  it('reminds on its own morning an all-day event added after that day began', async () => {
    const { w, user, target } = setup('2026-11-26T05:00:00Z'); // 06:00 in Zurich
    const path = w.writeIcs('work', [
      vevent(['UID:today@t', 'DTSTART;VALUE=DATE:20261126', 'SUMMARY:Today']),
      vevent(['UID:yesterday@t', 'DTSTART;VALUE=DATE:20261125', 'SUMMARY:Gone']),
    ]);
    const cal = w.store.calendars.add({ userId: user.id, name: 'work', kind: 'file', location: path });
    w.store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [600], allDayAt: '07:30', allDayDayBefore: false });
    await w.syncAll();
    w.plan();
    expect(pending(w)).toEqual([{ key: `rem:${user.id}:${target.id}:today@t:2026-11-26:allday`, due: '2026-11-26T06:30:00.000Z' }]);
  });

  it('plans each user over a window that always covers the next 48 h, staggered between users', () => {
    const period = 6 * 3_600_000;
    const horizon = 48 * 3_600_000;
    const starts = new Set<number>();
    for (let userId = 1; userId <= 200; userId++) {
      for (let now = Date.parse('2026-03-29T00:00:00Z'); now < Date.parse('2026-03-30T00:00:00Z'); now += 7 * 60_000 + userId) {
        const win = planningWindow(userId, now, period, horizon);
        expect(win.fromMs).toBeLessThanOrEqual(now);
        expect(win.fromMs).toBeGreaterThan(now - period);
        expect(win.toMs).toBeGreaterThanOrEqual(now + horizon);
      }
      starts.add(planningWindow(userId, 0, period, horizon).fromMs);
    }
    // Users do not all re-plan at the same instant.
    expect(starts.size).toBeGreaterThan(150);
  });

  it('moves a pending reminder when its event moves, cancels it when the event is cancelled or deleted', async () => {
    const { w, user, target } = setup();
    const write = (events: string[]) => w.writeIcs('work', events);
    const path = write([
      vevent(['UID:a@t', 'DTSTART:20261124T150000Z', 'SUMMARY:A']),
      vevent(['UID:b@t', 'DTSTART:20261124T160000Z', 'SUMMARY:B']),
      vevent(['UID:c@t', 'DTSTART:20261124T170000Z', 'SUMMARY:C']),
    ]);
    const cal = w.store.calendars.add({ userId: user.id, name: 'work', kind: 'file', location: path });
    w.store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [600] });
    await w.syncAll();
    w.plan();
    expect(pending(w)).toHaveLength(3);
    await w.clock.advanceBy(60_000);
    // A moved to 15:30, B cancelled, C deleted.
    write([vevent(['UID:a@t', 'DTSTART:20261124T153000Z', 'SUMMARY:A']), vevent(['UID:b@t', 'DTSTART:20261124T160000Z', 'STATUS:CANCELLED', 'SUMMARY:B'])]);
    await w.syncAll();
    w.plan();
    expect(pending(w)).toEqual([{ key: `rem:${user.id}:${target.id}:a@t:2026-11-24T15:30:00Z:600`, due: '2026-11-24T15:20:00.000Z' }]);
    expect(w.store.deliveries.list({ status: 'cancelled' })).toHaveLength(3);
  });

  it('reminds at once an event created inside its lead time, and never one that has started', async () => {
    const { w, user, target } = setup('2026-11-24T14:55:00Z');
    const path = w.writeIcs('work', [
      vevent(['UID:soon@t', 'DTSTART:20261124T150000Z', 'SUMMARY:Soon']),
      vevent(['UID:begun@t', 'DTSTART:20261124T145000Z', 'DURATION:PT1H', 'SUMMARY:Begun']),
    ]);
    const cal = w.store.calendars.add({ userId: user.id, name: 'work', kind: 'file', location: path });
    w.store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [3600] });
    await w.syncAll();
    w.plan();
    expect(pending(w)).toEqual([{ key: `rem:${user.id}:${target.id}:soon@t:2026-11-24T15:00:00Z:3600`, due: '2026-11-24T14:55:00.000Z' }]);
  });

  it("reminds an event present in two of the user's calendars once per target", async () => {
    const { w, user, target } = setup();
    const ev = vevent(['UID:shared@t', 'DTSTART:20261124T150000Z', 'SUMMARY:Shared']);
    for (const name of ['mine', 'team']) {
      const cal = w.store.calendars.add({ userId: user.id, name, kind: 'file', location: w.writeIcs(name, [ev]) });
      w.store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [600] });
    }
    await w.syncAll();
    w.plan();
    expect(pending(w)).toHaveLength(1);
  });

  it('does no work re-planning unchanged calendars, and cancels the plan of a removed rule', async () => {
    const { w, user, target } = setup();
    const cal = w.store.calendars.add({
      userId: user.id,
      name: 'work',
      kind: 'file',
      location: w.writeIcs('work', [vevent(['UID:a@t', 'DTSTART:20261124T150000Z', 'SUMMARY:A'])]),
    });
    const rule = w.store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [600] });
    await w.syncAll();
    expect(w.plan()).toMatchObject({ scopes: 1, changed: 1 });
    await w.syncAll();
    // Nothing in the planning change log, no window moved on: no user is even looked at.
    expect(w.plan()).toMatchObject({ users: 0, scopes: 0, changed: 0 });
    w.store.rules.remove(rule.id);
    expect(w.plan()).toMatchObject({ cancelled: 1 });
    expect(pending(w)).toEqual([]);
  });

  it('a fresh planner (after a restart) cancels the plan of a rule removed while it was not running', async () => {
    const { w, user, target } = setup();
    const cal = w.store.calendars.add({
      userId: user.id,
      name: 'work',
      kind: 'file',
      location: w.writeIcs('work', [vevent(['UID:a@t', 'DTSTART:20261124T150000Z', 'SUMMARY:A'])]),
    });
    const gone = w.store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [600] });
    w.store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [1200] });
    await w.syncAll();
    w.plan();
    expect(pending(w)).toHaveLength(2);
    w.store.rules.remove(gone.id); // straight in the store: nothing cancelled its rows
    expect(planAll(w.store, { now: w.clock.now(), logger: w.logger })).toMatchObject({ scopes: 1, cancelled: 1 });
    expect(pending(w).map((p) => p.key.split(':').at(-1))).toEqual(['1200']);
  });

  it('applies the rule filters: free events, declined events, text and category', async () => {
    const { w, user, target } = setup();
    const path = w.writeIcs('work', [
      vevent(['UID:free@t', 'DTSTART:20261124T150000Z', 'TRANSP:TRANSPARENT', 'SUMMARY:Focus time']),
      vevent(['UID:declined@t', 'DTSTART:20261124T151000Z', 'SUMMARY:Sales sync', 'ATTENDEE;PARTSTAT=DECLINED:mailto:alice@example.com']),
      vevent(['UID:match@t', 'DTSTART:20261124T152000Z', 'SUMMARY:Deploy review', 'CATEGORIES:ops,release']),
      vevent(['UID:other@t', 'DTSTART:20261124T153000Z', 'SUMMARY:Lunch']),
    ]);
    const cal = w.store.calendars.add({ userId: user.id, name: 'work', kind: 'file', location: path });
    w.store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [600], skipTransparent: true });
    w.store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [1200], filterText: 'deploy' });
    w.store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [1800], filterCategory: 'release' });
    await w.syncAll();
    w.plan();
    const keys = pending(w).map((p) => p.key.split(':').slice(3, 4)[0] + ':' + p.key.split(':').at(-1));
    expect(keys.sort()).toEqual(['match@t:1200', 'match@t:1800', 'match@t:600', 'other@t:600']);
  });

  it('sends VALARMs of a calendar that honours them, to X-HERALD-TARGET or the default targets', async () => {
    const { w, user, target } = setup();
    const other = w.store.targets.add({ userId: user.id, name: 'pager', kind: 'webhook', url: 'http://127.0.0.1:9/p' });
    const path = w.writeIcs('work', [
      [
        'BEGIN:VEVENT',
        'DTSTAMP:20260101T000000Z',
        'UID:al@t',
        'DTSTART:20261124T150000Z',
        'SUMMARY:Alarmed',
        'BEGIN:VALARM',
        'ACTION:DISPLAY',
        'TRIGGER:-PT30M',
        'DESCRIPTION:x',
        'END:VALARM',
        'BEGIN:VALARM',
        'ACTION:DISPLAY',
        'TRIGGER:-PT5M',
        'X-HERALD-TARGET:pager',
        'DESCRIPTION:y',
        'END:VALARM',
        'BEGIN:VALARM',
        'ACTION:DISPLAY',
        'TRIGGER:-PT1M',
        'X-HERALD-TARGET:nobody',
        'DESCRIPTION:z',
        'END:VALARM',
        'END:VEVENT',
      ].join('\r\n'),
    ]);
    w.store.calendars.add({ userId: user.id, name: 'work', kind: 'file', location: path, honourAlarms: true, alarmTargetIds: [target.id] });
    await w.syncAll();
    w.plan();
    const rows = w.store.deliveries.list({ status: 'pending' });
    expect(rows.map((r) => [r.targetId, new Date(r.dueAt).toISOString()]).sort()).toEqual([
      [target.id, '2026-11-24T14:30:00.000Z'],
      [other.id, '2026-11-24T14:55:00.000Z'],
    ]);
    expect(w.logger.lines.join('\n')).toContain('unknown target');
  });
});

describe('planning digests', () => {
  it('plans the chosen weekdays at the local time, evening-before lists tomorrow, disabled plans nothing', async () => {
    const { w, user, target } = setup('2026-11-23T00:00:00Z'); // a Monday
    const cal = w.store.calendars.add({ userId: user.id, name: 'work', kind: 'file', location: w.writeIcs('work', []) });
    w.store.digests.add({
      userId: user.id,
      name: 'am',
      calendarIds: [cal.id],
      targetIds: [target.id],
      atTime: '07:00',
      days: ['mon', 'wed'],
      enabled: true,
      sendEmail: true,
    });
    w.store.digests.add({ userId: user.id, name: 'pm', calendarIds: [cal.id], targetIds: [target.id], atTime: '19:00', eveningBefore: true, enabled: true });
    w.store.digests.add({ userId: user.id, name: 'off', calendarIds: [cal.id], targetIds: [target.id], atTime: '08:00' });
    await w.syncAll();
    w.plan();
    const rows = w.store.deliveries
      .list({ status: 'pending' })
      .map((d) => [d.dedupeKey.replace(/^digest:\d+:/, ''), new Date(d.dueAt).toISOString(), agendaContent(d).periodStart]);
    expect(rows).toEqual([
      [`${target.id}:2026-11-23`, '2026-11-23T06:00:00.000Z', '2026-11-23'],
      ['email:2026-11-23', '2026-11-23T06:00:00.000Z', '2026-11-23'],
      [`${target.id}:2026-11-24`, '2026-11-23T18:00:00.000Z', '2026-11-24'],
      [`${target.id}:2026-11-25`, '2026-11-24T18:00:00.000Z', '2026-11-25'],
    ]);
  });
});
