import { describe, expect, it } from 'vitest';
import { expandOccurrences } from '../../src/calendar/expand.ts';
import { parseCalendar } from '../../src/calendar/parse.ts';
import { expand, ics, starts } from './helpers.ts';

describe('time zones and DST', () => {
  it.each([
    ['Europe/Zurich', '20260327T090000', ['2026-03-27T08:00:00Z', '2026-03-28T08:00:00Z', '2026-03-29T07:00:00Z', '2026-03-30T07:00:00Z']],
    ['America/New_York', '20260306T090000', ['2026-03-06T14:00:00Z', '2026-03-07T14:00:00Z', '2026-03-08T13:00:00Z', '2026-03-09T13:00:00Z']],
    ['Australia/Sydney', '20260403T090000', ['2026-04-02T22:00:00Z', '2026-04-03T22:00:00Z', '2026-04-04T23:00:00Z', '2026-04-05T23:00:00Z']],
  ])('a daily 09:00 in %s keeps its local time across the change', (zone, start, expected) => {
    const r = expand(
      ics([`UID:d`, `DTSTART;TZID=${zone}:${start}`, 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=4', 'SUMMARY:d']),
      '2026-01-01T00:00:00Z',
      '2027-01-01T00:00:00Z',
    );
    expect(starts(r.occurrences)).toEqual(expected);
    expect(r.occurrences.every((o) => o.zone === zone)).toBe(true);
  });

  it('a local time in the spring-forward gap moves forward by the gap (02:30 → 03:30)', () => {
    const r = expand(
      ics(['UID:g', 'DTSTART;TZID=Europe/Zurich:20260328T023000', 'DURATION:PT30M', 'RRULE:FREQ=DAILY;COUNT=3', 'SUMMARY:g']),
      '2026-03-01T00:00:00Z',
      '2026-04-01T00:00:00Z',
    );
    expect(starts(r.occurrences)).toEqual(['2026-03-28T01:30:00Z', '2026-03-29T01:30:00Z', '2026-03-30T00:30:00Z']);
  });

  it('a local time that happens twice (fall-back) is the first one', () => {
    const r = expand(ics(['UID:o', 'DTSTART;TZID=America/New_York:20261101T013000', 'SUMMARY:o']), '2026-10-01T00:00:00Z', '2026-12-01T00:00:00Z');
    expect(starts(r.occurrences)).toEqual(['2026-11-01T05:30:00Z']);
  });

  it("reads Windows zone names, vendor paths, and the file's own VTIMEZONE", () => {
    const custom = [
      'BEGIN:VTIMEZONE',
      'TZID:My Office Time',
      'BEGIN:STANDARD',
      'DTSTART:19700101T000000',
      'TZOFFSETFROM:+0530',
      'TZOFFSETTO:+0530',
      'END:STANDARD',
      'END:VTIMEZONE',
    ];
    const r = expand(
      ics(
        ['UID:w', 'DTSTART;TZID=W. Europe Standard Time:20260715T100000', 'SUMMARY:w'],
        ['UID:e', 'DTSTART;TZID=Eastern Standard Time:20260715T100000', 'SUMMARY:e'],
        ['UID:m', 'DTSTART;TZID=/mozilla.org/20050126_1/Australia/Sydney:20260715T100000', 'SUMMARY:m'],
        custom,
        ['UID:c', 'DTSTART;TZID=My Office Time:20260715T100000', 'SUMMARY:c'],
      ),
      '2026-07-01T00:00:00Z',
      '2026-08-01T00:00:00Z',
    );
    const byUid = Object.fromEntries(r.occurrences.map((o) => [o.uid, o.start]));
    expect(byUid).toEqual({ w: '2026-07-15T08:00:00Z', e: '2026-07-15T14:00:00Z', m: '2026-07-15T00:00:00Z', c: '2026-07-15T04:30:00Z' });
    expect(r.problems).toEqual([]);
  });

  it('an unknown TZID is reported and the event still listed (read as floating)', () => {
    const r = expand(ics(['UID:u', 'DTSTART;TZID=Mars/Olympus:20260715T100000', 'SUMMARY:u']), '2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z', {
      defaultZone: 'Europe/Zurich',
    });
    expect(starts(r.occurrences)).toEqual(['2026-07-15T08:00:00Z']);
    expect(r.problems).toEqual([{ uid: 'u', reason: 'unknown TZID "Mars/Olympus"; its times are read in Europe/Zurich' }]);
  });

  it('floating times use X-WR-TIMEZONE, else the zone asked for', () => {
    const floating = ['UID:f', 'DTSTART:20260715T100000', 'SUMMARY:f'];
    expect(starts(expand(ics(floating), '2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z').occurrences)).toEqual(['2026-07-15T10:00:00Z']);
    expect(starts(expand(ics(floating), '2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z', { defaultZone: 'America/New_York' }).occurrences)).toEqual([
      '2026-07-15T14:00:00Z',
    ]);
    const withHeader = ics(floating).replace('PRODID:-//test//EN', 'PRODID:-//test//EN\r\nX-WR-TIMEZONE:Asia/Tokyo');
    expect(starts(expand(withHeader, '2026-07-01T00:00:00Z', '2026-08-01T00:00:00Z', { defaultZone: 'America/New_York' }).occurrences)).toEqual([
      '2026-07-15T01:00:00Z',
    ]);
  });

  it('a DTEND in another zone gives the exact duration', () => {
    const r = expand(
      ics(['UID:x', 'DTSTART;TZID=Europe/Zurich:20260715T100000', 'DTEND;TZID=America/New_York:20260715T050000', 'SUMMARY:x']),
      '2026-07-01T00:00:00Z',
      '2026-08-01T00:00:00Z',
    );
    expect(r.occurrences[0]).toMatchObject({ start: '2026-07-15T08:00:00Z', end: '2026-07-15T09:00:00Z' });
  });

  it.each([
    ['Europe/Zurich', '20261019T090000', ['2026-10-19T07:00:00Z', '2026-10-26T08:00:00Z', '2026-11-02T08:00:00Z']],
    ['America/New_York', '20261026T090000', ['2026-10-26T13:00:00Z', '2026-11-02T14:00:00Z', '2026-11-09T14:00:00Z']],
    ['Australia/Sydney', '20260928T090000', ['2026-09-27T23:00:00Z', '2026-10-04T22:00:00Z', '2026-10-11T22:00:00Z']],
  ])('a weekly 09:00 in %s keeps its local time across the autumn/spring change (IANA TZID, no VTIMEZONE)', (zone, start, expected) => {
    const r = expand(
      ics(['UID:w', `DTSTART;TZID=${zone}:${start}`, 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=3', 'SUMMARY:w']),
      '2026-01-01T00:00:00Z',
      '2027-01-01T00:00:00Z',
    );
    expect(starts(r.occurrences)).toEqual(expected);
    expect(r.occurrences.map((o) => o.endMs - o.startMs)).toEqual([3_600_000, 3_600_000, 3_600_000]);
    expect(r.problems).toEqual([]);
  });

  it.each([
    ['America/New_York', '20260308T023000', '2026-03-08T07:30:00Z'], // 03:30 EDT
    ['Australia/Sydney', '20261004T023000', '2026-10-03T16:30:00Z'], // 03:30 AEDT
    ['Europe/Zurich', '20260329T023000', '2026-03-29T01:30:00Z'], // 03:30 CEST
  ])('02:30 on spring-forward day in %s lands at 03:30 local', (zone, start, expected) => {
    expect(starts(expand(ics(['UID:g', `DTSTART;TZID=${zone}:${start}`, 'SUMMARY:g']), '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z').occurrences)).toEqual([
      expected,
    ]);
  });

  it.each([
    ['Europe/Zurich', '20261025T023000', '2026-10-25T00:30:00Z'], // 02:30 CEST, not CET
    ['Australia/Sydney', '20260405T023000', '2026-04-04T15:30:00Z'], // 02:30 AEDT, not AEST
    ['America/New_York', '20261101T013000', '2026-11-01T05:30:00Z'], // 01:30 EDT, not EST
  ])('the repeated hour on fall-back day in %s is read as its first instant', (zone, start, expected) => {
    expect(starts(expand(ics(['UID:o', `DTSTART;TZID=${zone}:${start}`, 'SUMMARY:o']), '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z').occurrences)).toEqual([
      expected,
    ]);
  });

  it("a zone known only from the file's VTIMEZONE (with DST rules) follows the same gap and overlap rules", () => {
    const vtz = [
      'BEGIN:VTIMEZONE',
      'TZID:Head Office',
      'BEGIN:STANDARD',
      'DTSTART:19701025T030000',
      'RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU',
      'TZOFFSETFROM:+0200',
      'TZOFFSETTO:+0100',
      'END:STANDARD',
      'BEGIN:DAYLIGHT',
      'DTSTART:19700329T020000',
      'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU',
      'TZOFFSETFROM:+0100',
      'TZOFFSETTO:+0200',
      'END:DAYLIGHT',
      'END:VTIMEZONE',
    ];
    const r = expand(
      ics(
        vtz,
        ['UID:weekly', 'DTSTART;TZID=Head Office:20260323T090000', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=3', 'EXDATE:20260406T070000Z', 'SUMMARY:weekly'],
        ['UID:gap', 'DTSTART;TZID=Head Office:20260329T023000', 'SUMMARY:gap'],
        ['UID:overlap', 'DTSTART;TZID=Head Office:20261025T023000', 'SUMMARY:overlap'],
      ),
      '2026-01-01T00:00:00Z',
      '2027-01-01T00:00:00Z',
    );
    expect(r.occurrences.map((o) => [o.uid, o.start, o.zone])).toEqual([
      ['weekly', '2026-03-23T08:00:00Z', 'Head Office'],
      ['gap', '2026-03-29T01:30:00Z', 'Head Office'],
      ['weekly', '2026-03-30T07:00:00Z', 'Head Office'],
      ['overlap', '2026-10-25T00:30:00Z', 'Head Office'],
    ]);
    expect(r.problems).toEqual([]);
  });
});

describe('embedded VTIMEZONE near its transitions', () => {
  // A custom name, so the file's own rules are used (not luxon's): New York's since 2007.
  const vtz = [
    'BEGIN:VTIMEZONE',
    'TZID:NY custom',
    'BEGIN:DAYLIGHT',
    'TZOFFSETFROM:-0500',
    'TZOFFSETTO:-0400',
    'DTSTART:20070311T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU',
    'END:DAYLIGHT',
    'BEGIN:STANDARD',
    'TZOFFSETFROM:-0400',
    'TZOFFSETTO:-0500',
    'DTSTART:20071104T020000',
    'RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU',
    'END:STANDARD',
    'END:VTIMEZONE',
  ];
  it.each([
    // ical.js's convertToZone reads UTC as local time here and answers an hour off for ~5 hours.
    ['the evening before autumn DST ends', '20261031T220000', '2026-11-01T02:00:00Z'],
    ['just before the autumn change', '20261101T005900', '2026-11-01T04:59:00Z'],
    ['the repeated hour takes its first instant', '20261101T013000', '2026-11-01T05:30:00Z'],
    ['after the autumn change', '20261101T030000', '2026-11-01T08:00:00Z'],
    ['the evening before spring DST starts', '20260307T230000', '2026-03-08T04:00:00Z'],
    ['in the spring gap: moved forward by the gap', '20260308T023000', '2026-03-08T07:30:00Z'],
  ])('%s', (_name, local, utc) => {
    const text = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      ...vtz,
      'BEGIN:VEVENT',
      'UID:v',
      'DTSTAMP:20260101T000000Z',
      `DTSTART;TZID=NY custom:${local}`,
      'SUMMARY:v',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    expect(expand(text, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z').occurrences.map((o) => o.start)).toEqual([utc]);
  });

  it('a daily series in the custom zone keeps its local time across both changes', () => {
    const text = [
      'BEGIN:VCALENDAR',
      'VERSION:2.0',
      ...vtz,
      'BEGIN:VEVENT',
      'UID:d',
      'DTSTAMP:20260101T000000Z',
      'DTSTART;TZID=NY custom:20261030T220000',
      'RRULE:FREQ=DAILY;COUNT=4',
      'SUMMARY:d',
      'END:VEVENT',
      'END:VCALENDAR',
    ].join('\r\n');
    expect(expand(text, '2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z').occurrences.map((o) => o.start)).toEqual([
      '2026-10-31T02:00:00Z',
      '2026-11-01T02:00:00Z',
      '2026-11-02T03:00:00Z',
      '2026-11-03T03:00:00Z',
    ]);
  });
});

describe('which zone floating times are read in', () => {
  const floating = ics(['UID:f', 'DTSTART:20260105T100000', 'SUMMARY:f']);
  const window = ['2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z'] as const;
  const startIn = (text: string, parseZone?: string, expandZone?: string) => {
    const cal = parseCalendar(text, parseZone ? { defaultZone: parseZone } : {});
    return expandOccurrences(cal, {
      fromMs: Date.parse(window[0]),
      toMs: Date.parse(window[1]),
      ...(expandZone ? { defaultZone: expandZone } : {}),
    }).occurrences.map((o) => o.start);
  };

  it("X-WR-TIMEZONE first, then the expansion's zone, then the zone given at parse time, then UTC", () => {
    expect(startIn(floating)).toEqual(['2026-01-05T10:00:00Z']);
    expect(startIn(floating, 'Europe/Zurich')).toEqual(['2026-01-05T09:00:00Z']);
    expect(startIn(floating, 'Europe/Zurich', 'America/New_York')).toEqual(['2026-01-05T15:00:00Z']);
    const withWr = floating.replace('PRODID:-//test//EN', 'PRODID:-//test//EN\r\nX-WR-TIMEZONE:Asia/Tokyo');
    expect(parseCalendar(withWr).defaultZone).toBe('Asia/Tokyo');
    expect(startIn(withWr, 'Europe/Zurich', 'America/New_York')).toEqual(['2026-01-05T01:00:00Z']);
  });
});
