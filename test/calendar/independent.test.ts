/**
 * `herald occurrences` against a second, independent implementation (luxon only, written here for
 * the subset generated): random calendars with recurrence in five zones, EXDATEs and moved
 * instances must give exactly the same JSON lines.
 */
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { expandOccurrences, isoZ } from '../../src/calendar/expand.ts';
import { parseCalendar } from '../../src/calendar/parse.ts';
import { occurrenceJson } from '../../src/cli/commands/occurrences.ts';

function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const zones = ['Europe/Zurich', 'America/New_York', 'Australia/Sydney', 'Asia/Tokyo', 'UTC'];
const days = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

interface Spec {
  uid: string;
  zone: string;
  start: DateTime; // local
  minutes: number;
  freq: 'DAILY' | 'WEEKLY' | 'MONTHLY';
  interval: number;
  byday: number[] | null; // 1..7 (luxon weekday)
  count: number | null;
  until: DateTime | null; // UTC
  exdates: DateTime[]; // local
  moved: { original: DateTime; to: DateTime } | null;
}

const local = (d: DateTime) => d.toFormat("yyyyLLdd'T'HHmmss");
const dt = (d: DateTime, zone: string) => (zone === 'UTC' ? `:${local(d)}Z` : `;TZID=${zone}:${local(d)}`);

function toIcs(specs: Spec[]): string {
  const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//independent//EN'];
  for (const s of specs) {
    const rule = [
      `FREQ=${s.freq}`,
      `INTERVAL=${s.interval}`,
      s.byday ? `BYDAY=${s.byday.map((d) => days[d - 1]).join(',')}` : '',
      s.count ? `COUNT=${s.count}` : '',
      s.until ? `UNTIL=${s.until.toUTC().toFormat("yyyyLLdd'T'HHmmss'Z'")}` : '',
    ]
      .filter(Boolean)
      .join(';');
    lines.push(
      'BEGIN:VEVENT',
      `UID:${s.uid}`,
      'DTSTAMP:20260101T000000Z',
      `DTSTART${dt(s.start, s.zone)}`,
      `DURATION:PT${s.minutes}M`,
      `RRULE:${rule}`,
      `SUMMARY:${s.uid}`,
    );
    for (const x of s.exdates) lines.push(`EXDATE${dt(x, s.zone)}`);
    lines.push('END:VEVENT');
    if (s.moved)
      lines.push(
        'BEGIN:VEVENT',
        `UID:${s.uid}`,
        'DTSTAMP:20260101T000000Z',
        `RECURRENCE-ID${dt(s.moved.original, s.zone)}`,
        `DTSTART${dt(s.moved.to, s.zone)}`,
        `DURATION:PT${s.minutes}M`,
        `SUMMARY:${s.uid} moved`,
        'END:VEVENT',
      );
  }
  lines.push('END:VCALENDAR', '');
  return lines.join('\r\n');
}

