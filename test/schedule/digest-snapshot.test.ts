/**
 * The planner keeps each planned agenda's events in its row, so that sending 10,000 agendas at
 * 07:00 costs a rendering each and not a parse and an expansion each. These tests check what the
 * snapshot holds, that it follows edits, and that a calendar changed since the last planning pass
 * is read afresh at sending time.
 */
import { writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CalendarCache } from '../../src/calendar/cache.ts';
import { channelSet } from '../../src/channels/registry.ts';
import { createDeliveryEngine } from '../../src/delivery/engine.ts';
import type { Delivery } from '../../src/store/index.ts';
import { agendaContent } from '../helpers/outbox.ts';
import { startSink } from '../helpers/sink.ts';
import { makeWorld, vevent } from '../helpers/world.ts';

const t = (s: string) => Date.parse(s);

async function setup() {
  // Tuesday 24 November 2026, 05:00 in Zurich: the 07:00 agenda is two hours away.
  const w = makeWorld(t('2026-11-24T04:00:00Z'));
  const sink = await startSink();
  const user = w.store.users.add({ name: 'alice', tz: 'Europe/Zurich', locale: 'en' });
  const target = w.store.targets.add({ userId: user.id, name: 'chat', kind: 'webhook', url: `${sink.url}/agenda`, allowPrivate: true });
  const events = [
    vevent(['UID:standup@t', 'DTSTART;TZID=Europe/Zurich:20261101T091500', 'DURATION:PT15M', 'RRULE:FREQ=DAILY', 'SUMMARY:Standup']),
    vevent(['UID:review@t', 'DTSTART;TZID=Europe/Zurich:20261124T140000', 'DURATION:PT1H', 'SUMMARY:Design review', 'LOCATION:Room 4']),
    vevent(['UID:offsite@t', 'DTSTART;VALUE=DATE:20261124', 'DTEND;VALUE=DATE:20261126', 'SUMMARY:Offsite']),
    vevent(['UID:tomorrow@t', 'DTSTART;TZID=Europe/Zurich:20261125T100000', 'DURATION:PT1H', 'SUMMARY:Tomorrow only']),
  ];
  const path = w.writeIcs('work', events);
  const cal = w.store.calendars.add({ userId: user.id, name: 'work', kind: 'file', location: path });
  await w.syncAll();
  return { w, sink, user, target, cal, path, events };
}

const todaysRow = (w: ReturnType<typeof makeWorld>, digestId?: number) =>
  w.store.deliveries.list({ kind: 'agenda', status: 'pending' }).find((d) => {
    const content = agendaContent(d);
    return content.periodStart === '2026-11-24' && (digestId === undefined || content.digestId === digestId);
  })!;
const listed = (d: Delivery) => agendaContent(d).agenda!.occurrences.map((o) => o.summary);

describe('agenda snapshots', () => {
  it("keeps the day's events in agenda order (all-day first) with the calendars' hashes, and follows a re-planned edit", async () => {
    const { w, user, target, cal, path, events } = await setup();
    w.store.digests.add({ userId: user.id, name: 'am', calendarIds: [cal.id], targetIds: [target.id], atTime: '07:00', enabled: true });
    w.plan();
    const row = todaysRow(w);
    expect(listed(row)).toEqual(['Offsite', 'Standup', 'Design review']);
    expect(agendaContent(row).agenda!.calendars).toEqual([{ id: cal.id, contentHash: w.store.calendars.get(cal.id)!.contentHash, defaultTz: null }]);

    writeFileSync(
      path,
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//test//EN',
        ...events,
        vevent(['UID:late@t', 'DTSTART;TZID=Europe/Zurich:20261124T170000', 'DURATION:PT30M', 'SUMMARY:Added late']),
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
    await w.syncAll();
    w.plan();
    expect(listed(todaysRow(w))).toEqual(['Offsite', 'Standup', 'Design review', 'Added late']);

    const single = w.store.digests.add({
      userId: user.id,
      name: 'singles',
      calendarIds: [cal.id],
      targetIds: [target.id],
      atTime: '07:30',
      includeRecurring: false,
      enabled: true,
    });
    w.plan();
    expect(listed(todaysRow(w, single.id))).toEqual(['Offsite', 'Design review', 'Added late']);
  });

  it('sends from the snapshot without reading the calendar, and reads afresh a calendar changed since planning', async () => {
    const { w, sink, user, target, cal, path, events } = await setup();
    w.store.digests.add({ userId: user.id, name: 'am', calendarIds: [cal.id], targetIds: [target.id], atTime: '07:00', enabled: true });
    w.plan();
    const cache = new CalendarCache();
    const engine = createDeliveryEngine({ store: w.store, clock: w.clock, logger: w.logger, cache, channels: channelSet });
    engine.start();
    await w.clock.advanceTo(t('2026-11-24T06:00:00Z'));
    await engine.idle();
    expect(sink.requests).toHaveLength(1);
    expect((JSON.parse(sink.requests[0]!.body) as { text: string }).text).toContain('Design review');
    expect(cache.size, 'no calendar parsed to send it').toBe(0);

    // Tomorrow's agenda was planned too; its calendar changes and no planning pass runs before 07:00.
    writeFileSync(
      path,
      [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//test//EN',
        ...events.filter((e) => !e.includes('Tomorrow only')),
        vevent(['UID:new@t', 'DTSTART;TZID=Europe/Zurich:20261125T110000', 'DURATION:PT1H', 'SUMMARY:Planned after the plan']),
        'END:VCALENDAR',
        '',
      ].join('\r\n'),
    );
    await w.syncAll();
    await w.clock.advanceTo(t('2026-11-25T06:00:00Z'));
    await engine.idle();
    await engine.stop();
    expect(sink.requests).toHaveLength(2);
    const text = (JSON.parse(sink.requests[1]!.body) as { text: string }).text;
    expect(text).toContain('Planned after the plan');
    expect(text).not.toContain('Tomorrow only');
    expect(cache.size).toBe(1);
  });
});
