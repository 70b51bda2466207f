import { describe, expect, it } from 'vitest';
import { parseCalendar } from '../../src/calendar/parse.ts';
import { expand, ics } from './helpers.ts';

const window = ['2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z'] as const;

describe('bad input never hides good events', () => {
  it('a malformed event among good ones: the good ones are kept, the bad one reported by UID', () => {
    const text = ics(['UID:good1', 'DTSTART:20260105T090000Z', 'SUMMARY:good 1'], ['UID:bad', 'DTSTART:2026-not-a-date', 'SUMMARY:bad'], ['UID:good2', 'DTSTART:20260106T090000Z', 'SUMMARY:good 2']);
    const r = expand(text, ...window);
    expect(r.occurrences.map((o) => o.uid)).toEqual(['good1', 'good2']);
    expect(r.problems).toEqual([{ uid: 'bad', reason: expect.stringMatching(/^event skipped: DTSTART ".*" is not a valid date or date-time/) }]);
  });

  it('a VEVENT without DTSTART is skipped and reported', () => {
    const r = expand(ics(['UID:nostart', 'SUMMARY:x'], ['UID:ok', 'DTSTART:20260105T090000Z', 'SUMMARY:ok']), ...window);
    expect(r.occurrences.map((o) => o.uid)).toEqual(['ok']);
    expect(r.problems).toEqual([{ uid: 'nostart', reason: 'event skipped: no DTSTART' }]);
  });

  it('text that is not iCalendar is a clear error', () => {
    expect(() => parseCalendar('<html>404</html>')).toThrow('calendar: not an iCalendar file (no BEGIN:VCALENDAR)');
  });

  it('an empty calendar, a missing UID, a duplicated UID, other components', () => {
    expect(expand(ics(), ...window).occurrences).toEqual([]);
    const r = expand(
      ics(
        ['DTSTART:20260105T090000Z', 'SUMMARY:no uid'],
        ['UID:dup', 'DTSTART:20260106T090000Z', 'SEQUENCE:1', 'SUMMARY:old'],
        ['UID:dup', 'DTSTART:20260107T090000Z', 'SEQUENCE:2', 'SUMMARY:new'],
        ['BEGIN:VTODO', 'UID:todo', 'SUMMARY:a task', 'END:VTODO'],
      ),
      ...window,
    );
    expect(r.occurrences.map((o) => o.summary)).toEqual(['no uid', 'new']);
    expect(r.problems.map((p) => p.reason)).toEqual(['event "no uid" has no UID; kept as herald-no-uid-1', 'two events share this UID without RECURRENCE-ID; kept the newer one']);
  });

  it('reads REFRESH-INTERVAL and X-PUBLISHED-TTL as polling hints', () => {
    expect(parseCalendar(ics().replace('VERSION:2.0', 'VERSION:2.0\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H')).refreshIntervalSeconds).toBe(3600);
    expect(parseCalendar(ics().replace('VERSION:2.0', 'VERSION:2.0\r\nX-PUBLISHED-TTL:P1D')).refreshIntervalSeconds).toBe(86400);
  });
});
