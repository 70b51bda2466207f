import { describe, expect, it } from 'vitest';
import { parseCalendar } from '../../src/calendar/parse.ts';
import { HeraldError } from '../../src/core/errors.ts';
import { expand, ics } from './helpers.ts';

const window = ['2026-01-01T00:00:00Z', '2027-01-01T00:00:00Z'] as const;

describe('bad input never hides good events', () => {
  it('a malformed event among good ones: the good ones are kept, the bad one reported by UID', () => {
    const text = ics(
      ['UID:good1', 'DTSTART:20260105T090000Z', 'SUMMARY:good 1'],
      ['UID:bad', 'DTSTART:2026-not-a-date', 'SUMMARY:bad'],
      ['UID:good2', 'DTSTART:20260106T090000Z', 'SUMMARY:good 2'],
    );
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
    expect(r.problems.map((p) => p.reason)).toEqual([
      'event "no uid" has no UID; kept as herald-no-uid-1',
      'two events share this UID without RECURRENCE-ID; kept the newer one',
    ]);
  });

  it('reads REFRESH-INTERVAL and X-PUBLISHED-TTL as polling hints', () => {
    expect(parseCalendar(ics().replace('VERSION:2.0', 'VERSION:2.0\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H')).refreshIntervalSeconds).toBe(3600);
    expect(parseCalendar(ics().replace('VERSION:2.0', 'VERSION:2.0\r\nX-PUBLISHED-TTL:P1D')).refreshIntervalSeconds).toBe(86400);
  });

  it('a byte-order mark and LF line endings read like the plain CRLF file', () => {
    const text = ics(['UID:a', 'DTSTART:20260105T090000Z', 'SUMMARY:a'], ['UID:b', 'DTSTART:20260106T090000Z', 'SUMMARY:b']);
    for (const variant of [`\uFEFF${text}`, text.replace(/\r\n/g, '\n'), `\uFEFF${text.replace(/\r\n/g, '\n')}`]) {
      const r = expand(variant, ...window);
      expect(r.occurrences.map((o) => [o.uid, o.start])).toEqual([
        ['a', '2026-01-05T09:00:00Z'],
        ['b', '2026-01-06T09:00:00Z'],
      ]);
      expect(r.problems).toEqual([]);
    }
  });

  it('an event whose END:VEVENT is missing (or a truncated download) is reported by UID, the rest kept', () => {
    const text = ics(
      ['UID:a', 'DTSTART:20260105T090000Z', 'SUMMARY:a'],
      ['UID:b', 'DTSTART:20260106T090000Z', 'SUMMARY:b'],
      ['UID:c', 'DTSTART:20260107T090000Z', 'SUMMARY:c'],
    );
    const missingEnd = expand(text.replace('SUMMARY:a\r\nEND:VEVENT\r\n', 'SUMMARY:a\r\n'), ...window);
    expect(missingEnd.occurrences.map((o) => o.uid)).toEqual(['b', 'c']);
    expect(missingEnd.problems).toContainEqual({ uid: 'a', reason: 'malformed event skipped: BEGIN:VEVENT without END:VEVENT' });
    const truncated = expand(text.slice(0, text.indexOf('SUMMARY:c')), ...window);
    expect(truncated.occurrences.map((o) => o.uid)).toEqual(['a', 'b']);
    expect(truncated.problems).toContainEqual({ uid: 'c', reason: 'malformed event skipped: BEGIN:VEVENT without END:VEVENT' });
  });

  it('a broken RRULE, DURATION or EXDATE costs only its own event, and the problem says which property', () => {
    const good = ['UID:ok', 'DTSTART:20260106T090000Z', 'SUMMARY:ok'];
    const cases: [string[], RegExp][] = [
      [['UID:r', 'DTSTART:20260105T090000Z', 'RRULE:FREQ=SOMETIMES', 'SUMMARY:r'], /invalid frequency "SOMETIMES"/],
      [['UID:r', 'DTSTART:20260105T090000Z', 'DURATION:banana', 'SUMMARY:r'], /duration/],
      [
        ['UID:r', 'DTSTART:20260105T090000Z', 'RRULE:FREQ=DAILY;COUNT=2', 'EXDATE:notadate', 'SUMMARY:r'],
        /^event skipped: EXDATE ".*" is not a valid date or date-time/,
      ],
    ];
    for (const [bad, reason] of cases) {
      const r = expand(ics(bad, good), ...window);
      expect(r.occurrences.map((o) => o.uid)).toEqual(['ok']);
      expect(r.problems.filter((p) => p.uid === 'r').map((p) => p.reason)).toEqual([expect.stringMatching(reason)]);
    }
  });

  it('a broken RECURRENCE-ID costs only that override', () => {
    const r = expand(
      ics(
        ['UID:r', 'DTSTART:20260105T090000Z', 'RRULE:FREQ=DAILY;COUNT=2', 'SUMMARY:r'],
        ['UID:r', 'RECURRENCE-ID:garbage', 'DTSTART:20260106T100000Z', 'SUMMARY:moved'],
      ),
      ...window,
    );
    expect(r.occurrences.map((o) => [o.start, o.summary])).toEqual([
      ['2026-01-05T09:00:00Z', 'r'],
      ['2026-01-06T09:00:00Z', 'r'],
    ]);
    expect(r.problems).toEqual([{ uid: 'r', reason: expect.stringMatching(/^override skipped: RECURRENCE-ID ".*" is not a valid date or date-time/) }]);
  });

  it('not iCalendar at all is a HeraldError of the calendar stage', () => {
    for (const text of ['', 'hello', '{"events": []}']) {
      let err: unknown;
      try {
        parseCalendar(text);
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(HeraldError);
      expect((err as Error).message).toBe('calendar: not an iCalendar file (no BEGIN:VCALENDAR)');
    }
  });
});

describe('summary as written', () => {
  it('keeps spaces and unescapes commas, semicolons and backslashes; no SUMMARY is an empty one', () => {
    const text = ics(['UID:s', 'DTSTART:20260105T100000Z', 'SUMMARY:  Review\\, notes\\; C:\\\\x  '], ['UID:t', 'DTSTART:20260105T110000Z']);
    const { occurrences } = expand(text, '2026-01-01T00:00:00Z', '2026-02-01T00:00:00Z');
    expect(occurrences.map((o) => o.summary)).toEqual(['  Review, notes; C:\\x  ', '']);
  });
});
