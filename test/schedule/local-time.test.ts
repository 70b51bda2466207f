import { describe, expect, it } from 'vitest';
import { addDays, localDate, localTimeOn, weekdayOf } from '../../src/schedule/local-time.ts';
import { decideLateness } from '../../src/schedule/lateness.ts';

const iso = (ms: number) => new Date(ms).toISOString();

describe('localTimeOn: a local time of day as an instant, DST-proof', () => {
  it.each([
    ['ordinary winter day', '2026-01-15', '07:00', 'Europe/Zurich', '2026-01-15T06:00:00.000Z'],
    ['ordinary summer day', '2026-07-15', '07:00', 'Europe/Zurich', '2026-07-15T05:00:00.000Z'],
    ['Zurich spring-forward, 02:30 does not exist → 03:00 local', '2026-03-29', '02:30', 'Europe/Zurich', '2026-03-29T01:00:00.000Z'],
    ['Zurich fall-back, 02:30 happens twice → the first', '2026-10-25', '02:30', 'Europe/Zurich', '2026-10-25T00:30:00.000Z'],
    ['New York spring-forward gap → 03:00 EDT', '2026-03-08', '02:30', 'America/New_York', '2026-03-08T07:00:00.000Z'],
    ['New York fall-back 01:30 twice → the first (EDT)', '2026-11-01', '01:30', 'America/New_York', '2026-11-01T05:30:00.000Z'],
    ['Sydney spring-forward gap (October) → 03:00 AEDT', '2026-10-04', '02:30', 'Australia/Sydney', '2026-10-03T16:00:00.000Z'],
    ['Sydney fall-back 02:30 twice (April) → the first (AEDT)', '2026-04-05', '02:30', 'Australia/Sydney', '2026-04-04T15:30:00.000Z'],
    ['day after spring-forward keeps the local time', '2026-03-30', '07:00', 'Europe/Zurich', '2026-03-30T05:00:00.000Z'],
  ])('%s', (_name, date, time, zone, expected) => {
    expect(iso(localTimeOn(date, time, zone))).toBe(expected);
  });

  it('knows local dates and weekdays', () => {
    expect(localDate(Date.parse('2026-03-28T23:30:00Z'), 'Europe/Zurich')).toBe('2026-03-29');
    expect(localDate(Date.parse('2026-03-28T23:30:00Z'), 'America/New_York')).toBe('2026-03-28');
    expect(addDays('2026-02-28', 1)).toBe('2026-03-01');
    expect(weekdayOf('2026-11-24')).toBe('tue');
  });
});

describe('decideLateness', () => {
  const min = 60_000;
  it.each([
    ['reminder on time', 'reminder', 0, 10 * min, 30_000, 'on-time'],
    ['reminder late, event not started', 'reminder', 0, 10 * min, 5 * min, 'late'],
    ['reminder whose event started', 'reminder', 0, 10 * min, 11 * min, 'missed'],
    ['alarm late', 'alarm', 0, 10 * min, 5 * min, 'late'],
    ['agenda 90 minutes late', 'agenda', 0, null, 90 * min, 'late'],
    ['agenda 3 hours late', 'agenda', 0, null, 180 * min, 'missed'],
    ['test message whenever', 'test', 0, null, 999 * min, 'on-time'],
  ] as const)('%s', (_n, kind, dueAt, eventStartMs, now, expected) => {
    expect(decideLateness({ kind, dueAt, eventStartMs }, now)).toBe(expected);
  });
});
