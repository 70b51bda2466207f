import { describe, expect, it } from 'vitest';
import { expand, ics, starts } from './helpers.ts';

const year = ['2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z'] as const;
const rule = (r: string, start = 'DTSTART;TZID=Europe/Zurich:20260105T100000', extra: string[] = []) =>
  ics(['UID:r', start, 'DURATION:PT1H', `RRULE:${r}`, 'SUMMARY:r', ...extra]);

describe('recurrence rules', () => {
  it.each([
    ['COUNT', 'FREQ=DAILY;COUNT=3', ['2026-01-05T09:00:00Z', '2026-01-06T09:00:00Z', '2026-01-07T09:00:00Z']],
    [
      'UNTIL in UTC with a zoned start (inclusive)',
      'FREQ=DAILY;UNTIL=20260107T090000Z',
      ['2026-01-05T09:00:00Z', '2026-01-06T09:00:00Z', '2026-01-07T09:00:00Z'],
    ],
    ['INTERVAL', 'FREQ=WEEKLY;INTERVAL=2;COUNT=3', ['2026-01-05T09:00:00Z', '2026-01-19T09:00:00Z', '2026-02-02T09:00:00Z']],
    ['BYDAY', 'FREQ=WEEKLY;BYDAY=MO,TH;COUNT=4', ['2026-01-05T09:00:00Z', '2026-01-08T09:00:00Z', '2026-01-12T09:00:00Z', '2026-01-15T09:00:00Z']],
    ['BYMONTHDAY', 'FREQ=MONTHLY;BYMONTHDAY=15;COUNT=2', ['2026-01-15T09:00:00Z', '2026-02-15T09:00:00Z']],
    [
      'BYSETPOS: last weekday of the month',
      'FREQ=MONTHLY;BYDAY=MO,TU,WE,TH,FR;BYSETPOS=-1;COUNT=3',
      ['2026-01-30T09:00:00Z', '2026-02-27T09:00:00Z', '2026-03-31T09:00:00Z'],
    ],
    ['the 31st skips months without one', 'FREQ=MONTHLY;BYMONTHDAY=31;COUNT=3', ['2026-01-31T09:00:00Z', '2026-03-31T09:00:00Z', '2026-05-31T09:00:00Z']],
    ['YEARLY with BYMONTH', 'FREQ=YEARLY;BYMONTH=6;BYMONTHDAY=1', ['2026-06-01T09:00:00Z']],
    [
      'WKST changes which weeks count',
      'FREQ=WEEKLY;INTERVAL=2;BYDAY=TU,SU;WKST=SU;COUNT=4',
      ['2026-01-06T09:00:00Z', '2026-01-18T09:00:00Z', '2026-01-20T09:00:00Z', '2026-02-01T09:00:00Z'],
    ],
  ])('%s', (_name, r, expected) => {
    // DTSTART in sync with the rule (RFC 5545 leaves the set undefined otherwise): the first expected instance.
    const first = expected[0]!.replace(/[-:]/g, '');
    expect(starts(expand(rule(r, `DTSTART:${first}`), ...year).occurrences)).toEqual(expected);
  });

  it('a DTSTART out of step with its rule still counts as the first instance (RFC 5545 §3.3.10)', () => {
    expect(starts(expand(rule('FREQ=MONTHLY;BYMONTHDAY=15;COUNT=2'), ...year).occurrences)).toEqual(['2026-01-05T09:00:00Z', '2026-01-15T09:00:00Z']);
  });

  it('EXDATE removes instances, also when written in another zone or several per line', () => {
    const text = rule('FREQ=DAILY;COUNT=5', undefined, ['EXDATE;TZID=Europe/Zurich:20260106T100000,20260107T100000', 'EXDATE:20260108T090000Z']);
    expect(starts(expand(text, ...year).occurrences)).toEqual(['2026-01-05T09:00:00Z', '2026-01-09T09:00:00Z']);
  });

  it('RDATE adds instances, including PERIODs with their own length', () => {
    const text = rule('FREQ=WEEKLY;COUNT=1', undefined, ['RDATE;TZID=Europe/Zurich:20260110T150000', 'RDATE;VALUE=PERIOD:20260111T120000Z/20260111T150000Z']);
    const r = expand(text, ...year).occurrences;
    expect(r.map((o) => [o.start, o.end])).toEqual([
      ['2026-01-05T09:00:00Z', '2026-01-05T10:00:00Z'],
      ['2026-01-10T14:00:00Z', '2026-01-10T15:00:00Z'],
      ['2026-01-11T12:00:00Z', '2026-01-11T15:00:00Z'],
    ]);
    expect(r.every((o) => o.recurrenceId === o.start)).toBe(true);
  });

  it('an override moves, retitles or cancels one instance; recurrence_id keeps the original start', () => {
    const text = ics(
      ['UID:s', 'DTSTART;TZID=Europe/Zurich:20260105T100000', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=4', 'SUMMARY:Standup'],
      ['UID:s', 'RECURRENCE-ID;TZID=Europe/Zurich:20260106T100000', 'DTSTART;TZID=Europe/Zurich:20260106T140000', 'DURATION:PT1H', 'SUMMARY:Standup (moved)'],
      ['UID:s', 'RECURRENCE-ID;TZID=Europe/Zurich:20260107T100000', 'DTSTART;TZID=Europe/Zurich:20260107T100000', 'STATUS:CANCELLED', 'SUMMARY:Standup'],
      ['UID:other', 'DTSTART;TZID=Europe/Zurich:20260106T100000', 'SUMMARY:Other'],
    );
    const r = expand(text, ...year);
    expect(r.occurrences.map((o) => [o.uid, o.start, o.recurrenceId, o.summary])).toEqual([
      ['s', '2026-01-05T09:00:00Z', '2026-01-05T09:00:00Z', 'Standup'],
      ['other', '2026-01-06T09:00:00Z', null, 'Other'],
      ['s', '2026-01-06T13:00:00Z', '2026-01-06T09:00:00Z', 'Standup (moved)'],
      ['s', '2026-01-08T09:00:00Z', '2026-01-08T09:00:00Z', 'Standup'],
    ]);
    const withCancelled = expand(text, ...year, { includeCancelled: true }).occurrences.filter((o) => o.status === 'CANCELLED');
    expect(withCancelled.map((o) => o.start)).toEqual(['2026-01-07T09:00:00Z']);
  });

  it('an instance moved into the window is listed, one moved out of it is not', () => {
    const text = ics(
      ['UID:m', 'DTSTART:20260105T090000Z', 'RRULE:FREQ=WEEKLY;COUNT=3', 'SUMMARY:m'],
      ['UID:m', 'RECURRENCE-ID:20260112T090000Z', 'DTSTART:20260201T090000Z', 'SUMMARY:moved out'],
      ['UID:m', 'RECURRENCE-ID:20260119T090000Z', 'DTSTART:20260110T090000Z', 'SUMMARY:moved in'],
    );
    expect(expand(text, '2026-01-09T00:00:00Z', '2026-01-16T00:00:00Z').occurrences.map((o) => o.summary)).toEqual(['moved in']);
  });

  it('a cancelled series is left out entirely', () => {
    expect(expand(rule('FREQ=DAILY;COUNT=3', undefined, ['STATUS:CANCELLED']), ...year).occurrences).toEqual([]);
  });

  it('RANGE=THISANDFUTURE shifts that instance and the later ones', () => {
    const text = ics(
      ['UID:t', 'DTSTART:20260105T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=4', 'SUMMARY:old time'],
      ['UID:t', 'RECURRENCE-ID;RANGE=THISANDFUTURE:20260107T090000Z', 'DTSTART:20260107T110000Z', 'DURATION:PT30M', 'SUMMARY:new time'],
    );
    expect(expand(text, ...year).occurrences.map((o) => [o.start, o.end, o.summary])).toEqual([
      ['2026-01-05T09:00:00Z', '2026-01-05T10:00:00Z', 'old time'],
      ['2026-01-06T09:00:00Z', '2026-01-06T10:00:00Z', 'old time'],
      ['2026-01-07T11:00:00Z', '2026-01-07T11:30:00Z', 'new time'],
      ['2026-01-08T11:00:00Z', '2026-01-08T11:30:00Z', 'new time'],
    ]);
  });

  it('window bounds: overlap with [from, to); zero-length at from is in, at to is out', () => {
    const text = ics(
      ['UID:a', 'DTSTART:20260105T080000Z', 'DTEND:20260105T100000Z', 'SUMMARY:overlaps the start'],
      ['UID:b', 'DTSTART:20260105T090000Z', 'SUMMARY:zero at from'],
      ['UID:c', 'DTSTART:20260105T100000Z', 'SUMMARY:zero at to'],
      ['UID:d', 'DTSTART:20260105T070000Z', 'DTEND:20260105T090000Z', 'SUMMARY:ends at from'],
    );
    expect(expand(text, '2026-01-05T09:00:00Z', '2026-01-05T10:00:00Z').occurrences.map((o) => o.uid)).toEqual(['a', 'b']);
  });

  it('a daily series since 2010 is right today, and fast', () => {
    const r = expand(
      ics(['UID:old', 'DTSTART;TZID=America/New_York:20100104T083000', 'RRULE:FREQ=DAILY', 'SUMMARY:old']),
      '2026-11-01T00:00:00Z',
      '2026-11-03T00:00:00Z',
    );
    expect(starts(r.occurrences)).toEqual(['2026-11-01T13:30:00Z', '2026-11-02T13:30:00Z']);
  });

  it('a runaway rule is bounded by the window', () => {
    const r = expand(ics(['UID:s', 'DTSTART:20200101T000000Z', 'RRULE:FREQ=SECONDLY', 'SUMMARY:s']), '2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z');
    expect(r.occurrences).toHaveLength(3600);
    const m = expand(
      ics(['UID:m', 'DTSTART:20100101T000000Z', 'RRULE:FREQ=MINUTELY;BYSECOND=0,30', 'SUMMARY:m']),
      '2010-01-01T00:00:00Z',
      '2010-01-02T00:00:00Z',
    );
    expect(m.occurrences).toHaveLength(2880);
  });

  it('invalid dates are skipped, not counted (RFC errata 4271 for Feb 30)', () => {
    expect(starts(expand(rule('FREQ=MONTHLY;BYMONTHDAY=30;COUNT=3', 'DTSTART:20260130T090000Z'), ...year).occurrences)).toEqual([
      '2026-01-30T09:00:00Z',
      '2026-03-30T09:00:00Z',
      '2026-04-30T09:00:00Z',
    ]);
  });

  it('RDATEs without an RRULE: DTSTART is still the first instance (RFC 5545 §3.8.5.2)', () => {
    const text = ics([
      'UID:a',
      'DTSTART;TZID=Europe/Zurich:20260105T100000',
      'DURATION:PT1H',
      'RDATE;TZID=Europe/Zurich:20260107T100000,20260109T100000',
      'EXDATE;TZID=Europe/Zurich:20260109T100000',
      'SUMMARY:a',
    ]);
    expect(starts(expand(text, ...year).occurrences)).toEqual(['2026-01-05T09:00:00Z', '2026-01-07T09:00:00Z']);
  });

  it('RANGE=THISANDFUTURE that moves instances by days is seen from a narrow window, both directions', () => {
    const earlier = ics(
      ['UID:t', 'DTSTART:20260101T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY', 'SUMMARY:Thursday'],
      ['UID:t', 'RECURRENCE-ID;RANGE=THISANDFUTURE:20260115T090000Z', 'DTSTART:20260112T090000Z', 'DURATION:PT1H', 'SUMMARY:Monday'],
    );
    expect(expand(earlier, '2026-01-26T00:00:00Z', '2026-01-27T00:00:00Z').occurrences.map((o) => [o.start, o.recurrenceId, o.summary])).toEqual([
      ['2026-01-26T09:00:00Z', '2026-01-29T09:00:00Z', 'Monday'],
    ]);
    const later = ics(
      ['UID:t', 'DTSTART:20260101T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=MONTHLY', 'SUMMARY:1st'],
      ['UID:t', 'RECURRENCE-ID;RANGE=THISANDFUTURE:20260301T090000Z', 'DTSTART:20260311T090000Z', 'DURATION:PT1H', 'SUMMARY:11th'],
    );
    expect(expand(later, '2026-05-10T00:00:00Z', '2026-05-12T00:00:00Z').occurrences.map((o) => [o.start, o.recurrenceId, o.summary])).toEqual([
      ['2026-05-11T09:00:00Z', '2026-05-01T09:00:00Z', '11th'],
    ]);
  });

  it('RANGE=THISANDFUTURE shifts by wall-clock time: 09:00 → 10:00 local stays 10:00 after DST', () => {
    const text = ics(
      ['UID:z', 'DTSTART;TZID=Europe/Zurich:20260316T090000', 'DURATION:PT1H', 'RRULE:FREQ=WEEKLY;COUNT=4', 'SUMMARY:z'],
      [
        'UID:z',
        'RECURRENCE-ID;RANGE=THISANDFUTURE;TZID=Europe/Zurich:20260323T090000',
        'DTSTART;TZID=Europe/Zurich:20260323T100000',
        'DURATION:PT1H',
        'SUMMARY:z later',
      ],
    );
    expect(expand(text, ...year).occurrences.map((o) => [o.start, o.summary])).toEqual([
      ['2026-03-16T08:00:00Z', 'z'],
      ['2026-03-23T09:00:00Z', 'z later'],
      ['2026-03-30T08:00:00Z', 'z later'],
      ['2026-04-06T08:00:00Z', 'z later'],
    ]);
  });

  it('overrides never leak to another UID with the same times', () => {
    const text = ics(
      ['UID:team-a', 'DTSTART:20260105T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=3', 'SUMMARY:A'],
      ['UID:team-b', 'DTSTART:20260105T090000Z', 'DURATION:PT1H', 'RRULE:FREQ=DAILY;COUNT=3', 'SUMMARY:B'],
      ['UID:team-a', 'RECURRENCE-ID:20260106T090000Z', 'DTSTART:20260106T150000Z', 'DURATION:PT1H', 'SUMMARY:A moved'],
      ['UID:team-a', 'RECURRENCE-ID:20260107T090000Z', 'DTSTART:20260107T090000Z', 'STATUS:CANCELLED', 'SUMMARY:A'],
    );
    const r = expand(text, ...year).occurrences;
    expect(r.filter((o) => o.uid === 'team-b').map((o) => [o.start, o.summary])).toEqual([
      ['2026-01-05T09:00:00Z', 'B'],
      ['2026-01-06T09:00:00Z', 'B'],
      ['2026-01-07T09:00:00Z', 'B'],
    ]);
    expect(r.filter((o) => o.uid === 'team-a').map((o) => [o.start, o.summary])).toEqual([
      ['2026-01-05T09:00:00Z', 'A'],
      ['2026-01-06T15:00:00Z', 'A moved'],
    ]);
  });

  it('FREQ=SECONDLY with no end, started long ago: one hour is 3600 instances and no step limit is hit', () => {
    const r = expand(ics(['UID:s', 'DTSTART:20200101T000000Z', 'RRULE:FREQ=SECONDLY', 'SUMMARY:s']), '2026-01-01T00:00:00Z', '2026-01-01T01:00:00Z');
    expect(r.occurrences).toHaveLength(3600);
    expect(r.occurrences[0]!.start).toBe('2026-01-01T00:00:00Z');
    expect(r.occurrences.at(-1)!.start).toBe('2026-01-01T00:59:59Z');
    expect(r.problems).toEqual([]);
  });

  it('FREQ=MINUTELY from 2010 in a zone lands exactly on the window today', () => {
    const r = expand(
      ics(['UID:m', 'DTSTART;TZID=Europe/Zurich:20100101T000000', 'RRULE:FREQ=MINUTELY;INTERVAL=7', 'SUMMARY:m']),
      '2026-03-29T00:00:00Z',
      '2026-03-29T01:00:00Z',
    );
    // Minutes since 2010-01-01T00:00 Zurich (= 2009-12-31T23:00Z) that are multiples of 7.
    const epoch = Date.parse('2009-12-31T23:00:00Z');
    const firstMs = epoch + Math.ceil((Date.parse('2026-03-29T00:00:00Z') - epoch) / 420_000) * 420_000;
    expect(r.occurrences.map((o) => o.startMs)).toEqual(
      Array.from({ length: 9 }, (_, i) => firstMs + i * 420_000).filter((ms) => ms < Date.parse('2026-03-29T01:00:00Z')),
    );
    expect(r.problems).toEqual([]);
  });
});
