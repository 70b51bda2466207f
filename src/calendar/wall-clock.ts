/**
 * Calendar arithmetic on integers, for the recurrence fast path (fast-rule.ts): days counted from
 * 1970-01-01 in the proleptic Gregorian calendar, with no Date object built per step.
 */
import type { Wall } from './zones.ts';

export const dayMs = 86_400_000;

/** Days since 1970-01-01 of a civil date (month 1–12); H. Hinnant's days_from_civil. */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = (month + 9) % 12;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

/** The civil date of a day number (the inverse of `daysFromCivil`). */
export function civilFromDays(days: number): { year: number; month: number; day: number } {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

/** 0 = Sunday … 6 = Saturday (1970-01-01 was a Thursday). */
export const weekdayOf = (days: number) => (((days + 4) % 7) + 7) % 7;

export const isLeapYear = (y: number) => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;

const monthLengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export const daysInMonth = (y: number, m: number) => (m === 2 && isLeapYear(y) ? 29 : monthLengths[m - 1]!);

/** A wall-clock reading from a day number and seconds into the day. */
export function wallAt(days: number, secondOfDay: number): Wall {
  const { year, month, day } = civilFromDays(days);
  return { year, month, day, hour: Math.floor(secondOfDay / 3600), minute: Math.floor(secondOfDay / 60) % 60, second: secondOfDay % 60 };
}

const pad2 = (n: number) => (n < 10 ? `0${n}` : String(n));

/** "YYYY-MM-DDTHH:MM:SSZ" of an instant: what `toISOString` gives, without its milliseconds, for years 0–9999. */
export function isoSeconds(ms: number): string {
  const days = Math.floor(ms / dayMs);
  const { year, month, day } = civilFromDays(days);
  if (year < 0 || year > 9999) return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const sec = Math.floor((ms - days * dayMs) / 1000);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}T${pad2(Math.floor(sec / 3600))}:${pad2(Math.floor(sec / 60) % 60)}:${pad2(sec % 60)}Z`;
}
