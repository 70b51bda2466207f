/**
 * A CalDAV calendar drives reminders like an ICS file: a real Radicale, syncCalendar and the
 * planner on a real SQLite store. An event moved or deleted on the server moves or cancels its
 * pending reminder; a server that goes down leaves the last good copy driving them.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CalendarCache } from '../../src/calendar/cache.ts';
import { ManualClock } from '../../src/core/clock.ts';
import { memoryLogger } from '../../src/core/log.ts';
import { Planner } from '../../src/schedule/planner.ts';
import { caldavPollMs, syncCalendar } from '../../src/schedule/sync.ts';
import { openStore } from '../../src/store/index.ts';
import { startRadicale } from '../helpers/radicale.ts';
import { tempDir } from '../helpers/tmp.ts';

const pass = 'ana-pass-123';
const event = (uid: string, start: string, summary: string) =>
  ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN', 'BEGIN:VEVENT', `UID:${uid}`, 'DTSTAMP:20260101T000000Z', `DTSTART:${start}`]
    .concat(['DURATION:PT30M', `SUMMARY:${summary}`, 'END:VEVENT', 'END:VCALENDAR', ''])
    .join('\r\n');

describe('a CalDAV calendar in planning', () => {
  it('plans its events, follows moves and deletions, and keeps the last good copy while the server is down', async () => {
    const r = await startRadicale({ ana: pass });
    await r.mkcalendar('ana', pass, 'work', 'Work');
    await r.put('ana', pass, 'work', 'standup.ics', event('standup@t', '20261207T090000Z', 'Stand-up'));
    await r.put('ana', pass, 'work', 'review.ics', event('review@t', '20261207T140000Z', 'Review'));
    const clock = new ManualClock(Date.parse('2026-12-07T06:00:00Z'));
    const logger = memoryLogger('info');
    const store = openStore(join(tempDir(), 'h.db'), () => clock.now());
    const user = store.users.add({ name: 'ana', tz: 'Europe/Zurich', locale: 'en' });
    const add = { userId: user.id, name: 'work', kind: 'caldav' as const, location: `${r.url}/ana/work/`, username: 'ana', password: pass, allowPrivate: true };
    const cal = store.calendars.add(add);
    const target = store.targets.add({ userId: user.id, name: 'hook', kind: 'webhook', url: 'https://hooks.example.com/x' });
    store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [600] });
    const planner = new Planner(store, new CalendarCache(), memoryLogger('error'));
    const sync = async () => syncCalendar(store, store.calendars.get(cal.id)!, { clock, logger, force: true });
    const pending = () =>
      store.deliveries
        .list({ status: 'pending' })
        .map((d) => `${d.eventUid} ${new Date(d.dueAt).toISOString()}`)
        .sort();

    expect(await sync()).toMatchObject({ ok: true, changed: true, eventCount: 2 });
    planner.planAll(clock.now());
    expect(pending()).toEqual(['review@t 2026-12-07T13:50:00.000Z', 'standup@t 2026-12-07T08:50:00.000Z']);
    // Nothing changed on the server: no new copy, nothing re-planned.
    expect(await sync()).toMatchObject({ ok: true, changed: false });

    await r.put('ana', pass, 'work', 'standup.ics', event('standup@t', '20261207T100000Z', 'Stand-up'));
    await r.remove('ana', pass, 'work', 'review.ics');
    expect(await sync()).toMatchObject({ ok: true, changed: true, eventCount: 1 });
    planner.planAll(clock.now());
    expect(pending()).toEqual(['standup@t 2026-12-07T09:50:00.000Z']);
    expect(
      store.deliveries
        .list({ status: 'cancelled' })
        .map((d) => d.eventUid)
        .sort(),
    ).toEqual(['review@t', 'standup@t']);

    await r.stop();
    const down = await sync();
    expect(down).toMatchObject({ ok: false, error: expect.stringMatching(/^CalDAV: .*ECONNREFUSED/) });
    const after = store.calendars.get(cal.id)!;
    expect(after.lastError).toMatch(/ECONNREFUSED/);
    expect(after.nextSyncAt! - clock.now()).toBe(60_000);
    planner.planAll(clock.now());
    expect(pending()).toEqual(['standup@t 2026-12-07T09:50:00.000Z']);
    // Still down an hour later: it is asked again less often (half the time it has been failing).
    await clock.advanceBy(3_600_000);
    await sync();
    expect(store.calendars.get(cal.id)!.nextSyncAt! - clock.now()).toBe(1_800_000);
  }, 60_000);

  it('spreads the polls of many calendars over a tenth of the interval, the same for a calendar every time', () => {
    const waits = Array.from({ length: 5000 }, (_, i) => caldavPollMs({ id: i + 1, pollSeconds: null }));
    expect(Math.max(...waits)).toBeLessThanOrEqual(300_000);
    expect(Math.min(...waits)).toBeGreaterThanOrEqual(270_000);
    // 5,000 calendars over 30 s: no second holds more than a few hundred of them.
    const perSecond = new Map<number, number>();
    for (const w of waits) perSecond.set(Math.floor(w / 1000), (perSecond.get(Math.floor(w / 1000)) ?? 0) + 1);
    expect(perSecond.size).toBeGreaterThanOrEqual(29);
    expect(Math.max(...perSecond.values())).toBeLessThan(300);
    expect(caldavPollMs({ id: 7, pollSeconds: null })).toBe(caldavPollMs({ id: 7, pollSeconds: null }));
    expect(caldavPollMs({ id: 7, pollSeconds: 600 })).toBeGreaterThan(540_000);
  });

  it('a recurring event with an override and an exception, stored as one CalDAV object, plans like the ICS file', async () => {
    const r = await startRadicale({ ana: pass });
    await r.mkcalendar('ana', pass, 'work', 'Work');
    const series = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//test//EN']
      .concat([
        'BEGIN:VTIMEZONE',
        'TZID:Europe/Zurich',
        'BEGIN:STANDARD',
        'DTSTART:19701025T030000',
        'TZOFFSETFROM:+0200',
        'TZOFFSETTO:+0100',
        'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
        'END:STANDARD',
      ])
      .concat([
        'BEGIN:DAYLIGHT',
        'DTSTART:19700329T020000',
        'TZOFFSETFROM:+0100',
        'TZOFFSETTO:+0200',
        'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
        'END:DAYLIGHT',
        'END:VTIMEZONE',
      ])
      .concat([
        'BEGIN:VEVENT',
        'UID:daily@t',
        'DTSTAMP:20260101T000000Z',
        'DTSTART;TZID=Europe/Zurich:20261207T090000',
        'DURATION:PT15M',
        'RRULE:FREQ=DAILY;COUNT=4',
      ])
      .concat(['EXDATE;TZID=Europe/Zurich:20261208T090000', 'SUMMARY:Daily', 'END:VEVENT'])
      .concat([
        'BEGIN:VEVENT',
        'UID:daily@t',
        'DTSTAMP:20260101T000000Z',
        'RECURRENCE-ID;TZID=Europe/Zurich:20261209T090000',
        'DTSTART;TZID=Europe/Zurich:20261209T113000',
        'DURATION:PT15M',
        'SUMMARY:Daily (moved)',
        'END:VEVENT',
      ])
      .concat(['END:VCALENDAR', ''])
      .join('\r\n');
    expect(await r.put('ana', pass, 'work', 'daily.ics', series)).toBe(201);
    const clock = new ManualClock(Date.parse('2026-12-07T06:00:00Z'));
    const store = openStore(join(tempDir(), 'h.db'), () => clock.now());
    const user = store.users.add({ name: 'ana', tz: 'Europe/Zurich', locale: 'en' });
    const cal = store.calendars.add({
      userId: user.id,
      name: 'work',
      kind: 'caldav',
      location: `${r.url}/ana/work/`,
      username: 'ana',
      password: pass,
      allowPrivate: true,
    });
    const target = store.targets.add({ userId: user.id, name: 'hook', kind: 'webhook', url: 'https://hooks.example.com/x' });
    store.rules.add({ userId: user.id, calendarId: cal.id, targetIds: [target.id], leads: [600] });
    expect(await syncCalendar(store, cal, { clock, logger: memoryLogger('error'), force: true })).toMatchObject({ ok: true, changed: true });
    new Planner(store, new CalendarCache(), memoryLogger('error'), { horizonMs: 4 * 86_400_000 }).planAll(clock.now());
    const due = store.deliveries
      .list({ status: 'pending' })
      .map((d) => new Date(d.dueAt).toISOString())
      .sort();
    // 7 Dec 09:00, 8 Dec excluded, 9 Dec moved to 11:30, 10 Dec 09:00 (Zurich, UTC+1), each 10 min before.
    expect(due).toEqual(['2026-12-07T07:50:00.000Z', '2026-12-09T10:20:00.000Z', '2026-12-10T07:50:00.000Z']);
  }, 60_000);
});
