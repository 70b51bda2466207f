/**
 * The calendar engine on a synthetic 5,000-event calendar (20% recurring with exceptions, five
 * zones) over one year: parse, expand, occurrences per second and memory, beside a bare ical.js
 * expansion of the same text in the same run, and the cost of re-planning it unchanged.
 */
import ICAL from 'ical.js';
import { CalendarCache, contentHash } from '../src/calendar/cache.ts';
import { expandOccurrences } from '../src/calendar/expand.ts';
import { parseCalendar } from '../src/calendar/parse.ts';
import type { BenchResult } from './types.ts';

const zones = ['Europe/Zurich', 'America/New_York', 'Australia/Sydney', 'Asia/Tokyo', 'UTC'];
const yearStart = Date.parse('2026-01-01T00:00:00Z');
const yearEnd = Date.parse('2027-01-01T00:00:00Z');

function stamp(ms: number): string {
  return new Date(ms)
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, '');
}

export function syntheticYear(events: number): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//herald bench//EN'];
  for (let i = 0; i < events; i++) {
    const zone = zones[i % zones.length]!;
    const recurring = i % 5 === 0;
    const startMs = (recurring ? yearStart - 60 * 86_400_000 : yearStart) + ((i * 7919) % (360 * 24)) * 3_600_000;
    const value = (ms: number) => (zone === 'UTC' ? `:${stamp(ms)}Z` : `;TZID=${zone}:${stamp(ms)}`);
    lines.push(
      'BEGIN:VEVENT',
      `UID:e${i}@bench`,
      'DTSTAMP:20260101T000000Z',
      `DTSTART${value(startMs)}`,
      'DURATION:PT1H',
      `SUMMARY:Event ${i}`,
      `LOCATION:Room ${i % 30}`,
    );
    if (recurring) {
      lines.push(['RRULE:FREQ=WEEKLY;BYDAY=MO,WE', 'RRULE:FREQ=DAILY;INTERVAL=2', 'RRULE:FREQ=MONTHLY;BYMONTHDAY=3,17', 'RRULE:FREQ=WEEKLY'][i % 4]!);
      lines.push(`EXDATE${value(startMs + 14 * 86_400_000)}`);
      lines.push('END:VEVENT');
      const moved = startMs + 28 * 86_400_000;
      lines.push(
        'BEGIN:VEVENT',
        `UID:e${i}@bench`,
        'DTSTAMP:20260101T000000Z',
        `RECURRENCE-ID${value(moved)}`,
        `DTSTART${value(moved + 2 * 3_600_000)}`,
        'DURATION:PT1H',
        `SUMMARY:Event ${i} (moved)`,
      );
    }
    lines.push('END:VEVENT');
  }
  lines.push('END:VCALENDAR', '');
  return lines.join('\r\n');
}

/** The straightforward ical.js loop: group by UID, ICAL.Event with its exceptions, iterate the year. */
function bareIcalExpansion(text: string): number {
  const root = new ICAL.Component(ICAL.parse(text) as unknown[]);
  const groups = new Map<string, { master?: ICAL.Component; exceptions: ICAL.Component[] }>();
  for (const ev of root.getAllSubcomponents('vevent')) {
    const uid = String(ev.getFirstPropertyValue('uid'));
    const g = groups.get(uid) ?? { exceptions: [] };
    if (ev.hasProperty('recurrence-id')) g.exceptions.push(ev);
    else g.master = ev;
    groups.set(uid, g);
  }
  let count = 0;
  for (const g of groups.values()) {
    if (!g.master) continue;
    const event = new ICAL.Event(g.master, { exceptions: g.exceptions, strictExceptions: true });
    if (!event.isRecurring()) {
      const s = event.startDate.toUnixTime() * 1000;
      if (s < yearEnd && s >= yearStart) count++;
      continue;
    }
    const it = event.iterator();
    for (let next = it.next(); next; next = it.next()) {
      const details = event.getOccurrenceDetails(next);
      const s = (details.startDate as ICAL.Time).toUnixTime() * 1000;
      if (s >= yearEnd) break;
      if (s >= yearStart) count++;
    }
  }
  return count;
}

function timed<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const r = fn();
  return [r, performance.now() - t];
}

export async function run(options: { quick: boolean }): Promise<BenchResult[]> {
  const events = options.quick ? 500 : 5000;
  const text = syntheticYear(events);
  const window = { fromMs: yearStart, toMs: yearEnd, defaultZone: 'UTC' };
  const rows: BenchResult[] = [];
  const row = (metric: string, value: number, unit: string, target?: string, ok?: boolean) =>
    rows.push({ bench: 'calendar', metric, value, unit, ...(target ? { target } : {}), ...(ok === undefined ? {} : { ok }) });
  // Warm both paths once (JIT), then measure the best of three.
  bareIcalExpansion(syntheticYear(50));
  expandOccurrences(parseCalendar(syntheticYear(50)), window);
  let best = { parse: Infinity, expand: Infinity, bare: Infinity, occurrences: 0, bareCount: 0 };
  const rssBefore = process.memoryUsage().rss;
  for (let i = 0; i < 3; i++) {
    const [cal, parse] = timed(() => parseCalendar(text));
    const [r, expand] = timed(() => expandOccurrences(cal, window));
    const [bareCount, bare] = timed(() => bareIcalExpansion(text));
    best = {
      parse: Math.min(best.parse, parse),
      expand: Math.min(best.expand, expand),
      bare: Math.min(best.bare, bare),
      occurrences: r.occurrences.length,
      bareCount,
    };
  }
  const ours = best.parse + best.expand;
  row('events in the calendar', events, 'events');
  row('parse (herald)', best.parse, 'ms');
  row('first expansion over one year (herald)', best.expand, 'ms');
  row('occurrences', best.occurrences, 'occurrences');
  row('occurrences per second (herald, parse + expand)', Math.round(best.occurrences / (ours / 1000)), 'occ/s');
  row('bare ical.js parse + expansion, same text', best.bare, 'ms');
  row('bare ical.js occurrences', best.bareCount, 'occurrences');
  row('herald / bare ical.js (parse + first expansion)', ours / best.bare, 'ratio', '≤ 1.2', ours / best.bare <= 1.2);
  const cache = new CalendarCache();
  const hash = contentHash(text);
  const [, first] = timed(() => cache.expand(hash, () => text, window));
  const [, again] = timed(() => cache.expand(hash, () => text, window));
  row('re-plan unchanged calendar (cached)', again, 'ms');
  row('first expansion / cached re-plan', first / Math.max(again, 0.001), 'ratio', '≥ 10', first / Math.max(again, 0.001) >= 10);
  row('memory growth during the runs (RSS)', (process.memoryUsage().rss - rssBefore) / 1024 / 1024, 'MB');
  row('peak memory (max RSS)', process.resourceUsage().maxRSS / 1024, 'MB');
  return rows;
}
