import { describe, expect, it } from 'vitest';
import { CalendarCache, contentHash } from '../../src/calendar/cache.ts';
import { ics } from './helpers.ts';

describe('CalendarCache', () => {
  it('parses and expands an unchanged calendar once, and again when its text changes', () => {
    const cache = new CalendarCache();
    let reads = 0;
    const v1 = ics(['UID:a', 'DTSTART:20260105T090000Z', 'RRULE:FREQ=DAILY;COUNT=3', 'SUMMARY:a']);
    const text = () => (reads++, v1);
    const window = { fromMs: Date.parse('2026-01-01T00:00:00Z'), toMs: Date.parse('2026-02-01T00:00:00Z') };
    const first = cache.expand(contentHash(v1), text, window);
    const again = cache.expand(contentHash(v1), text, window);
    expect(again).toBe(first);
    expect(reads).toBe(1);
    const v2 = v1.replace('COUNT=3', 'COUNT=2');
    expect(cache.expand(contentHash(v2), () => v2, window).occurrences).toHaveLength(2);
    expect(cache.expand(contentHash(v1), text, { ...window, toMs: window.toMs + 1 }).occurrences).toHaveLength(3);
    expect(reads).toBe(1);
  });

  it('keeps separate expansions per zone and per includeCancelled, all from one parse', () => {
    const cache = new CalendarCache();
    let reads = 0;
    const v = ics(['UID:d', 'DTSTART;VALUE=DATE:20260110', 'SUMMARY:d'], ['UID:c', 'DTSTART:20260111T090000Z', 'STATUS:CANCELLED', 'SUMMARY:c']);
    const text = () => (reads++, v);
    const hash = contentHash(v);
    const window = { fromMs: Date.parse('2026-01-01T00:00:00Z'), toMs: Date.parse('2026-02-01T00:00:00Z') };
    const zurich = cache.expand(hash, text, { ...window, defaultZone: 'Europe/Zurich' });
    const tokyo = cache.expand(hash, text, { ...window, defaultZone: 'Asia/Tokyo' });
    expect(new Date(zurich.occurrences[0]!.startMs).toISOString()).toBe('2026-01-09T23:00:00.000Z');
    expect(new Date(tokyo.occurrences[0]!.startMs).toISOString()).toBe('2026-01-09T15:00:00.000Z');
    expect(cache.expand(hash, text, { ...window, defaultZone: 'Europe/Zurich', includeCancelled: true }).occurrences.map((o) => o.uid)).toEqual(['d', 'c']);
    expect(cache.expand(hash, text, { ...window, defaultZone: 'Asia/Tokyo' })).toBe(tokyo);
    expect(cache.parsed(hash, text)).toBe(cache.parsed(hash, text));
    expect(reads).toBe(1);
    expect(cache.size).toBe(1);
  });
});
