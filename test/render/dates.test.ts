import { describe, expect, it } from 'vitest';
import { formatEventDuration, formatOccurrenceDate, formatPeriod } from '../../src/render/dates.ts';
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
    expect(formatOccurrenceDate(occurrence(), { zone: 'America/New_York', locale: 'en-US' })).toBe(
      'Tuesday, November 24, 2026, 4:00 AM–5:00 AM (10:00 AM–11:00 AM Europe/Zurich)',
    );
    expect(formatOccurrenceDate(occurrence(), zurich('en', true))).toBe('Tuesday 24 November 2026, 10:00 am–11:00 am');
    expect(formatOccurrenceDate(occurrence(), zurich('fr', false))).toBe('mardi 24 novembre 2026, 10:00–11:00');
  });

  it('says when an event is all day, or spans days', () => {
    expect(formatOccurrenceDate(allDay('2026-11-24', '2026-11-25'), zurich('en'))).toBe('Tuesday 24 November 2026 (all day)');
    expect(formatOccurrenceDate(allDay('2026-11-24', '2026-11-27'), zurich('fr'))).toBe('mardi 24 – jeudi 26 novembre 2026 (toute la journée)');
    const overnight = occurrence({ startMs: Date.parse('2026-11-24T21:00:00Z'), endMs: Date.parse('2026-11-25T01:00:00Z') });
    expect(formatOccurrenceDate(overnight, zurich('en'))).toBe('Tuesday 24 November 2026, 22:00 – Wednesday 25 November 2026, 02:00');
  });

  it("shows the event's own zone when it differs from the reader's", () => {
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

  it.each([
    [
      'en',
      'Tuesday 24 November 2026 (all day)',
      'Monday 30 November – Wednesday 2 December 2026 (all day)',
      'Thursday 31 December 2026 – Friday 1 January 2027 (all day)',
    ],
    [
      'fr',
      'mardi 24 novembre 2026 (toute la journée)',
      'lundi 30 novembre – mercredi 2 décembre 2026 (toute la journée)',
      'jeudi 31 décembre 2026 – vendredi 1 janvier 2027 (toute la journée)',
    ],
    [
      'de',
      'Dienstag, 24. November 2026 (ganztägig)',
      'Montag, 30. November – Mittwoch, 2. Dezember 2026 (ganztägig)',
      'Donnerstag, 31. Dezember 2026 – Freitag, 1. Januar 2027 (ganztägig)',
    ],
    [
      'it',
      'martedì 24 novembre 2026 (tutto il giorno)',
      'lunedì 30 novembre – mercoledì 2 dicembre 2026 (tutto il giorno)',
      'giovedì 31 dicembre 2026 – venerdì 1 gennaio 2027 (tutto il giorno)',
    ],
    [
      'es',
      'martes, 24 de noviembre de 2026 (todo el día)',
      'lunes, 30 de noviembre – miércoles, 2 de diciembre de 2026 (todo el día)',
      'jueves, 31 de diciembre de 2026 – viernes, 1 de enero de 2027 (todo el día)',
    ],
  ])('all-day and multi-day events in %s', (locale, one, acrossMonths, acrossYears) => {
    expect(formatOccurrenceDate(allDay('2026-11-24', '2026-11-25'), zurich(locale))).toBe(one);
    expect(formatOccurrenceDate(allDay('2026-11-30', '2026-12-03'), zurich(locale))).toBe(acrossMonths);
    expect(formatOccurrenceDate(allDay('2026-12-31', '2027-01-02'), zurich(locale))).toBe(acrossYears);
  });

  it('on the DST days themselves: local times and true durations', () => {
    // 29 March 2026: Zurich jumps from 02:00 to 03:00. 01:30 (+01:00) to 03:30 (+02:00) lasts one hour.
    const spring = occurrence({ startMs: Date.parse('2026-03-29T00:30:00Z'), endMs: Date.parse('2026-03-29T01:30:00Z') });
    expect(formatOccurrenceDate(spring, zurich('de'))).toBe('Sonntag, 29. März 2026, 01:30–03:30');
    expect(formatEventDuration(spring, 'de')).toBe('1 Std.');
    // 25 October 2026: 03:00 falls back to 02:00. 01:30 (+02:00) to 02:30 (+01:00) lasts two hours.
    const autumn = occurrence({ startMs: Date.parse('2026-10-24T23:30:00Z'), endMs: Date.parse('2026-10-25T01:30:00Z') });
    expect(formatOccurrenceDate(autumn, zurich('fr'))).toBe('dimanche 25 octobre 2026, 01:30–02:30');
    expect(formatEventDuration(autumn, 'fr')).toBe('2 h');
    // New York changes a week later (1 November): between the two changes it is 5 hours behind, not 6.
    const between = occurrence({ zone: 'America/New_York', startMs: Date.parse('2026-10-28T14:00:00Z'), endMs: Date.parse('2026-10-28T15:00:00Z') });
    expect(formatOccurrenceDate(between, zurich('en'))).toBe('Wednesday 28 October 2026, 15:00–16:00 (10:00–11:00 America/New_York)');
  });

  it("durations in the reader's language", () => {
    expect(formatEventDuration(occurrence({ endMs: Date.parse('2026-11-24T10:30:00Z') }), 'it')).toBe('1 h 30 min');
    expect(formatEventDuration(occurrence({ endMs: Date.parse('2026-11-24T09:45:00Z') }), 'de')).toBe('45 Min.');
    expect(formatEventDuration(allDay('2026-11-24', '2026-11-26'), 'es')).toBe('2 días');
    expect(formatEventDuration(allDay('2026-11-24', '2026-11-25'), 'en')).toBe('1 day');
  });

  it("a digest's day and week", () => {
    expect(formatPeriod('2026-11-24', '2026-11-25', zurich('it'))).toBe('martedì 24 novembre 2026');
    expect(formatPeriod('2026-11-23', '2026-11-30', zurich('en'))).toBe('Monday 23 – Sunday 29 November 2026');
    expect(formatPeriod('2026-11-23', '2026-11-30', { zone: 'America/New_York', locale: 'en-US' })).toBe('Monday, November 23 – Sunday, November 29, 2026');
  });
});
