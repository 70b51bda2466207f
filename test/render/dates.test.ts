import { describe, expect, it } from 'vitest';
import { formatOccurrenceDate } from '../../src/render/dates.ts';
import { allDay, occurrence } from './fixtures.ts';

const zurich = (locale: string, hour12?: boolean) => ({ zone: 'Europe/Zurich', locale, hour12: hour12 ?? null });

describe('%date% in every language', () => {
  it.each([
    ['en', 'Tuesday 24 November 2026, 10:00–11:00'],
    ['fr', 'mardi 24 novembre 2026, 10:00–11:00'],
    ['de', 'Dienstag, 24. November 2026, 10:00–11:00'],
    ['it', 'martedì 24 novembre 2026, 10:00–11:00'],
    ['es', 'martes, 24 de noviembre de 2026, 10:00–11:00'],
  ])('%s', (locale, expected) => {
    expect(formatOccurrenceDate(occurrence(), zurich(locale))).toBe(expected);
  });

  it('uses a 12-hour clock for en-US by habit, or when the user asks', () => {
    expect(formatOccurrenceDate(occurrence(), { zone: 'America/New_York', locale: 'en-US' })).toBe('Tuesday, November 24, 2026, 4:00 AM–5:00 AM (10:00 AM–11:00 AM Europe/Zurich)');
    expect(formatOccurrenceDate(occurrence(), zurich('en', true))).toBe('Tuesday 24 November 2026, 10:00 am–11:00 am');
    expect(formatOccurrenceDate(occurrence(), zurich('fr', false))).toBe('mardi 24 novembre 2026, 10:00–11:00');
  });

  it('says when an event is all day, or spans days', () => {
    expect(formatOccurrenceDate(allDay('2026-11-24', '2026-11-25'), zurich('en'))).toBe('Tuesday 24 November 2026 (all day)');
    expect(formatOccurrenceDate(allDay('2026-11-24', '2026-11-27'), zurich('fr'))).toBe('mardi 24 novembre 2026 – jeudi 26 novembre 2026 (toute la journée)');
    const overnight = occurrence({ startMs: Date.parse('2026-11-24T21:00:00Z'), endMs: Date.parse('2026-11-25T01:00:00Z') });
    expect(formatOccurrenceDate(overnight, zurich('en'))).toBe('Tuesday 24 November 2026, 22:00 – Wednesday 25 November 2026, 02:00');
  });

  it('shows the event\'s own zone when it differs from the reader\'s', () => {
    const ny = occurrence({ zone: 'America/New_York', startMs: Date.parse('2026-11-24T15:00:00Z'), endMs: Date.parse('2026-11-24T15:30:00Z') });
    expect(formatOccurrenceDate(ny, zurich('en'))).toBe('Tuesday 24 November 2026, 16:00–16:30 (10:00–10:30 America/New_York)');
    // Same offset at that instant: no need to repeat it.
    expect(formatOccurrenceDate(occurrence({ zone: 'Europe/Berlin' }), zurich('en'))).toBe('Tuesday 24 November 2026, 10:00–11:00');
  });

  it('follows DST: the same local meeting before and after the change', () => {
    const before = occurrence({ startMs: Date.parse('2026-03-27T09:00:00Z'), endMs: Date.parse('2026-03-27T10:00:00Z') });
    const after = occurrence({ startMs: Date.parse('2026-03-30T08:00:00Z'), endMs: Date.parse('2026-03-30T09:00:00Z') });
    expect(formatOccurrenceDate(before, zurich('en'))).toBe('Friday 27 March 2026, 10:00–11:00');
    expect(formatOccurrenceDate(after, zurich('en'))).toBe('Monday 30 March 2026, 10:00–11:00');
  });
});
