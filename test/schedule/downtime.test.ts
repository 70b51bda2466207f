import { describe, expect, it } from 'vitest';
import { CalendarCache } from '../../src/calendar/cache.ts';
import { createDeliveryEngine } from '../../src/channels/delivery-engine.ts';
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
    const engine = createDeliveryEngine({ store: w.store, clock: w.clock, logger: w.logger, cache: new CalendarCache(), consoleWrite: (t) => printed.push(t) });
    engine.start();
    await engine.idle();
    await engine.stop();
    const byKey = Object.fromEntries(w.store.deliveries.list().filter((d) => d.dueAt < w.clock.now()).map((d) => [`${d.kind}:${d.eventUid ?? d.context.periodStart}:${new Date(d.dueAt).toISOString().slice(11, 16)}`, d.status]));
    expect(byKey).toEqual({
      'digest:2026-11-24:07:30': 'missed',
      'reminder:nine@t:08:30': 'missed',
      'digest:2026-11-24:08:45': 'late',
      'reminder:ten@t:09:30': 'late',
    });
    expect(printed.join('\n')).toContain('Ten o clock');
    expect(printed.join('\n')).toContain('sent late');
    expect(printed.join('\n')).not.toContain('Reminder: Nine');
  });
});
