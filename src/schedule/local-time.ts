import { DateTime } from 'luxon';

/**
 * The instant a local time of day happens on a local date, the way people expect of an alarm
 * clock: a time that does not exist that day (02:30 when clocks jump from 02:00 to 03:00) happens
 * at the first valid instant after it (03:00); a time that happens twice (fall-back) happens once,
 * the first time.
 */
export function localTimeOn(date: string, time: string, zone: string): number {
  const [h, m] = time.split(':').map(Number) as [number, number];
  const [y, mo, d] = date.split('-').map(Number) as [number, number, number];
  const dt = DateTime.fromObject({ year: y, month: mo, day: d, hour: h, minute: m }, { zone });
  if (dt.hour !== h || dt.minute !== m) {
    // In a gap: luxon reads the time with the offset before the gap. The first valid instant after
    // it is the transition itself; find it between "an hour-sized gap earlier" and that reading.
    const zoneObj = dt.zone;
    let lo = dt.toMillis() - 6 * 3_600_000;
    let hi = dt.toMillis();
    const before = zoneObj.offset(lo);
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (zoneObj.offset(mid) === before) lo = mid;
      else hi = mid;
    }
    return hi;
  }
  const earlier = dt.minus({ hours: 1 });
  if (earlier.hour === h && earlier.minute === m && earlier.offset !== dt.offset) return earlier.toMillis();
  return dt.toMillis();
}

/** "YYYY-MM-DD" of an instant in a zone. */
export function localDate(ms: number, zone: string): string {
  return DateTime.fromMillis(ms, { zone }).toISODate()!;
}

export function addDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'UTC' }).plus({ days }).toISODate()!;
}

/** Local midnight starting a date, as an instant. */
export function startOfLocalDay(date: string, zone: string): number {
  return DateTime.fromISO(date, { zone }).startOf('day').toMillis();
}

const weekdayNames = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export function weekdayOf(date: string): (typeof weekdayNames)[number] {
  return weekdayNames[DateTime.fromISO(date, { zone: 'UTC' }).weekday - 1]!;
}
