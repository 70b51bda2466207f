import { describe, expect, it } from 'vitest';
import { CalendarCache } from '../../src/calendar/cache.ts';
import { channelSet } from '../../src/channels/registry.ts';
import { createDeliveryEngine } from '../../src/delivery/engine.ts';
import { agendaContent } from '../helpers/outbox.ts';
import { makeWorld, vevent } from '../helpers/world.ts';

describe('after downtime', () => {
  it('sends late the reminders whose event has not started, records the others as missed; digests up to 2 h late', async () => {
    const w = makeWorld(Date.parse('2026-11-24T07:00:00Z'));
    const user = w.store.users.add({ name: 'alice', tz: 'UTC', locale: 'en' });
    const target = w.store.targets.add({ userId: user.id, name: 'term', kind: 'console', url: 'console:' });
    const path = w.writeIcs('work', [
      vevent(['UID:nine@t', 'DTSTART:20261124T090000Z', 'SUMMARY:Nine o clock']),
      vevent(['UID:ten@t', 'DTSTART:20261124T100000Z', 'SUMMARY:Ten o clock']),
    ]);
    const cal = w.store.calendars.add({ userId: user.id, name: 'work', kind: 'file', location: path });
    w.store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [1800] });
    w.store.digests.add({ userId: user.id, name: 'early', calendarIds: [cal.id], targetIds: [target.id], atTime: '07:30', enabled: true });
    w.store.digests.add({ userId: user.id, name: 'later', calendarIds: [cal.id], targetIds: [target.id], atTime: '08:45', enabled: true });
    await w.syncAll();
    w.plan();
    // herald is down from 07:00 to 09:40.
    await w.clock.advanceTo(Date.parse('2026-11-24T09:40:00Z'));
    const printed: string[] = [];
    const engine = createDeliveryEngine({
      store: w.store,
      clock: w.clock,
      logger: w.logger,
      cache: new CalendarCache(),
      channels: channelSet,
      print: (t) => printed.push(t),
    });
    engine.start();
    await engine.idle();
    await engine.stop();
    const byKey = Object.fromEntries(
      w.store.deliveries
        .list()
        .filter((d) => d.dueAt < w.clock.now())
        .map((d) => [`${d.kind}:${d.eventUid ?? agendaContent(d).periodStart}:${new Date(d.dueAt).toISOString().slice(11, 16)}`, d.status]),
    );
    expect(byKey).toEqual({
      'agenda:2026-11-24:07:30': 'missed',
      'reminder:nine@t:08:30': 'missed',
      'agenda:2026-11-24:08:45': 'late',
      'reminder:ten@t:09:30': 'late',
    });
    expect(printed.join('\n')).toContain('Ten o clock');
    expect(printed.join('\n')).toContain('sent late');
    expect(printed.join('\n')).not.toContain('Reminder: Nine');
  });

  it('after days down (longer than the plan horizon) records what came due meanwhile, sends late what has not started, cancels what moved', async () => {
    const w = makeWorld(Date.parse('2026-11-20T12:00:00Z'));
    const user = w.store.users.add({ name: 'bob', tz: 'Europe/Zurich', locale: 'en' });
    const target = w.store.targets.add({ userId: user.id, name: 'term', kind: 'console', url: 'console:' });
    const events = (movedStart: string) => [
      vevent(['UID:sat@t', 'DTSTART:20261122T200000Z', 'SUMMARY:Saturday']),
      vevent(['UID:soon@t', 'DTSTART:20261124T100000Z', 'SUMMARY:Soon']),
      vevent(['UID:moved@t', `DTSTART:${movedStart}`, 'SUMMARY:Moved']),
      vevent(['UID:later@t', 'DTSTART:20261125T100000Z', 'SUMMARY:Later']),
    ];
    const cal = w.store.calendars.add({ userId: user.id, name: 'work', kind: 'file', location: w.writeIcs('work', events('20261121T130000Z')) });
    w.store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [3600] });
    w.store.digests.add({ userId: user.id, name: 'am', calendarIds: [cal.id], targetIds: [target.id], atTime: '07:00', enabled: true });
    await w.syncAll();
    w.plan();
    // Planned so far: 'moved' (due 21 Nov 12:00, inside the 48 h horizon); 'sat' and 'soon' are beyond it.
    expect(w.store.deliveries.list({ kind: 'reminder' }).map((d) => d.eventUid)).toEqual(['moved@t']);

    // Down from 20 Nov 12:00 to 24 Nov 09:30; meanwhile 'moved' moved to 24 Nov 11:00.
    await w.clock.advanceTo(Date.parse('2026-11-24T09:30:00Z'));
    w.writeIcs('work', events('20261124T110000Z'));
    w.restart();
    await w.syncAll();
    w.plan();
    const printed: string[] = [];
    const engine = createDeliveryEngine({
      store: w.store,
      clock: w.clock,
      logger: w.logger,
      cache: new CalendarCache(),
      channels: channelSet,
      print: (t) => printed.push(t),
    });
    engine.start();
    await engine.idle();
    await engine.stop();
    const status = (uid: string) =>
      w.store.deliveries
        .list({ kind: 'reminder' })
        .filter((d) => d.eventUid === uid)
        .map((d) => [new Date(d.dueAt).toISOString().slice(5, 16), d.status]);
    expect(status('sat@t')).toEqual([['11-22T19:00', 'missed']]);
    expect(status('soon@t')).toEqual([['11-24T09:00', 'late']]);
    expect(status('moved@t')).toEqual([
      ['11-21T12:00', 'cancelled'],
      ['11-24T10:00', 'pending'],
    ]);
    expect(status('later@t')).toEqual([['11-25T09:00', 'pending']]);
    // Agendas of the days down: all missed (more than 2 h late), none sent; the next ones planned.
    const digests = w.store.deliveries.list({ kind: 'agenda' }).map((d) => [agendaContent(d).periodStart, d.status]);
    expect(digests.filter(([, s]) => s !== 'pending')).toEqual([21, 22, 23, 24].map((day) => [`2026-11-${day}`, 'missed']));
    expect(printed.join('\n')).toContain('Soon');
    expect(printed.join('\n')).not.toContain('Saturday');
  });
});
