/** The fast RRULE path against the general walker, occurrence by occurrence, on generated rules and on the corpus. */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { expandOccurrences } from '../../src/calendar/expand.ts';
import { useFastRules } from '../../src/calendar/fast-rule.ts';
import { parseCalendar } from '../../src/calendar/parse.ts';

function both(text: string, fromMs: number, toMs: number): [string[], string[]] {
  const run = (fast: boolean) => {
    useFastRules(fast);
    try {
      const cal = parseCalendar(text, { defaultZone: 'Europe/Zurich' });
      return expandOccurrences(cal, { fromMs, toMs }).occurrences.map((o) => `${o.uid} ${o.startMs} ${o.endMs} ${o.summary}`);
    } finally {
      useFastRules(true);
    }
  };
  return [run(true), run(false)];
}

// A small deterministic generator (no Math.random: a failure is reproducible).
function* rules(n: number): Generator<string> {
  let seed = 12345;
  const next = (k: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % k);
  const days = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];
  for (let i = 0; i < n; i++) {
    const freq = ['DAILY', 'WEEKLY', 'MONTHLY', 'YEARLY'][next(4)]!;
    const parts = [`FREQ=${freq}`];
    if (next(2)) parts.push(`INTERVAL=${1 + next(3)}`);
    if (freq !== 'DAILY' && next(2))
      parts.push(
        `BYDAY=${[...new Set([days[next(7)], days[next(7)]])].map((d) => (freq !== 'WEEKLY' && next(3) === 0 ? `${[1, 2, -1][next(3)]}${d}` : d)).join(',')}`,
      );
    if ((freq === 'MONTHLY' || freq === 'YEARLY') && next(3) === 0 && !parts.some((p) => p.startsWith('BYDAY')))
      parts.push(`BYMONTHDAY=${[1, 15, 31, -1][next(4)]}`);
    if (freq === 'YEARLY' && next(2)) parts.push(`BYMONTH=${1 + next(12)}`);
    if (next(3) === 0) parts.push(`COUNT=${1 + next(40)}`);
    else if (next(2)) parts.push(`UNTIL=2027${String(1 + next(12)).padStart(2, '0')}15T000000Z`);
    if (freq === 'WEEKLY' && next(3) === 0) parts.push(`WKST=${days[next(7)]}`);
    yield parts.join(';');
  }
}

describe('fast RRULE path', () => {
  it('agrees with the general walker on 400 generated rules in three zones, across DST', () => {
    const zones = ['Europe/Zurich', 'America/New_York', 'Australia/Sydney'];
    let i = 0;
    for (const rule of rules(400)) {
      const zone = zones[i % 3]!;
      const start = ['20260125T093000', '20260329T023000', '20261031T013000', '20260131T180000'][i % 4]!;
      const text = [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//t//EN',
        'BEGIN:VEVENT',
        `UID:r${i}@t`,
        'DTSTAMP:20260101T000000Z',
        `DTSTART;TZID=${zone}:${start}`,
        'DURATION:PT1H',
        `RRULE:${rule}`,
        `SUMMARY:${rule}`,
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n');
      const [fast, slow] = both(text, Date.parse('2026-06-01T00:00:00Z'), Date.parse('2027-06-01T00:00:00Z'));
      expect(fast, `${zone} ${start} ${rule}`).toEqual(slow);
      i++;
    }
  });

  const corpus = join(import.meta.dirname, '..', '..', '..', 'shared', 'calendars');
  it.runIf(existsSync(corpus))(
    'agrees with the general walker on every file of the shared corpus',
    () => {
      let files = 0;
      for (const name of (readdirSync(corpus, { recursive: true }) as string[]).filter((f) => f.endsWith('.ics'))) {
        const text = readFileSync(join(corpus, name), 'utf8');
        let result: [string[], string[]];
        try {
          result = both(text, Date.parse('2000-01-01T00:00:00Z'), Date.parse('2030-01-01T00:00:00Z'));
        } catch {
          continue;
        }
        expect(result[0], name).toEqual(result[1]);
        files++;
      }
      expect(files).toBeGreaterThan(100);
    },
    120_000,
  );
});
