/** The calendar benchmarks' synthetic year and the bare ical.js loop they compare with. */
import ICAL from 'ical.js';

const zones = ['Europe/Zurich', 'America/New_York', 'Australia/Sydney', 'Asia/Tokyo', 'UTC'];
export const yearStart = Date.parse('2026-01-01T00:00:00Z');
export const yearEnd = Date.parse('2027-01-01T00:00:00Z');

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
export function bareIcalExpansion(text: string): number {
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