/** The second implementation: step the local wall clock by the rule, then place each on the time line. */
function reference(specs: Spec[], fromMs: number, toMs: number): string[] {
  const out: { start: number; uid: string; line: string }[] = [];
  for (const s of specs) {
    const instances: DateTime[] = [];
    const untilMs = s.until?.toMillis() ?? Infinity;
    const limit = s.count ?? Infinity;
    for (let k = 0; instances.length < limit && k < 2000; k++) {
      let batch: DateTime[] = [];
      if (s.freq === 'DAILY') batch = [s.start.plus({ days: k * s.interval })];
      else if (s.freq === 'MONTHLY') {
        const m = s.start.startOf('month').plus({ months: k * s.interval });
        if (s.start.day <= m.daysInMonth!) batch = [m.set({ day: s.start.day, hour: s.start.hour, minute: s.start.minute })];
      } else {
        const weekStart = s.start.startOf('week').plus({ weeks: k * s.interval });
        batch = (s.byday ?? [s.start.weekday]).map((wd) => weekStart.plus({ days: wd - 1 }).set({ hour: s.start.hour, minute: s.start.minute }));
        batch = batch.filter((d) => d >= s.start.startOf('minute'));
      }
      let stop = false;
      for (const d of batch) {
        const wall = DateTime.fromObject({ year: d.year, month: d.month, day: d.day, hour: d.hour, minute: d.minute }, { zone: s.zone });
        if (wall.toMillis() > untilMs) {
          stop = true;
          break;
        }
        if (instances.length < limit) instances.push(wall);
      }
      if (stop || instances.length >= limit || (instances.at(-1)?.toMillis() ?? 0) > toMs + 86_400_000 * 40) break;
    }
    for (const inst of instances) {
      if (s.exdates.some((x) => x.toMillis() === inst.toMillis())) continue;
      const isMoved = s.moved && s.moved.original.toMillis() === inst.toMillis();
      const start = isMoved ? s.moved!.to : inst;
      const startMs = start.toMillis();
      const endMs = startMs + s.minutes * 60_000;
      if (!(startMs < toMs && endMs > fromMs)) continue;
      const line = JSON.stringify({
        uid: s.uid,
        recurrence_id: isoZ(inst.toMillis()),
        start: isoZ(startMs),
        end: isoZ(endMs),
        all_day: false,
        summary: isMoved ? `${s.uid} moved` : s.uid,
      });
      out.push({ start: startMs, uid: s.uid, line });
    }
  }
  return out.sort((a, b) => a.start - b.start || (a.uid < b.uid ? -1 : 1)).map((o) => o.line);
}

function randomSpecs(random: () => number, n: number): Spec[] {
  const pick = <T>(xs: T[]) => xs[Math.floor(random() * xs.length)]!;
  return Array.from({ length: n }, (_, i) => {
    const zone = pick(zones);
    const freq = pick(['DAILY', 'WEEKLY', 'MONTHLY'] as const);
    // Hours 06–21: real DST changes happen at night, so no instance is ambiguous here.
    const start = DateTime.fromObject(
      {
        year: 2026,
        month: 1 + Math.floor(random() * 12),
        day: 1 + Math.floor(random() * 28),
        hour: 6 + Math.floor(random() * 16),
        minute: pick([0, 15, 30, 45]),
      },
      { zone },
    );
    let byday: number[] | null = null;
    if (freq === 'WEEKLY' && random() < 0.6) {
      byday = [...new Set([start.weekday, ...Array.from({ length: Math.floor(random() * 3) }, () => 1 + Math.floor(random() * 7))])].sort();
    }
    const end = random();
    const count = end < 0.35 ? 2 + Math.floor(random() * 30) : null;
    const until = end >= 0.35 && end < 0.7 ? start.plus({ days: 10 + Math.floor(random() * 200) }).toUTC() : null;
    const spec: Spec = {
      uid: `ev${i}`,
      zone,
      start,
      minutes: pick([30, 45, 60, 90]),
      freq,
      interval: 1 + Math.floor(random() * 3),
      byday,
      count,
      until,
      exdates: [],
      moved: null,
    };
    const generated = reference([spec], -Infinity, Infinity).map((l) => JSON.parse(l) as { start: string });
    if (generated.length > 2) {
      const ex = generated[1 + Math.floor(random() * (generated.length - 1))]!;
      spec.exdates.push(DateTime.fromISO(ex.start, { zone }));
      const mv = generated[Math.floor(random() * generated.length)]!;
      const original = DateTime.fromISO(mv.start, { zone });
      if (!spec.exdates.some((x) => x.toMillis() === original.toMillis())) spec.moved = { original, to: original.plus({ minutes: 90 }) };
    }
    return spec;
  });
}

describe('agreement with an independent implementation', () => {
  it.each(Array.from({ length: 40 }, (_, i) => i + 1))('random calendar #%i', (seed) => {
    const random = prng(seed * 7919);
    const specs = randomSpecs(random, 6);
    const fromMs = Date.parse('2026-02-01T00:00:00Z') + Math.floor(random() * 120) * 86_400_000;
    const toMs = fromMs + (7 + Math.floor(random() * 180)) * 86_400_000;
    const text = toIcs(specs);
    const ours = expandOccurrences(parseCalendar(text), { fromMs, toMs }).occurrences.map(occurrenceJson);
    const theirs = reference(specs, fromMs, toMs);
    expect(ours, text).toEqual(theirs);
  });
});
