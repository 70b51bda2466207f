import { describe, expect, it } from 'vitest';
import { expand, ics } from './helpers.ts';

describe('all-day events', () => {
  it('DATE with and without DTEND, multi-day, DURATION, yearly; end is exclusive', () => {
    const text = ics(
      ['UID:one', 'DTSTART;VALUE=DATE:20260310', 'SUMMARY:one day'],
      ['UID:span', 'DTSTART;VALUE=DATE:20260311', 'DTEND;VALUE=DATE:20260314', 'SUMMARY:three days'],
      ['UID:dur', 'DTSTART;VALUE=DATE:20260320', 'DURATION:P2D', 'SUMMARY:two days'],
      ['UID:bday', 'DTSTART;VALUE=DATE:19900325', 'RRULE:FREQ=YEARLY', 'SUMMARY:birthday'],
    );
    const r = expand(text, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', { defaultZone: 'Europe/Zurich' });
    expect(r.occurrences.map((o) => [o.uid, o.start, o.end, o.allDay])).toEqual([
      ['one', '2026-03-10', '2026-03-11', true],
      ['span', '2026-03-11', '2026-03-14', true],
      ['dur', '2026-03-20', '2026-03-22', true],
      ['bday', '2026-03-25', '2026-03-26', true],
    ]);
    expect(new Date(r.occurrences[0]!.startMs).toISOString()).toBe('2026-03-09T23:00:00.000Z');
    expect(r.occurrences[3]!.recurrenceId).toBe('2026-03-25');
  });

  it('an all-day event overlaps the window in the zone asked for', () => {
    const text = ics(['UID:d', 'DTSTART;VALUE=DATE:20260310', 'SUMMARY:d']);
    expect(expand(text, '2026-03-10T23:30:00Z', '2026-03-11T00:00:00Z', { defaultZone: 'UTC' }).occurrences).toHaveLength(1);
    expect(expand(text, '2026-03-10T23:30:00Z', '2026-03-11T00:00:00Z', { defaultZone: 'Europe/Zurich' }).occurrences).toHaveLength(0);
  });

  it('startMs/endMs are local midnights of the expansion zone, also across a DST change', () => {
    const text = ics(['UID:w', 'DTSTART;VALUE=DATE:20260328', 'DTEND;VALUE=DATE:20260330', 'SUMMARY:weekend']);
    const iso = (ms: number) => new Date(ms).toISOString();
    const zurich = expand(text, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', { defaultZone: 'Europe/Zurich' }).occurrences;
    expect(zurich.map((o) => [o.start, o.end, iso(o.startMs), iso(o.endMs)])).toEqual([
      ['2026-03-28', '2026-03-30', '2026-03-27T23:00:00.000Z', '2026-03-29T22:00:00.000Z'],
    ]);
    const sydney = expand(text, '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', { defaultZone: 'Australia/Sydney' }).occurrences;
    expect(sydney.map((o) => [iso(o.startMs), iso(o.endMs)])).toEqual([['2026-03-27T13:00:00.000Z', '2026-03-29T13:00:00.000Z']]);
    // X-WR-TIMEZONE names the calendar's own zone and wins over the caller's.
    const tokyo = expand(text.replace('VERSION:2.0', 'VERSION:2.0\r\nX-WR-TIMEZONE:Asia/Tokyo'), '2026-03-01T00:00:00Z', '2026-04-01T00:00:00Z', {
      defaultZone: 'Europe/Zurich',
    }).occurrences;
    expect(tokyo.map((o) => [o.allDay, o.zone, iso(o.startMs)])).toEqual([[true, null, '2026-03-27T15:00:00.000Z']]);
  });

  it('a yearly birthday recurs on its date every year, with EXDATE and a moved instance', () => {
    const text = ics(
      ['UID:b', 'DTSTART;VALUE=DATE:19900704', 'RRULE:FREQ=YEARLY', 'EXDATE;VALUE=DATE:20270704', 'SUMMARY:Ann'],
      ['UID:b', 'RECURRENCE-ID;VALUE=DATE:20280704', 'DTSTART;VALUE=DATE:20280705', 'SUMMARY:Ann (party a day later)'],
    );
    const r = expand(text, '2025-01-01T00:00:00Z', '2030-01-01T00:00:00Z', { defaultZone: 'UTC' });
    expect(r.occurrences.map((o) => [o.start, o.end, o.recurrenceId, o.summary])).toEqual([
      ['2025-07-04', '2025-07-05', '2025-07-04', 'Ann'],
      ['2026-07-04', '2026-07-05', '2026-07-04', 'Ann'],
      ['2028-07-05', '2028-07-06', '2028-07-04', 'Ann (party a day later)'],
      ['2029-07-04', '2029-07-05', '2029-07-04', 'Ann'],
    ]);
  });

  it('a multi-day event that began before the window is still listed while it lasts', () => {
    const text = ics(['UID:trip', 'DTSTART;VALUE=DATE:20260301', 'DURATION:P10D', 'SUMMARY:trip']);
    expect(expand(text, '2026-03-08T00:00:00Z', '2026-03-09T00:00:00Z').occurrences.map((o) => [o.start, o.end])).toEqual([['2026-03-01', '2026-03-11']]);
    expect(expand(text, '2026-03-11T00:00:00Z', '2026-03-12T00:00:00Z').occurrences).toEqual([]);
  });

  it('RANGE=THISANDFUTURE on an all-day series moves the later dates too', () => {
    const text = ics(
      ['UID:bin', 'DTSTART;VALUE=DATE:20260105', 'RRULE:FREQ=WEEKLY;COUNT=4', 'SUMMARY:bins out (Monday)'],
      ['UID:bin', 'RECURRENCE-ID;RANGE=THISANDFUTURE;VALUE=DATE:20260119', 'DTSTART;VALUE=DATE:20260121', 'SUMMARY:bins out (Wednesday)'],
    );
    expect(expand(text, '2026-01-01T00:00:00Z', '2026-03-01T00:00:00Z').occurrences.map((o) => [o.start, o.recurrenceId, o.summary])).toEqual([
      ['2026-01-05', '2026-01-05', 'bins out (Monday)'],
      ['2026-01-12', '2026-01-12', 'bins out (Monday)'],
      ['2026-01-21', '2026-01-19', 'bins out (Wednesday)'],
      ['2026-01-28', '2026-01-26', 'bins out (Wednesday)'],
    ]);
  });
});
