/**
 * Rules that ical.js 2.2.1 expands wrongly on its own (found by comparing with python-dateutil on
 * random rules): impossible dates rolled into the next month, and BYWEEKNO ignored. Expected values
 * are RFC 5545's (errata 4271: an impossible date is dropped and not counted; §3.3.10 BYWEEKNO,
 * week 1 being the first week with four days of the year, starting on WKST).
 */
import { describe, expect, it } from 'vitest';
import { expand, ics } from './helpers.ts';

const days = (rrule: string, dtstart: string, from = '1990-01-01T00:00:00Z', to = '2040-01-01T00:00:00Z') =>
  expand(ics(['UID:x', `DTSTART;TZID=America/New_York:${dtstart}`, 'DURATION:PT1H', `RRULE:${rrule}`, 'SUMMARY:x']), from, to).occurrences.map((o) =>
    new Date(o.startMs - 5 * 3_600_000).toISOString().slice(0, 10),
  );

describe('rules ical.js gets wrong on its own', () => {
  it.each([
    ['yearly from Feb 29 comes back only in leap years', 'FREQ=YEARLY;COUNT=3', '20240229T120000', ['2024-02-29', '2028-02-29', '2032-02-29']],
    [
      'BYMONTH takes the 29th from DTSTART and skips February 29 in common years',
      'FREQ=YEARLY;BYMONTH=2,9;COUNT=4',
      '20240229T120000',
      ['2024-02-29', '2024-09-29', '2025-09-29', '2026-09-29'],
    ],
    [
      'BYMONTHDAY=31 with BYMONTH skips February',
      'FREQ=YEARLY;BYMONTHDAY=31;BYMONTH=1,2,3;COUNT=5',
      '20240131T120000',
      ['2024-01-31', '2024-03-31', '2025-01-31', '2025-03-31', '2026-01-31'],
    ],
    ['monthly from the 31st', 'FREQ=MONTHLY;COUNT=4', '20240131T120000', ['2024-01-31', '2024-03-31', '2024-05-31', '2024-07-31']],
    ['RFC 5545 example: Monday of week 20', 'FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO;COUNT=3', '19970512T090000', ['1997-05-12', '1998-05-11', '1999-05-17']],
    [
      'week 1 may start in December',
      'FREQ=YEARLY;BYWEEKNO=1;BYDAY=MO,SU;COUNT=6',
      '19970105T090000',
      ['1997-01-05', '1997-12-29', '1998-01-04', '1999-01-04', '1999-01-10', '2000-01-03'],
    ],
    [
      'WKST=SU numbers weeks from Sunday',
      'FREQ=YEARLY;BYWEEKNO=1;BYDAY=SU;WKST=SU;COUNT=4',
      '20260104T090000',
      ['2026-01-04', '2027-01-03', '2028-01-02', '2028-12-31'],
    ],
    ['the last week of the year', 'FREQ=YEARLY;BYWEEKNO=-1;BYDAY=TH;COUNT=4', '20251225T090000', ['2025-12-25', '2026-12-31', '2027-12-30', '2028-12-28']],
    [
      'MONTHLY with BYMONTHDAY and BYDAY keeps its INTERVAL',
      'FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=-1,-2,-3;BYDAY=TU;COUNT=4',
      '20250729T090000',
      ['2025-07-29', '2025-09-30', '2026-03-31', '2026-09-29'],
    ],
    ['Friday the 13th', 'FREQ=MONTHLY;BYDAY=FR;BYMONTHDAY=13;COUNT=3', '20260213T090000', ['2026-02-13', '2026-03-13', '2026-11-13']],
    [
      'an ordinal BYDAY beside BYMONTHDAY counts within the month',
      'FREQ=MONTHLY;INTERVAL=3;BYDAY=-1FR;BYMONTHDAY=22,23,24,25,26,27,28,29,30,31;COUNT=3',
      '20260130T090000',
      ['2026-01-30', '2026-04-24', '2026-07-31'],
    ],
    ['week 53 only in years that have one', 'FREQ=YEARLY;BYWEEKNO=53;BYDAY=MO;COUNT=3', '20201228T090000', ['2020-12-28', '2026-12-28', '2032-12-27']],
  ])('%s', (_name, rrule, dtstart, expected) => {
    expect(days(rrule, dtstart)).toEqual(expected);
  });

  it('a BYWEEKNO series started long ago is right in a narrow window, with its UNTIL', () => {
    expect(days('FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO,FR', '19970512T090000', '2026-05-01T00:00:00Z', '2026-06-01T00:00:00Z')).toEqual([
      '2026-05-11',
      '2026-05-15',
    ]);
    expect(days('FREQ=YEARLY;BYWEEKNO=20;BYDAY=MO;UNTIL=19980511T130000Z', '19970512T090000')).toEqual(['1997-05-12', '1998-05-11']);
  });

  it('an impossible rule ends without a step-limit problem', () => {
    const r = expand(
      ics(['UID:x', 'DTSTART:20240131T120000Z', 'RRULE:FREQ=YEARLY;BYMONTH=2;BYMONTHDAY=30', 'SUMMARY:x']),
      '2026-01-01T00:00:00Z',
      '2027-01-01T00:00:00Z',
    );
    expect(r.occurrences).toEqual([]);
    expect(r.problems).toEqual([]);
  });
});
